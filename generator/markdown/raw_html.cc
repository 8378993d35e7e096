#include "markdown/raw_html.h"

#include <string>
#include <string_view>

#include "markdown/cmark_tree.h"

namespace portal {
namespace {

cmark_node* NewText(std::string_view literal) {
  cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(text, std::string(literal).c_str());
  return text;
}

cmark_node* ParagraphOfLines(std::string_view literal) {
  while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) {
    literal.remove_suffix(1);
  }
  cmark_node* paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
  size_t start = 0;
  while (true) {
    size_t end = literal.find('\n', start);
    cmark_node_append_child(paragraph, NewText(literal.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    cmark_node_append_child(paragraph, cmark_node_new(CMARK_NODE_LINEBREAK));
    start = end + 1;
  }
  return paragraph;
}

void ReplaceNode(cmark_node* old_node, cmark_node* new_node) {
  cmark_node_insert_before(old_node, new_node);
  cmark_node_free(old_node);
}

}  // namespace

void EscapeRawHtml(cmark_node* root) {
  for (cmark_node* block : NodesOfType(root, CMARK_NODE_HTML_BLOCK)) {
    ReplaceNode(block, ParagraphOfLines(Literal(block)));
  }
  for (cmark_node* tag : NodesOfType(root, CMARK_NODE_HTML_INLINE)) {
    ReplaceNode(tag, NewText(Literal(tag)));
  }
}

}  // namespace portal
