#include "importer/outline_marker.h"

#include "base/utf8.h"

namespace portal::importer {
namespace {

int DigitValue(char32_t c) {
  static const char32_t kDigits[] = U"零一二三四五六七八九";
  for (int i = 0; i < 10; ++i) {
    if (kDigits[i] == c) return i;
  }
  if (c == U'〇') return 0;
  return -1;
}

bool IsChineseNumeral(char32_t c) { return DigitValue(c) >= 0 || c == U'十'; }

// Length in bytes of the run of Chinese numerals at the start of `s`.
size_t ChineseNumeralPrefix(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t next = pos;
    if (!IsChineseNumeral(DecodeUtf8(s, &next))) break;
    pos = next;
  }
  return pos;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Matches one of `options` at the start of `s`; returns its length or 0.
size_t MatchAny(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (StartsWith(s, o)) return o.size();
  }
  return 0;
}

bool HasTextAfter(std::string_view line, size_t length) {
  for (size_t pos = length; pos < line.size();) {
    char32_t c = DecodeUtf8(line, &pos);
    if (c != U' ' && c != U'\t' && c != U'　') return true;
  }
  return false;
}

}  // namespace

int ParseChineseNumber(std::string_view s) {
  std::u32string cps;
  for (size_t pos = 0; pos < s.size();) cps.push_back(DecodeUtf8(s, &pos));
  if (cps.empty() || cps.size() > 3) return 0;
  if (cps.size() == 1) {
    if (cps[0] == U'十') return 10;
    int d = DigitValue(cps[0]);
    return d > 0 ? d : 0;
  }
  size_t ten = cps.find(U'十');
  if (ten == std::u32string::npos) return 0;
  int tens = ten == 0 ? 1 : (ten == 1 ? DigitValue(cps[0]) : -1);
  int ones = ten + 1 < cps.size() ? DigitValue(cps[ten + 1]) : 0;
  if (tens <= 0 || ones < 0 || ten + 2 < cps.size()) return 0;
  if (ten + 1 < cps.size() && ones == 0) return 0;
  return tens * 10 + ones;
}

std::string ChineseNumber(int n) {
  static const char* kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n > 99) return std::to_string(n);
  if (n < 10) return kDigits[n];
  std::string s = n / 10 == 1 ? "" : kDigits[n / 10];
  return s + "十" + kDigits[n % 10];
}

bool ParseOutlineMarker(std::string_view line, OutlineMarker* out) {
  OutlineMarker m;
  if (size_t open = MatchAny(line, {"（", "("}); open > 0) {
    size_t digits = ChineseNumeralPrefix(line.substr(open));
    size_t close = digits > 0 ? MatchAny(line.substr(open + digits), {"）", ")"}) : 0;
    if (close == 0) return false;
    m.kind = MarkerKind::kSection;
    m.number = ParseChineseNumber(line.substr(open, digits));
    m.length = open + digits + close;
    m.length += MatchAny(line.substr(m.length), {"、"});  // "（一）、" is seen too
    m.canonical = "（" + ChineseNumber(m.number) + "）";
  } else if (size_t digits = ChineseNumeralPrefix(line); digits > 0) {
    size_t mark = MatchAny(line.substr(digits), {"、"});
    if (mark == 0) return false;
    m.kind = MarkerKind::kChapter;
    m.number = ParseChineseNumber(line.substr(0, digits));
    m.length = digits + mark;
    m.canonical = ChineseNumber(m.number) + "、";
  } else {
    size_t pos = 0;
    int value = 0, count = 0;
    while (pos < line.size() && count < 3) {
      size_t next = pos;
      char32_t c = DecodeUtf8(line, &next);
      int d = c >= U'0' && c <= U'9' ? static_cast<int>(c - U'0')
              : c >= U'０' && c <= U'９' ? static_cast<int>(c - U'０') : -1;
      if (d < 0) break;
      value = value * 10 + d;
      ++count;
      pos = next;
    }
    if (count == 0 || count > 2) return false;
    size_t mark = MatchAny(line.substr(pos), {".", "．", "、"});
    if (mark == 0) return false;
    size_t after = pos + mark;
    if (after < line.size()) {
      size_t next = after;
      char32_t c = DecodeUtf8(line, &next);
      if ((c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９')) return false;  // 1.5万
    }
    m.kind = MarkerKind::kItem;
    m.number = value;
    m.length = after;
    m.canonical = std::to_string(value) + ".";
  }
  if (m.number <= 0 || !HasTextAfter(line, m.length)) return false;
  *out = std::move(m);
  return true;
}

int LeadingEnumeration(std::string_view line) {
  size_t digits = ChineseNumeralPrefix(line);
  if (digits == 0) return 0;
  std::string_view rest = line.substr(digits);
  if (!StartsWith(rest, "是") && !StartsWith(rest, "要") && !StartsWith(rest, "个是")) return 0;
  return ParseChineseNumber(line.substr(0, digits));
}

}  // namespace portal::importer
