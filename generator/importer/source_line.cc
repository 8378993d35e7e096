#include "importer/source_line.h"

namespace portal::importer {
namespace {

// Byte length of a space at the start of `s`, or 0.
size_t SpaceAtStart(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] == ' ' || s[0] == '\t' || s[0] == '\f' || s[0] == '\v') return 1;
  if (s.substr(0, 3) == "\xE3\x80\x80") return 3;  // U+3000
  if (s.substr(0, 2) == "\xC2\xA0") return 2;      // U+00A0
  return 0;
}

size_t SpaceAtEnd(std::string_view s) {
  if (s.empty()) return 0;
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\f' || c == '\v') return 1;
  if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return 3;
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return 2;
  return 0;
}

}  // namespace

std::string_view TrimSpaces(std::string_view s) {
  for (size_t n; (n = SpaceAtStart(s)) > 0;) s.remove_prefix(n);
  for (size_t n; (n = SpaceAtEnd(s)) > 0;) s.remove_suffix(n);
  return s;
}

std::vector<SourceLine> SplitTextLines(std::string_view text) {
  std::vector<SourceLine> lines;
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    SourceLine l;
    l.text = std::string(TrimSpaces(line));
    l.line = ++number;
    lines.push_back(std::move(l));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace portal::importer
