#include "search/search_fold.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "base/utf8.h"

namespace portal::search {
namespace {

std::unique_ptr<icu::Transliterator> NewTraditionalToSimplified() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) t.reset();
  return t;
}

// ICU's Traditional-Simplified of one ideograph, when that is one code point.
char32_t TransliterateOne(icu::Transliterator* t, char32_t c) {
  icu::UnicodeString u(static_cast<UChar32>(c));
  t->transliterate(u);
  if (u.countChar32() != 1) return c;
  return static_cast<char32_t>(u.char32At(0));
}

// Every ideograph the transliterator changes, with its simplified form:
// only the characters of its source set (ICU computes it from the rules)
// can change, so one transliterator, once per process, asks about those few
// thousand instead of a clone per thread asking about every character.
const std::unordered_map<char32_t, char32_t>& Simplifications() {
  static const std::unordered_map<char32_t, char32_t> table = [] {
    std::unordered_map<char32_t, char32_t> out;
    std::unique_ptr<icu::Transliterator> t = NewTraditionalToSimplified();
    if (!t) return out;
    icu::UnicodeSet source;
    t->getSourceSet(source);
    for (int32_t r = 0; r < source.getRangeCount(); ++r) {
      for (UChar32 c = source.getRangeStart(r); c <= source.getRangeEnd(r); ++c) {
        auto cp = static_cast<char32_t>(c);
        if (!IsCjkIdeograph(cp)) continue;
        char32_t to = TransliterateOne(t.get(), cp);
        if (to != cp) out.emplace(cp, to);
      }
    }
    return out;
  }();
  return table;
}

// NFKC then lowercase of one code point, before simplification.
std::u32string NfkcLower(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString u(static_cast<UChar32>(c));
  if (U_SUCCESS(status)) u = nfkc->normalize(u, status);
  u.toLower(icu::Locale::getRoot());
  std::u32string out;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) out.push_back(u.char32At(i));
  return out;
}

// True when NFKC, lowercasing and simplification all leave `c` alone, which
// ICU answers from property data without normalizing: nearly every code
// point.
bool FoldsToItself(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || !nfkc->isInert(static_cast<UChar32>(c))) return false;
  if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CHANGES_WHEN_LOWERCASED)) return false;
  return !IsCjkIdeograph(c) || Simplifications().count(c) == 0;
}

std::u32string ComputeFold(char32_t c) {
  if (c < 0x80) return std::u32string(1, (c >= 'A' && c <= 'Z') ? c + 32 : c);  // ASCII: only letters change
  if (c >= 0xD800 && c <= 0xDFFF) return std::u32string(1, 0xFFFD);
  if (FoldsToItself(c)) return std::u32string(1, c);
  std::u32string out = NfkcLower(c);
  for (char32_t& x : out) x = SimplifyIdeograph(x);
  return out;
}

// Folds of BMP code points, computed on first use (text uses a few thousand
// of them): one code point in all but a few hundred cases, so the hot path
// is one relaxed atomic load. Two threads computing the same entry store the
// same value.
constexpr uint32_t kUnknown = 0xFFFFFFFF;
constexpr uint32_t kMulti = 0xFFFFFFFE;

struct BmpFolds {
  std::unique_ptr<std::atomic<uint32_t>[]> single{new std::atomic<uint32_t>[0x10000]};
  std::shared_mutex mu;
  std::unordered_map<char32_t, std::u32string> multi;  // and the astral code points
  BmpFolds() {
    for (size_t c = 0; c < 0x10000; ++c) single[c].store(kUnknown, std::memory_order_relaxed);
  }
};

BmpFolds& Folds() {
  static BmpFolds folds;
  return folds;
}

void FoldRare(char32_t c, std::u32string* out) {
  BmpFolds& t = Folds();
  {
    std::shared_lock lock(t.mu);
    auto it = t.multi.find(c);
    if (it != t.multi.end()) {
      out->append(it->second);
      return;
    }
  }
  std::u32string f = ComputeFold(c);
  out->append(f);
  std::unique_lock lock(t.mu);
  t.multi.emplace(c, std::move(f));
}

}  // namespace

void ToNfc(std::string_view utf8, std::u32string* out) {
  out->clear();
  out->reserve(utf8.size());
  bool inert = true;
  for (size_t pos = 0; pos < utf8.size();) {
    char32_t c = DecodeUtf8(utf8, &pos);
    inert &= c < 0x300 || (c >= 0x2010 && c < 0x2070) || (c >= 0x3000 && c < 0x302A) ||
             (c >= 0x3030 && c < 0x3040) || (c >= 0x3400 && c < 0x4DC0) || (c >= 0x4E00 && c < 0xA000) ||
             (c >= 0xFF00 && c < 0xFFF0);
    out->push_back(c);
  }
  if (inert) return;
  out->clear();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_SUCCESS(status)) {
    icu::UnicodeString n = nfc->normalize(u, status);
    if (U_SUCCESS(status)) u = n;
  }
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) out->push_back(u.char32At(i));
}

void FoldCodePoint(char32_t c, std::u32string* out) {
  if (c >= 0x10000) {
    FoldRare(c, out);
    return;
  }
  std::atomic<uint32_t>& slot = Folds().single[c];
  uint32_t f = slot.load(std::memory_order_relaxed);
  if (f == kUnknown) {
    std::u32string computed = ComputeFold(c);
    f = computed.size() == 1 ? computed[0] : kMulti;
    slot.store(f, std::memory_order_relaxed);
  }
  if (f != kMulti) {
    out->push_back(f);
  } else {
    FoldRare(c, out);
  }
}

char32_t SimplifyIdeograph(char32_t c) {
  if (!IsCjkIdeograph(c)) return c;
  const auto& table = Simplifications();
  auto it = table.find(c);
  return it == table.end() ? c : it->second;
}

std::vector<std::pair<char32_t, char32_t>> SimplificationTable(
    const std::function<bool(char32_t)>& keep) {
  // Every pair, once per process; `keep` only filters.
  static const std::vector<std::pair<char32_t, char32_t>> all = [] {
    static const char32_t kBlocks[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0x20000, 0x323AF}};
    std::vector<std::pair<char32_t, char32_t>> pairs;
    for (const auto& block : kBlocks) {
      for (char32_t c = block[0]; c <= block[1]; ++c) {
        if (FoldsToItself(c)) continue;
        std::u32string folded = ComputeFold(c);
        // Only ideographs that NFKC and lowercasing leave alone can be typed
        // as themselves; their fold is then just the simplification.
        if (folded.size() != 1 || folded[0] == c) continue;
        pairs.emplace_back(c, folded[0]);
      }
    }
    return pairs;
  }();
  std::vector<std::pair<char32_t, char32_t>> out;
  for (const auto& pair : all) {
    if (keep(pair.second)) out.push_back(pair);
  }
  return out;
}

std::u32string FoldWithIcu(char32_t c) {
  std::u32string out = NfkcLower(c);
  for (char32_t& x : out) {
    if (!IsCjkIdeograph(x)) continue;
    thread_local std::unique_ptr<icu::Transliterator> own = NewTraditionalToSimplified();
    if (own) x = TransliterateOne(own.get(), x);
  }
  return out;
}

}  // namespace portal::search
