#include "site/page_path.h"

#include <cctype>

#include "text/chinese.h"

namespace portal {

namespace {
bool IsPlainAscii(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return s != "." && s != "..";
}
}  // namespace

std::string SegmentSlug(std::string_view name, std::string_view fallback) {
  std::string out;
  if (IsPlainAscii(name)) {
    for (unsigned char c : name) out.push_back(static_cast<char>(std::tolower(c)));
    // Leading dots would make hidden folders; trim them.
    while (!out.empty() && out[0] == '.') out.erase(0, 1);
  } else {
    out = Slugify(name);
  }
  if (out.size() > 120) out.resize(120);
  return out.empty() ? std::string(fallback) : out;
}

bool PagePath(const std::string& section, const std::vector<std::string>& folders,
              const std::string& stem, const std::string& explicit_slug, std::string* slug,
              std::string* url, std::string* error) {
  if (!explicit_slug.empty()) {
    for (unsigned char c : explicit_slug) {
      if (c < 0x20 || c == 0x7F) {
        *error = "slug contains a control character";
        return false;
      }
    }
    if (explicit_slug.find('/') != std::string::npos || explicit_slug.find('\\') != std::string::npos ||
        explicit_slug == "." || explicit_slug == ".." || explicit_slug.find("..") == 0) {
      *error = "slug '" + explicit_slug + "' would leave its folder";
      return false;
    }
    if (explicit_slug.size() > 200) {
      *error = "slug is longer than 200 bytes";
      return false;
    }
    *slug = SegmentSlug(explicit_slug, "page");
  } else {
    *slug = SegmentSlug(stem, "page");
  }
  std::string u = "/" + section + "/";
  for (const std::string& f : folders) u += SegmentSlug(f, "folder") + "/";
  u += *slug + "/";
  *url = u;
  return true;
}

int FindKeyLine(std::string_view text, std::string_view key) {
  if (text.substr(0, 3) != "---") return 0;
  int line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line > 1 && (l == "---" || l == "...")) return 0;
    if (l.size() > key.size() && l.substr(0, key.size()) == key && l[key.size()] == ':') return line;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  return 0;
}

}  // namespace portal
