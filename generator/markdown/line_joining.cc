#include "markdown/line_joining.h"

#include "base/utf8.h"

namespace portal {
namespace {

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char32_t LastCodePoint(std::string_view s) {
  size_t start = s.size();
  // Step back over at most three continuation bytes to the lead byte.
  while (start > 0 && s.size() - start < 4) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) break;
  }
  return DecodeUtf8(s, &start);
}

char32_t FirstCodePoint(std::string_view s) {
  size_t pos = 0;
  return DecodeUtf8(s, &pos);
}

}  // namespace

bool JoinsWithoutSpace(char32_t c) {
  return IsCjkIdeograph(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

void AppendWrappedLine(std::string* out, std::string_view next) {
  if (next.empty()) return;
  if (!out->empty() && !IsAsciiSpace(out->back()) && !IsAsciiSpace(next.front()) &&
      !(JoinsWithoutSpace(LastCodePoint(*out)) && JoinsWithoutSpace(FirstCodePoint(next)))) {
    out->push_back(' ');
  }
  out->append(next);
}

std::string CollapseNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    AppendWrappedLine(&out, text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace portal
