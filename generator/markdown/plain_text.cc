#include "markdown/plain_text.h"

#include <algorithm>
#include <string_view>

#include "markdown/cmark_tree.h"
#include "markdown/line_joining.h"

namespace portal {
namespace {

// Accumulates text, holding a soft line break until the next text shows
// whether the break joins two CJK characters.
class PlainTextBuilder {
 public:
  void StartBlock() {
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
    pending_soft_break_ = false;
  }
  void SoftBreak() { pending_soft_break_ = true; }
  void HardBreak() {
    out_.push_back('\n');
    pending_soft_break_ = false;
  }
  void Separator() {
    if (!out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_.push_back(' ');
  }
  void Text(std::string_view text) {
    if (pending_soft_break_) {
      AppendWrappedLine(&out_, text);
      pending_soft_break_ = false;
    } else {
      out_.append(text);
    }
  }
  std::string Finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    out_.shrink_to_fit();  // kept for the whole build: no growth slack
    return std::move(out_);
  }
  size_t size() const { return out_.size(); }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
  bool pending_soft_break_ = false;
};

bool StartsTextBlock(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      return true;
    default:
      return IsExtensionNode(node, "table_row") || IsExtensionNode(node, "table_header");
  }
}

// Block starts seen by Visit: (node, offset of its first byte).
using BlockStarts = std::vector<std::pair<cmark_node*, uint32_t>>;

void Visit(cmark_node* node, PlainTextBuilder* text, BlockStarts* starts = nullptr) {
  if (StartsTextBlock(node)) {
    text->StartBlock();
    if (starts) starts->emplace_back(node, static_cast<uint32_t>(text->size()));
  }
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      text->Text(Literal(node));
      break;
    case CMARK_NODE_CODE_BLOCK: {
      std::string_view code = Literal(node);
      while (!code.empty() && code.back() == '\n') code.remove_suffix(1);
      text->Text(code);
      break;
    }
    case CMARK_NODE_SOFTBREAK:
      text->SoftBreak();
      break;
    case CMARK_NODE_LINEBREAK:
      text->HardBreak();
      break;
    default:
      if (IsExtensionNode(node, "table_cell") && cmark_node_previous(node)) text->Separator();
      break;
  }
}

bool IsSpanBlock(cmark_node* node) {
  cmark_node_type type = cmark_node_get_type(node);
  return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || IsExtensionNode(node, "table_row") ||
         IsExtensionNode(node, "table_header");
}

}  // namespace

std::string PlainTextWithSpans(cmark_node* root, std::vector<TextSpan>* spans) {
  PlainTextBuilder text;
  BlockStarts starts;
  int image_depth = 0;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (cmark_node_get_type(node) == CMARK_NODE_IMAGE) {
      image_depth += event == CMARK_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (event == CMARK_EVENT_ENTER && image_depth == 0) Visit(node, &text, &starts);
  }
  cmark_iter_free(iter);
  std::string out = text.Finish();
  // A block's text runs to the next block's start; PlainText(node) would
  // trim its trailing breaks and spaces, so the span does too.
  for (size_t i = 0; i < starts.size(); ++i) {
    if (!IsSpanBlock(starts[i].first)) continue;
    uint32_t begin = std::min<uint32_t>(starts[i].second, static_cast<uint32_t>(out.size()));
    uint32_t end = i + 1 < starts.size() ? starts[i + 1].second : static_cast<uint32_t>(out.size());
    end = std::min<uint32_t>(end, static_cast<uint32_t>(out.size()));
    while (end > begin && (out[end - 1] == '\n' || out[end - 1] == ' ')) --end;
    spans->push_back({starts[i].first, begin, end});
  }
  return out;
}

std::string PlainText(cmark_node* root, cmark_node* stop) {
  PlainTextBuilder text;
  int image_depth = 0;  // alt text is not page text
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (node == stop) break;
    if (cmark_node_get_type(node) == CMARK_NODE_IMAGE) {
      image_depth += event == CMARK_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (event == CMARK_EVENT_ENTER && image_depth == 0) Visit(node, &text);
  }
  cmark_iter_free(iter);
  return text.Finish();
}

}  // namespace portal
