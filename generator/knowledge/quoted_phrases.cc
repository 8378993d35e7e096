#include "knowledge/quoted_phrases.h"

#include <cctype>

#include "base/utf8.h"

namespace portal {
namespace {

enum Kind { kNone, kDouble, kAscii, kSingle, kCorner, kWhiteCorner };

// The kind of quote `c` opens (*opens) or closes.
Kind QuoteKind(char32_t c, bool* opens) {
  switch (c) {
    case U'\u201C': *opens = true; return kDouble;
    case U'\u201D': *opens = false; return kDouble;
    case U'\u2018': *opens = true; return kSingle;
    case U'\u2019': *opens = false; return kSingle;
    case U'\u300C': *opens = true; return kCorner;
    case U'\u300D': *opens = false; return kCorner;
    case U'\u300E': *opens = true; return kWhiteCorner;
    case U'\u300F': *opens = false; return kWhiteCorner;
    case U'"': return kAscii;  // direction decided by the open stack
    default: return kNone;
  }
}

bool IsQuoteOrBreak(char32_t c) {
  bool opens;
  return QuoteKind(c, &opens) != kNone;
}

bool IsSentencePunct(char32_t c) {
  switch (c) {
    case U'，': case U'。': case U'！': case U'？': case U'；': case U'：':
    case U',': case U'.': case U'!': case U'?': case U';': case U':': case U'\n':
      return true;
    default:
      return false;
  }
}

// `s` trimmed of spaces, when it is a usable phrase; else "".
std::string Phrase(std::string_view s, int min_chars, int max_chars) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  // Full-width spaces too.
  while (s.starts_with("\u3000")) s.remove_prefix(3);
  while (s.ends_with("\u3000")) s.remove_suffix(3);
  int n = 0;
  bool has_letter = false;
  for (size_t pos = 0; pos < s.size();) {
    char32_t c = DecodeUtf8(s, &pos);
    if (IsQuoteOrBreak(c) || IsSentencePunct(c)) return "";
    if (IsCjkIdeograph(c) || (c < 128 && std::isalpha(static_cast<int>(c))) || c >= 0x3040) has_letter = true;
    if (++n > max_chars) return "";
  }
  if (n < min_chars || !has_letter) return "";
  return std::string(s);
}

}  // namespace

std::vector<std::string> QuotedPhrases(std::string_view text, int min_chars, int max_chars) {
  struct Open {
    Kind kind;
    size_t start;        // byte after the opening mark
    bool nested = false;  // a quote opened inside it
  };
  std::vector<std::string> out;
  std::vector<Open> stack;
  for (size_t pos = 0; pos < text.size();) {
    size_t at = pos;
    char32_t c = DecodeUtf8(text, &pos);
    if (c == '\n') {
      stack.clear();  // quotes never span paragraphs
      continue;
    }
    bool opens = false;
    Kind kind = QuoteKind(c, &opens);
    if (kind == kNone) continue;
    if (kind == kAscii) {
      opens = true;
      for (const Open& o : stack) {
        if (o.kind == kAscii) opens = false;
      }
    }
    if (opens) {
      if (!stack.empty()) stack.back().nested = true;
      stack.push_back({kind, pos});
      continue;
    }
    // A closing mark: match the nearest open one of its kind; anything opened
    // after that was never closed and is dropped.
    size_t i = stack.size();
    while (i > 0 && stack[i - 1].kind != kind) --i;
    if (i == 0) continue;  // stray closing mark
    Open o = stack[i - 1];
    stack.resize(i - 1);
    if (!stack.empty()) stack.back().nested = true;
    if (o.nested) continue;
    std::string p = Phrase(text.substr(o.start, at - o.start), min_chars, max_chars);
    if (!p.empty()) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace portal
