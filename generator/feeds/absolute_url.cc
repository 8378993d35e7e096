#include <string>

#include "feeds/feeds.h"

namespace portal {

std::string AbsoluteUrl(const SiteConfig& config, const std::string& site_path) {
  std::string url = config.base_url;
  if (url.empty() || url.back() != '/') url.push_back('/');
  size_t start = site_path.find_first_not_of('/');
  if (start == std::string::npos) return url;
  static const char* kHex = "0123456789ABCDEF";
  // Only what a URL cannot hold is encoded; '?', '#', '%' and '&' are kept
  // because a site path may carry a query or fragment on purpose.
  for (size_t i = start; i < site_path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(site_path[i]);
    bool keep = c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' &&
                c != '`' && c != '{' && c != '|' && c != '}';
    if (keep) {
      url.push_back(static_cast<char>(c));
    } else {
      url.push_back('%');
      url.push_back(kHex[c >> 4]);
      url.push_back(kHex[c & 15]);
    }
  }
  return url;
}

}  // namespace portal
