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

namespace {

// The one tokenizer loop; `sink` gets cjk(c, joins), word_start(), word_char(c)
// (only for the first kMaxWordLength code points of a word) and symbol(c).
template <typename Sink>
void Cut(std::string_view text, Sink& sink) {
  thread_local std::u32string nfc, folded;
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
        case Kind::kCjk:
          sink.Cjk(c, after_cjk);
          in_word = false;
          after_cjk = true;
          break;
        case Kind::kWord:
        case Kind::kMark:
          if (!in_word) {
            sink.WordStart();
            in_word = true;
            word_length = 0;
          }
          if (word_length++ < kMaxWordLength) sink.WordChar(c);
          after_cjk = false;
          break;
        case Kind::kSymbol:
          sink.Symbol(c);
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
}

struct UnitSink {
  std::vector<Unit> units;
  void Cjk(char32_t c, bool joins) {
    Unit u;
    u.cjk = c;
    u.joins_previous = joins;
    units.push_back(std::move(u));
  }
  void WordStart() { units.emplace_back(); }
  void WordChar(char32_t c) { AppendUtf8(c, &units.back().word); }
  void Symbol(char32_t c) {
    units.emplace_back();
    AppendUtf8(c, &units.back().word);
  }
};

struct CountSink {
  size_t count = 0;
  void Cjk(char32_t, bool) { ++count; }
  void WordStart() { ++count; }
  void WordChar(char32_t) {}
  void Symbol(char32_t) { ++count; }
};

}  // namespace

std::vector<Unit> Tokenize(std::string_view text) {
  UnitSink sink;
  sink.units.reserve(text.size() / 3 + 1);
  Cut(text, sink);
  return std::move(sink.units);
}

size_t CountUnits(std::string_view text) {
  CountSink sink;
  Cut(text, sink);
  return sink.count;
}

}  // namespace portal::search
