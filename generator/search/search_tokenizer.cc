#include "search/search_tokenizer.h"

#include <unicode/uchar.h>

#include "base/utf8.h"
#include "search/search_fold.h"

namespace portal::search {
namespace {

enum class Kind { kCjk, kWord, kMark, kSymbol, kSeparator };

Kind Classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return Kind::kWord;
    return Kind::kSeparator;  // folded ASCII has no uppercase left
  }
  if (IsCjkIdeograph(c)) return Kind::kCjk;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return Kind::kWord;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return Kind::kMark;
    case U_OTHER_SYMBOL:
      return Kind::kSymbol;
    default:
      return Kind::kSeparator;
  }
}

}  // namespace

std::string Utf8(char32_t c) {
  std::string s;
  AppendUtf8(c, &s);
  return s;
}

std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

std::vector<Unit> Tokenize(std::string_view text) {
  std::vector<Unit> units;
  std::u32string nfc, folded;
  ToNfc(text, &nfc);
  bool in_word = false;   // the last unit is a word still growing
  bool after_cjk = false;  // the last thing seen was an ideograph
  size_t word_length = 0;
  for (char32_t original : nfc) {
    folded.clear();
    FoldCodePoint(original, &folded);
    for (char32_t c : folded) {
      Kind kind = Classify(c);
      if (kind == Kind::kMark && !in_word) kind = Kind::kSeparator;
      switch (kind) {
        case Kind::kCjk: {
          Unit u;
          u.cjk = c;
          u.joins_previous = after_cjk;
          units.push_back(std::move(u));
          in_word = false;
          after_cjk = true;
          break;
        }
        case Kind::kWord:
        case Kind::kMark:
          if (!in_word) {
            units.emplace_back();
            in_word = true;
            word_length = 0;
          }
          if (word_length++ < kMaxWordLength) AppendUtf8(c, &units.back().word);
          after_cjk = false;
          break;
        case Kind::kSymbol:
          units.emplace_back();
          AppendUtf8(c, &units.back().word);
          in_word = false;
          after_cjk = false;
          break;
        case Kind::kSeparator:
          in_word = false;
          after_cjk = false;
          break;
      }
    }
  }
  return units;
}

}  // namespace portal::search
