#include "markdown/url_policy.h"

#include <string>

#include "markdown/cmark_tree.h"

namespace portal {
namespace {

// The URL without ASCII whitespace/control characters, lowercased: enough
// to read the scheme the way a browser would ("Java\tScript:" -> "javascript:").
std::string CanonicalPrefix(std::string_view url) {
  std::string out;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) continue;
    out.push_back(static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u));
    if (out.size() >= 32) break;  // long enough for any scheme we check
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool IsDangerousUrl(std::string_view url) {
  std::string u = CanonicalPrefix(url);
  if (StartsWith(u, "javascript:") || StartsWith(u, "vbscript:")) return true;
  if (!StartsWith(u, "data:")) return false;
  for (std::string_view image : {"data:image/png", "data:image/gif", "data:image/jpeg",
                                 "data:image/webp"}) {
    if (StartsWith(u, image) && u.size() > image.size() &&
        (u[image.size()] == ';' || u[image.size()] == ',')) {
      return false;
    }
  }
  return true;
}

void NeutralizeDangerousUrls(cmark_node* root) {
  for (cmark_node_type type : {CMARK_NODE_LINK, CMARK_NODE_IMAGE}) {
    for (cmark_node* node : NodesOfType(root, type)) {
      const char* url = cmark_node_get_url(node);
      if (url && IsDangerousUrl(url)) cmark_node_set_url(node, "");
    }
  }
}

}  // namespace portal
