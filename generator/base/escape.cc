#include "base/escape.h"

#include <cctype>

namespace portal {

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string SafeUrl(std::string_view url) {
  // Find a scheme: letters, digits, + - . before the first ':' that comes
  // before any '/', '?' or '#'. Control characters and spaces are ignored the
  // way browsers ignore them ("java\tscript:").
  std::string cleaned;
  for (char c : url) {
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) cleaned.push_back(c);
  }
  size_t colon = cleaned.find(':');
  size_t stop = cleaned.find_first_of("/?#");
  if (colon != std::string::npos && (stop == std::string::npos || colon < stop)) {
    std::string scheme;
    for (size_t i = 0; i < colon; ++i) scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(cleaned[i]))));
    if (scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel") return "";
  }
  return std::string(url);
}

std::string PercentEncodePath(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string JsonForWeb(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (char c : json_text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string StripTags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (c == '&') {
      size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) {
        std::string_view ent = html.substr(i + 1, semi - i - 1);
        const char* rep = nullptr;
        if (ent == "amp") rep = "&";
        else if (ent == "lt") rep = "<";
        else if (ent == "gt") rep = ">";
        else if (ent == "quot") rep = "\"";
        else if (ent == "#39" || ent == "apos") rep = "'";
        else if (ent == "nbsp") rep = " ";
        if (rep) {
          out += rep;
          i = semi + 1;
          continue;
        }
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace portal
