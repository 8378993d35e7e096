// RenderMarkdown: the pipeline from Markdown text to everything a page needs.
#include "markdown/markdown.h"

#include "base/escape.h"
#include "markdown/cmark_tree.h"
#include "markdown/heading_anchors.h"
#include "markdown/hostile_input.h"
#include "markdown/line_joining.h"
#include "markdown/more_marker.h"
#include "markdown/paragraph_anchors.h"
#include "markdown/phone_layout.h"
#include "markdown/plain_text.h"
#include "markdown/raw_html.h"
#include "markdown/references.h"
#include "markdown/text_stats.h"
#include "markdown/url_policy.h"

namespace portal {
namespace {

// Text facts come from the tree before raw HTML is escaped into text, so
// tags never count as words, summary text or heading text.
void DescribeText(cmark_node* root, RenderedMarkdown* out) {
  out->plain_text = PlainText(root);
  out->headings = CollectHeadings(root);
  for (const Heading& h : out->headings) {
    if (h.level >= 2 && h.level <= 4) out->toc.push_back(h);
  }
  out->images = CollectImages(root);
  out->links = CollectLinks(root);
  TextStats stats = CountText(out->plain_text);
  out->char_count = stats.cjk_characters + stats.words;
  out->reading_minutes = ReadingMinutes(stats);
}

std::string Trimmed(const std::string& s) {
  size_t begin = s.find_first_not_of(" \n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \n") - begin + 1);
}

}  // namespace

RenderedMarkdown RenderMarkdown(std::string_view markdown, const MarkdownOptions& options) {
  CmarkTree tree(DefuseHostileMarkdown(markdown), options.valid_utf8);
  cmark_node* root = tree.root();
  RenderedMarkdown out;
  NeutralizeDangerousUrls(root);
  cmark_node* more = ReplaceMoreMarkers(root);
  DescribeText(root, &out);
  std::string text_before_more = more ? PlainText(root, more) : "";

  if (!options.unsafe_html) EscapeRawHtml(root);
  std::vector<ParagraphSwap> swaps;
  if (options.anchor_paragraphs) swaps = AnchorParagraphs(tree, out.headings, &out);
  AnchorHeadings(tree, out.headings);
  WrapTables(root);
  out.html = LazyLoadImages(tree.RenderHtml());
  if (!swaps.empty()) out.html = PutParagraphIds(out.html, swaps);
  RestoreParagraphs(swaps);  // summaries carry no paragraph ids

  if (more) {
    CutAtMarker(root, more);  // the full page is rendered; now keep the summary part
    out.summary_html = LazyLoadImages(tree.RenderHtml());
    out.summary_text = Trimmed(CollapseNewlines(text_before_more));
    out.summary_from_more = true;
  } else {
    out.summary_text = AutoSummary(out.plain_text, options.summary_length);
    if (!out.summary_text.empty()) out.summary_html = "<p>" + EscapeHtml(out.summary_text) + "</p>";
  }
  return out;
}

}  // namespace portal
