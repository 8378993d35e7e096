#include "search/search_tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <vector>

#include "base/utf8.h"
#include "search/search_cut.h"
#include "search/search_fold.h"

namespace portal::search {

namespace cut {

UnitKind Classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return UnitKind::kWord;
    return UnitKind::kSeparator;  // folded ASCII has no uppercase left
  }
  if (IsCjkIdeograph(c)) return UnitKind::kCjk;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return UnitKind::kWord;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return UnitKind::kMark;
    case U_OTHER_SYMBOL:
      return UnitKind::kSymbol;
    default:
      return UnitKind::kSeparator;
  }
}

std::atomic<uint32_t>* BmpTable() {
  static const std::unique_ptr<std::atomic<uint32_t>[]> table = [] {
    std::unique_ptr<std::atomic<uint32_t>[]> t(new std::atomic<uint32_t>[0x10000]);
    for (size_t c = 0; c < 0x10000; ++c) t[c].store(kUnknownEntry, std::memory_order_relaxed);
    return t;
  }();
  return table.get();
}

uint32_t ComputeBmpEntry(char32_t c) {
  std::u32string folded;
  FoldCodePoint(c, &folded);
  if (folded.size() != 1) return kMultiFold;
  return static_cast<uint32_t>(folded[0]) | static_cast<uint32_t>(Classify(folded[0])) << 21;
}

void ToNfcUtf8(std::string_view utf8, std::string* out) {
  // The slow path of cutting (text that is not inert), so one more pass
  // through code points costs nothing worth a second copy of the ICU call.
  thread_local std::u32string nfc;
  ToNfc(utf8, &nfc);
  out->clear();
  for (char32_t c : nfc) AppendUtf8(c, out);
}

}  // namespace cut

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

struct UnitSink {
  std::vector<Unit> units;
  void Cjk(char32_t c, bool joins, uint32_t) {
    Unit u;
    u.cjk = c;
    u.joins_previous = joins;
    units.push_back(std::move(u));
  }
  void WordStart(uint32_t) { units.emplace_back(); }
  void WordChar(char32_t c) { AppendUtf8(c, &units.back().word); }
  void Symbol(char32_t c, uint32_t) {
    units.emplace_back();
    AppendUtf8(c, &units.back().word);
  }
  void Reset() { units.clear(); }
};

struct CountSink {
  size_t count = 0;
  void Cjk(char32_t, bool, uint32_t) { ++count; }
  void WordStart(uint32_t) { ++count; }
  void WordChar(char32_t) {}
  void Symbol(char32_t, uint32_t) { ++count; }
  void Reset() { count = 0; }
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

bool StartsWord(char32_t c) {
  if (c < 0x10000) {
    uint32_t e = cut::BmpEntry(cut::BmpTable(), c);
    if (!(e & cut::kMultiFold)) {
      auto kind = static_cast<UnitKind>((e >> 21) & 7);
      return kind == UnitKind::kWord || kind == UnitKind::kSymbol;
    }
  }
  std::u32string folded;
  FoldCodePoint(c, &folded);
  std::vector<Unit> u = Tokenize(Utf8(folded));
  return !u.empty() && u[0].cjk == 0;
}

}  // namespace portal::search
