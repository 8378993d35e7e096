#include "search/search_fold.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "base/utf8.h"
#include "text/icu_per_thread.h"

namespace portal::search {
namespace {

icu::Transliterator* TraditionalToSimplified() {
  return icu_per_thread::Get<icu::Transliterator>([] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  });
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

std::u32string ComputeFold(char32_t c) {
  std::u32string out = NfkcLower(c);
  for (char32_t& x : out) x = SimplifyIdeograph(x);
  return out;
}

// The fold of every BMP code point is one code point in all but a few
// hundred cases, so a flat table answers the hot path without locks.
struct BmpTable {
  std::vector<char32_t> single;  // kMulti when the fold is not one code point
  std::unordered_map<char32_t, std::u32string> multi;
};
constexpr char32_t kMulti = 0xFFFFFFFF;

const BmpTable& Bmp() {
  static const BmpTable table = [] {
    BmpTable t;
    t.single.resize(0x10000);
    for (char32_t c = 0; c < 0x10000; ++c) {
      if (c < 0x80) {  // ASCII: only letters change
        t.single[c] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        continue;
      }
      if (c >= 0xD800 && c <= 0xDFFF) {
        t.single[c] = 0xFFFD;
        continue;
      }
      std::u32string f = ComputeFold(c);
      if (f.size() == 1) {
        t.single[c] = f[0];
      } else {
        t.single[c] = kMulti;
        t.multi.emplace(c, std::move(f));
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

namespace {

// Code points that are NFC and never compose with a neighbour (checked
// against Unicode data); text made only of them is already NFC, which saves
// the ICU round trip for nearly all Chinese text.
bool NfcInert(char32_t c) {
  return c < 0x300 || (c >= 0x2010 && c < 0x2070) || (c >= 0x3000 && c < 0x302A) ||
         (c >= 0x3030 && c < 0x3040) || (c >= 0x3400 && c < 0x4DC0) || (c >= 0x4E00 && c < 0xA000) ||
         (c >= 0xFF00 && c < 0xFFF0);
}

}  // namespace

void ToNfc(std::string_view utf8, std::u32string* out) {
  out->clear();
  out->reserve(utf8.size());
  bool inert = true;
  for (size_t pos = 0; pos < utf8.size();) {
    char32_t c = DecodeUtf8(utf8, &pos);
    inert &= NfcInert(c);
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
  if (c < 0x10000) {
    const BmpTable& t = Bmp();
    char32_t f = t.single[c];
    if (f != kMulti) {
      out->push_back(f);
    } else {
      out->append(t.multi.at(c));
    }
    return;
  }
  static std::shared_mutex mu;
  static std::unordered_map<char32_t, std::u32string> astral;
  {
    std::shared_lock lock(mu);
    auto it = astral.find(c);
    if (it != astral.end()) {
      out->append(it->second);
      return;
    }
  }
  std::u32string f = ComputeFold(c);
  out->append(f);
  std::unique_lock lock(mu);
  astral.emplace(c, std::move(f));
}

char32_t SimplifyIdeograph(char32_t c) {
  if (!IsCjkIdeograph(c)) return c;
  icu::Transliterator* t = TraditionalToSimplified();
  if (!t) return c;
  icu::UnicodeString u(static_cast<UChar32>(c));
  t->transliterate(u);
  if (u.countChar32() != 1) return c;
  return static_cast<char32_t>(u.char32At(0));
}

std::vector<std::pair<char32_t, char32_t>> SimplificationTable(
    const std::function<bool(char32_t)>& keep) {
  static const char32_t kBlocks[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0x20000, 0x323AF}};
  std::vector<std::pair<char32_t, char32_t>> out;
  for (const auto& block : kBlocks) {
    for (char32_t c = block[0]; c <= block[1]; ++c) {
      std::u32string folded;
      FoldCodePoint(c, &folded);
      // Only ideographs that NFKC and lowercasing leave alone can be typed
      // as themselves; their fold is then just the simplification.
      if (folded.size() != 1 || folded[0] == c) continue;
      if (!keep(folded[0])) continue;
      out.emplace_back(c, folded[0]);
    }
  }
  return out;
}

}  // namespace portal::search
