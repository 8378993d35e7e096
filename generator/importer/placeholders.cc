#include "importer/placeholders.h"

#include "base/utf8.h"

namespace portal::importer {
namespace {

bool IsPlaceholderChar(char32_t c) {
  return c == U'X' || c == U'x' || c == U'Ｘ' || c == U'ｘ' || c == U'×' || c == U'*' ||
         c == U'＊';
}

bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool IsDigit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }

}  // namespace

std::vector<Placeholder> FindPlaceholders(std::string_view line) {
  std::vector<char32_t> cps;
  for (size_t pos = 0; pos < line.size();) cps.push_back(DecodeUtf8(line, &pos));
  std::vector<Placeholder> found;
  for (size_t i = 0; i < cps.size();) {
    if (!IsPlaceholderChar(cps[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < cps.size() && IsPlaceholderChar(cps[end])) ++end;
    char32_t before = i > 0 ? cps[i - 1] : U' ';
    char32_t after = end < cps.size() ? cps[end] : U' ';
    bool hit = !IsAsciiLetter(before) && !IsAsciiLetter(after);
    if (hit && end - i == 1) {
      bool multiplication = cps[i] != U'X' && cps[i] != U'Ｘ' && IsDigit(before) && IsDigit(after);
      bool touches_text = before > 0x7F || after > 0x7F || IsDigit(before) || IsDigit(after);
      // A lone lowercase x is more often a variable or "x轴" than a placeholder.
      bool lowercase = cps[i] == U'x' || cps[i] == U'ｘ';
      hit = touches_text && !multiplication && !lowercase;
    }
    if (hit) {
      Placeholder p;
      p.column = static_cast<int>(i) + 1;
      for (size_t k = i; k < end; ++k) AppendUtf8(cps[k], &p.text);
      p.shown = p.text;
      if (end < cps.size() && IsCjkIdeograph(cps[end])) AppendUtf8(cps[end], &p.shown);
      found.push_back(std::move(p));
    }
    i = end;
  }
  return found;
}

}  // namespace portal::importer
