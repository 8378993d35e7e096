#include "markdown/more_marker.h"

#include <string>
#include <string_view>
#include <vector>

#include "markdown/cmark_tree.h"

namespace portal {
namespace {

// "<!--more-->", ignoring case and whitespace ("<!-- More -->" counts).
bool IsMoreMarker(std::string_view literal) {
  std::string squeezed;
  for (char c : literal) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    squeezed.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    if (squeezed.size() > 11) return false;
  }
  return squeezed == "<!--more-->";
}

bool InsideHeading(cmark_node* node) {
  cmark_node* block = EnclosingBlock(node);
  return block && cmark_node_get_type(block) == CMARK_NODE_HEADING;
}

// Raw HTML blocks and inlines together, in document order.
std::vector<cmark_node*> RawHtmlNodes(cmark_node* root) {
  std::vector<cmark_node*> nodes;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) nodes.push_back(node);
  }
  cmark_iter_free(iter);
  return nodes;
}

// A paragraph left ending in a line break, or empty, by the cut is tidied.
void TidyParagraph(cmark_node* paragraph) {
  if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) return;
  cmark_node* last;
  while ((last = cmark_node_last_child(paragraph)) &&
         (cmark_node_get_type(last) == CMARK_NODE_SOFTBREAK ||
          cmark_node_get_type(last) == CMARK_NODE_LINEBREAK)) {
    cmark_node_free(last);
  }
  if (!cmark_node_first_child(paragraph)) cmark_node_free(paragraph);
}

}  // namespace

cmark_node* ReplaceMoreMarkers(cmark_node* root) {
  cmark_node* first = nullptr;
  for (cmark_node* node : RawHtmlNodes(root)) {
    if (!IsMoreMarker(Literal(node))) continue;
    if (InsideHeading(node)) {
      cmark_node_free(node);
      continue;
    }
    // An empty text node renders nothing and is allowed wherever inlines
    // are (table cells refuse custom inlines).
    bool block = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK;
    cmark_node* placeholder = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_TEXT);
    if (!cmark_node_insert_before(node, placeholder)) {
      cmark_node_free(placeholder);
      placeholder = nullptr;
    }
    cmark_node_free(node);
    if (!first) first = placeholder;
  }
  return first;
}

void CutAtMarker(cmark_node* root, cmark_node* marker) {
  for (cmark_node* node = marker; node && node != root; node = cmark_node_parent(node)) {
    while (cmark_node* next = cmark_node_next(node)) cmark_node_free(next);
  }
  cmark_node* parent = cmark_node_parent(marker);
  cmark_node_free(marker);
  TidyParagraph(parent);
  // Their notes were cut, and a summary shown elsewhere has no notes anyway.
  for (cmark_node* ref : NodesOfType(root, CMARK_NODE_FOOTNOTE_REFERENCE)) cmark_node_free(ref);
}

}  // namespace portal
