#include "markdown/phone_layout.h"

#include <string_view>
#include <vector>

namespace portal {

void WrapTables(cmark_node* root) {
  std::vector<cmark_node*> tables;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER && IsExtensionNode(node, "table")) tables.push_back(node);
  }
  cmark_iter_free(iter);
  for (cmark_node* table : tables) {
    cmark_node* wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(wrapper, "<div class=\"table-scroll\">");
    cmark_node_set_on_exit(wrapper, "</div>");
    cmark_node_insert_before(table, wrapper);
    cmark_node_append_child(wrapper, table);  // unlinks the table first
  }
}

std::string LazyLoadImages(const std::string& html) {
  // With raw HTML escaped this exact prefix only comes from cmark; with raw
  // HTML allowed, the author's own <img src= tags gain lazy loading too.
  constexpr std::string_view kTag = "<img src=\"";
  std::string out;
  out.reserve(html.size());
  size_t start = 0;
  for (size_t hit; (hit = html.find(kTag, start)) != std::string::npos; start = hit + kTag.size()) {
    out.append(html, start, hit - start);
    out.append("<img loading=\"lazy\" src=\"");
  }
  out.append(html, start, std::string::npos);
  return out;
}

}  // namespace portal
