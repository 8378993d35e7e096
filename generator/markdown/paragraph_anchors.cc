#include "markdown/paragraph_anchors.h"

#include <cstdint>
#include <cstdio>

#include "base/escape.h"
#include "markdown/heading_anchors.h"
#include "markdown/plain_text.h"

namespace portal {
namespace {

// Rendered right after "<p>" of an anchored paragraph, then replaced by the
// id: one render of the whole page instead of one per paragraph.
constexpr const char* kMarker = "\x1A\x1Aportal-paragraph-anchor\x1A\x1A";

bool InFootnote(cmark_node* node) {
  for (cmark_node* n = cmark_node_parent(node); n; n = cmark_node_parent(n)) {
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) return true;
  }
  return false;
}

}  // namespace

std::string ParagraphId(std::string_view text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    h ^= c;
    h *= 16777619u;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "p-%06x", static_cast<unsigned>((h ^ (h >> 24)) & 0xffffff));
  return buf;
}

std::vector<ParagraphSwap> AnchorParagraphs(const CmarkTree& tree, const std::vector<Heading>& headings,
                                            RenderedMarkdown* out) {
  UniqueIds ids;
  for (const Heading& h : headings) ids.Claim(h.id);
  std::vector<TextSpan> spans;
  std::string text = PlainTextWithSpans(tree.root(), &spans);
  std::vector<std::pair<cmark_node*, std::string>> to_anchor;
  size_t heading_index = 0;
  int32_t last_anchor = -1;
  for (const TextSpan& span : spans) {
    cmark_node* node = span.node;
    std::string_view own(text.data() + span.begin, span.end - span.begin);
    TextBlock b;
    b.begin = span.begin;
    b.end = span.end;
    int32_t self = static_cast<int32_t>(out->blocks.size());
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
      b.heading_level = cmark_node_get_heading_level(node);
      if (heading_index < headings.size()) b.id = headings[heading_index++].id;
      last_anchor = b.id.empty() ? -1 : self;
    } else if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH) {
      if (InFootnote(node)) continue;
      cmark_node* parent = cmark_node_parent(node);
      cmark_node* grand = parent ? cmark_node_parent(parent) : nullptr;
      bool tight = grand && cmark_node_get_type(grand) == CMARK_NODE_LIST && cmark_node_get_list_tight(grand);
      if (!tight) {
        b.id = ids.Claim(ParagraphId(own));
        last_anchor = self;
        to_anchor.emplace_back(node, b.id);
      }
    }
    // table rows: their text is found (terms) and points at the paragraph before
    b.anchor_block = last_anchor;
    out->blocks.push_back(std::move(b));
  }
  if (text != out->plain_text) out->display_text = std::move(text);

  std::vector<ParagraphSwap> swaps;
  for (auto& [node, id] : to_anchor) {
    cmark_node* marker = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(marker, kMarker);
    cmark_node_prepend_child(node, marker);
    swaps.push_back({node, marker, id});
  }
  return swaps;
}

std::string PutParagraphIds(const std::string& html, const std::vector<ParagraphSwap>& swaps) {
  static const std::string kOpen = std::string("<p>") + kMarker;
  std::string out;
  out.reserve(html.size() + swaps.size() * 12);
  size_t start = 0, i = 0;
  for (size_t hit; (hit = html.find(kOpen, start)) != std::string::npos; start = hit + kOpen.size()) {
    out.append(html, start, hit - start);
    out += i < swaps.size() ? "<p id=\"" + EscapeHtml(swaps[i++].id) + "\">" : "<p>";
  }
  out.append(html, start, std::string::npos);
  return out;
}

void RestoreParagraphs(const std::vector<ParagraphSwap>& swaps) {
  for (const ParagraphSwap& s : swaps) cmark_node_free(s.marker);
}

}  // namespace portal
