#include "check/placeholders.h"

#include <cctype>
#include <string_view>

#include "base/utf8.h"

namespace portal {

namespace {

struct Cp {
  char32_t c;
  size_t offset, end;  // byte span in the line
};

std::vector<Cp> Decode(std::string_view s) {
  std::vector<Cp> out;
  for (size_t pos = 0; pos < s.size();) {
    size_t start = pos;
    char32_t c = DecodeUtf8(s, &pos);
    out.push_back({c, start, pos});
  }
  return out;
}

bool IsAsciiAlnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Words that follow a number: 共**人, *个, ××项.
bool IsMeasureWord(char32_t c) {
  static const std::u32string_view kWords = U"人个名次项家户条件元万亿场期篇所处天位支批份余多年月日号届村镇";
  return kWords.find(c) != std::u32string_view::npos;
}

// Approximates Unicode punctuation as CommonMark uses it for emphasis.
bool IsPunct(char32_t c) {
  return (c < 0x80 && std::ispunct(static_cast<int>(c))) || (c >= 0x2010 && c <= 0x2027) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

bool IsSpace(char32_t c) { return c == 0 || c == ' ' || c == '\t' || c == 0x3000; }

// Whether a run of '*' between `prev` and `next` can close emphasis
// (CommonMark's right-flanking rule).
bool CanClose(char32_t prev, char32_t next) {
  return !IsSpace(prev) && (!IsPunct(prev) || IsSpace(next) || IsPunct(next));
}

// Whether it can open emphasis (left-flanking).
bool CanOpen(char32_t prev, char32_t next) {
  return !IsSpace(next) && (!IsPunct(next) || IsSpace(prev) || IsPunct(prev));
}

bool IsX(char32_t c) { return c == U'X' || c == U'Ｘ'; }

// A Chinese character or a Chinese (full-width) punctuation mark.
bool IsChineseText(char32_t c) { return IsCjkIdeograph(c) || (c >= 0x2010 && IsPunct(c)); }

// A backslash before ASCII punctuation escapes it (CommonMark): "\\*" is a star.
bool IsEscape(char32_t c, char32_t next) { return c == U'\\' && next < 0x80 && std::ispunct(static_cast<int>(next)); }

}  // namespace

std::vector<PlaceholderHit> FindPlaceholders(std::string_view line) {
  std::vector<PlaceholderHit> hits;
  std::vector<Cp> cps = Decode(line);
  auto at = [&](size_t i) -> char32_t { return i < cps.size() ? cps[i].c : 0; };
  auto run_end = [&](size_t i, auto pred) {
    while (i < cps.size() && pred(cps[i].c)) ++i;
    return i;
  };
  auto hit = [&](size_t from, size_t to) {  // [from, to) in code points
    hits.push_back({cps[from].offset, std::string(line.substr(cps[from].offset, cps[to - 1].end - cps[from].offset))});
  };
  for (size_t i = 0; i < cps.size();) {
    char32_t c = cps[i].c;
    char32_t prev = i > 0 ? cps[i - 1].c : 0;
    if (c == U'\\' && at(i + 1) == U'*') {
      // "\\*\\*人", as portal import writes **人: escaped stars are text, never
      // emphasis, so (as the importer does) any run touching Chinese text
      // counts: \\*\\*党支部, 富强\\*、美丽.
      size_t j = i;
      while (at(j) == U'\\' && at(j + 1) == U'*') j += 2;
      char32_t next = at(j);
      bool chinese_after = IsCjkIdeograph(next) || (next >= 0x3000 && IsPunct(next) && IsCjkIdeograph(prev));
      if ((j - i) / 2 <= 3 && chinese_after) {
        std::string text((j - i) / 2, '*');
        if (IsCjkIdeograph(next)) text += line.substr(cps[j].offset, cps[j].end - cps[j].offset);
        hits.push_back({cps[i].offset, text});
      }
      i = j;
    } else if (IsEscape(c, at(i + 1))) {
      i += 2;
    } else if (IsX(c)) {
      size_t j = run_end(i, IsX);
      char32_t next = at(j);
      bool word = IsAsciiAlnum(prev) || IsAsciiAlnum(next);  // XXL, Xi, iPhone X1
      bool xray = j - i == 1 && (next == U'光' || next == U'射');
      // A lone X between Chinese marks stands for a name too: 《X》, “X”, 、X、.
      bool enclosed = IsChineseText(prev) && IsChineseText(next);
      if (!word && !xray && (j - i >= 2 || IsCjkIdeograph(next) || enclosed)) {
        hit(i, j - i >= 2 || !IsCjkIdeograph(next) ? j : j + 1);
      }
      i = j;
    } else if (c == U'×' || c == U'＊') {
      size_t j = run_end(i, [c](char32_t d) { return d == c; });
      char32_t next = at(j);
      bool times = c == U'×' && (j - i == 1) && (IsAsciiAlnum(prev) || IsAsciiAlnum(next));  // 3×4
      if (!times && (j - i >= 2 || IsCjkIdeograph(next))) hit(i, j - i >= 2 ? j : j + 1);
      i = j;
    } else if (c == U'*') {
      size_t j = run_end(i, [](char32_t d) { return d == U'*'; });
      size_t len = j - i;
      // A later run of the same length closes Markdown emphasis, unless it
      // is itself a placeholder (共**人，其中**人).
      // Closers pair with the nearest opener, so count the openers between.
      size_t close = j + 1, close_end = 0;
      for (int openers = 0; close < cps.size(); ++close) {
        if (IsEscape(cps[close].c, at(close + 1))) {
          ++close;  // an escaped star closes nothing
          continue;
        }
        if (cps[close].c != U'*') continue;
        close_end = run_end(close, [](char32_t d) { return d == U'*'; });
        if (close_end - close == len) {
          char32_t before = cps[close - 1].c, after = at(close_end);
          if (CanClose(before, after) && openers-- == 0) break;
          if (!CanClose(before, after) && CanOpen(before, after)) ++openers;
          if (openers < 0) openers = 0;
        }
        close = close_end;
      }
      bool has_close = close < cps.size();
      bool candidate = len <= 3 && IsMeasureWord(at(j));
      bool emphasis = has_close && (!candidate || !IsMeasureWord(at(close_end)));
      if (candidate && !emphasis) {
        hit(i, j + 1);
        i = j;
      } else {
        i = emphasis ? close_end : j;
      }
    } else {
      ++i;
    }
  }
  return hits;
}

}  // namespace portal
