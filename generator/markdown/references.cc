#include "markdown/references.h"


namespace portal {
namespace {

// Nodes the extensions create may lack a position; their block has one.
int SourceLine(cmark_node* node) {
  for (cmark_node* n = node; n; n = cmark_node_parent(n)) {
    if (int line = cmark_node_get_start_line(n); line > 0) return line;
  }
  return 0;
}

std::string Url(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  return url ? url : "";
}

// Alt text as the renderer writes it: the image's own text, nothing else.
std::string AltText(cmark_node* image) {
  std::string alt;
  cmark_iter* iter = cmark_iter_new(image);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event != CMARK_EVENT_ENTER || node == image) continue;
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE) {
      alt.append(Literal(node));
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      alt.push_back(' ');
    }
  }
  cmark_iter_free(iter);
  return alt;
}

}  // namespace

std::vector<ImageRef> CollectImages(cmark_node* root) {
  std::vector<ImageRef> images;
  for (cmark_node* node : NodesOfType(root, CMARK_NODE_IMAGE)) {
    images.push_back({Url(node), AltText(node), SourceLine(node)});
  }
  return images;
}

std::vector<LinkRef> CollectLinks(cmark_node* root) {
  std::vector<LinkRef> links;
  for (cmark_node* node : NodesOfType(root, CMARK_NODE_LINK)) {
    links.push_back({Url(node), SourceLine(node)});
  }
  return links;
}

}  // namespace portal
