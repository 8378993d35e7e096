// A cmark-gfm document tree with the GitHub extensions attached, owned RAII
// style, plus the node queries the rest of the module shares.
#pragma once

#include <cmark-gfm.h>

#include <string>
#include <string_view>
#include <vector>

namespace portal {

class CmarkTree {
 public:
  // Parses `markdown` (GFM: tables, strikethrough, autolinks, task lists,
  // footnotes, tagfilter; smart punctuation off). Never fails: invalid UTF-8
  // and NUL bytes become U+FFFD. `valid_utf8`: the caller has checked the
  // text already (the loader refuses invalid UTF-8), so cmark skips its own
  // pass over every byte.
  explicit CmarkTree(std::string_view markdown, bool valid_utf8 = false);
  ~CmarkTree();
  CmarkTree(const CmarkTree&) = delete;
  CmarkTree& operator=(const CmarkTree&) = delete;

  // The document node; owned by this tree.
  cmark_node* root() const { return root_; }

  // HTML for `node` and its subtree (the whole document by default). Raw
  // HTML nodes still in the tree pass through, filtered by tagfilter.
  std::string RenderHtml(cmark_node* node = nullptr) const;

 private:
  cmark_parser* parser_;
  cmark_node* root_;
};

// Every node of `type` under `root`, in document order. Collect first, then
// change the tree: cmark iterators must not outlive a mutation.
std::vector<cmark_node*> NodesOfType(cmark_node* root, cmark_node_type type);

// True for block nodes, including the table extension's table/row/cell.
bool IsBlock(cmark_node* node);

// True when `node` is of the extension type `name` ("table", "table_row",
// "table_cell", "strikethrough"), whose type ids are only known at runtime.
bool IsExtensionNode(cmark_node* node, std::string_view name);

// The nearest ancestor-or-self of `node` that is a block.
cmark_node* EnclosingBlock(cmark_node* node);

// The node's literal text, or "" when it has none.
std::string_view Literal(cmark_node* node);

}  // namespace portal
