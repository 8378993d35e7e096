#include "markdown/heading_anchors.h"

#include "base/escape.h"
#include "markdown/plain_text.h"

namespace portal {
namespace {

// The inline HTML of a heading: its own rendering minus "<hN>" and "</hN>\n".
std::string InnerHtml(const CmarkTree& tree, cmark_node* heading) {
  std::string html = tree.RenderHtml(heading);
  size_t open_end = html.find('>');
  size_t close = html.rfind("</h");
  if (open_end == std::string::npos || close == std::string::npos || close <= open_end) return "";
  return html.substr(open_end + 1, close - open_end - 1);
}

}  // namespace

std::string UniqueIds::Claim(const std::string& base) {
  std::string id = base;
  if (used_.count(id)) {
    int& n = next_suffix_[base];
    do {
      id = base + "-" + std::to_string(++n);
    } while (used_.count(id));
  }
  used_.insert(id);
  return id;
}

std::vector<Heading> CollectHeadings(cmark_node* root) {
  std::vector<Heading> headings;
  UniqueIds ids;
  for (cmark_node* node : NodesOfType(root, CMARK_NODE_HEADING)) {
    Heading h;
    h.level = cmark_node_get_heading_level(node);
    h.text = PlainText(node);
    h.id = ids.Claim(HeadingId(h.text));
    headings.push_back(std::move(h));
  }
  return headings;
}

void AnchorHeadings(const CmarkTree& tree, const std::vector<Heading>& headings) {
  std::vector<cmark_node*> nodes = NodesOfType(tree.root(), CMARK_NODE_HEADING);
  for (size_t i = 0; i < nodes.size() && i < headings.size(); ++i) {
    const Heading& h = headings[i];
    std::string tag(1, 'h');  // not "h" + ...: GCC 12 -O3 -Wrestrict false positive
    tag += std::to_string(h.level);
    std::string id = EscapeHtml(h.id);
    std::string html = "<" + tag + " id=\"" + id + "\">" + InnerHtml(tree, nodes[i]) +
                       "<a class=\"anchor\" href=\"#" + id + "\" aria-label=\"本节链接\">#</a></" +
                       tag + ">";
    cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(block, html.c_str());
    cmark_node_insert_before(nodes[i], block);
    cmark_node_free(nodes[i]);
  }
}

}  // namespace portal
