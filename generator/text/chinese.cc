#include "text/chinese.h"

#include <algorithm>
#include <shared_mutex>
#include <unordered_map>

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uvernum.h>

#include <memory>

#include "text/icu_per_thread.h"

namespace portal {
namespace {

std::unique_ptr<icu::Transliterator> MakeTransliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

icu::Transliterator* ToAsciiLatin() {
  // NFKC first so compatibility ideographs and full-width forms map cleanly;
  // Any-Latin uses Han-Latin for Han and covers Cyrillic, kana and the rest.
  return icu_per_thread::Get<icu::Transliterator>(
      [] { return MakeTransliterator("NFKC; Any-Latin; Latin-ASCII; Lower"); });
}

icu::Transliterator* TraditionalToSimplified() {
  return icu_per_thread::Get<icu::Transliterator>(
      [] { return MakeTransliterator("Traditional-Simplified"); });
}

icu::Collator* PinyinCollator() {
  return icu_per_thread::Get<icu::Collator>([] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  });
}

bool IsHan(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

// Han-Latin separates Han syllables from each other but not from adjacent
// Latin ("党建2023" -> "dang jian2023"), so put a space at every Han/other
// boundary first.
icu::UnicodeString SeparateHan(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  UChar32 prev = 0;
  for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
    UChar32 c = in.char32At(i);
    if (prev != 0 && IsHan(prev) != IsHan(c) && !u_isUWhiteSpace(prev) && !u_isUWhiteSpace(c)) {
      out.append(static_cast<UChar>(' '));
    }
    out.append(c);
    prev = c;
  }
  return out;
}

// Runs of ASCII whitespace become one space; no leading or trailing space.
std::string CollapseSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Invalid UTF-8 becomes U+FFFD, so hostile input never reaches ICU raw.
icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

static std::string ToPinyinUncached(std::string_view s) {
  icu::UnicodeString u = SeparateHan(FromUtf8(s));
  if (icu::Transliterator* t = ToAsciiLatin()) {
    t->transliterate(u);
  } else {
    u.toLower(icu::Locale::getRoot());  // no ICU data: best effort
  }
  return CollapseSpaces(ToUtf8(u));
}

namespace {

// ICU's transliteration costs ~20 µs a title, and making the transliterator
// a tenth of a second in each process; portal serve asks for the same tag,
// term and title slugs on every rebuild, and portal build keeps the memo in
// its cache (PinyinMemo). Bounded, so a huge site cannot grow it without
// limit.
struct PinyinCache {
  static constexpr size_t kMaxEntries = 1 << 18;
  std::shared_mutex mu;
  std::unordered_map<std::string, std::string> map;

  void Add(std::string s, std::string pinyin) {
    std::unique_lock lock(mu);
    if (map.size() >= kMaxEntries) map.clear();
    map.emplace(std::move(s), std::move(pinyin));
  }
};

PinyinCache& Pinyins() {
  static PinyinCache cache;
  return cache;
}

}  // namespace

std::string ToPinyin(std::string_view s) {
  PinyinCache& cache = Pinyins();
  {
    std::shared_lock lock(cache.mu);
    auto it = cache.map.find(std::string(s));
    if (it != cache.map.end()) return it->second;
  }
  std::string pinyin = ToPinyinUncached(s);
  cache.Add(std::string(s), pinyin);
  return pinyin;
}

std::vector<std::pair<std::string, std::string>> PinyinMemo() {
  PinyinCache& cache = Pinyins();
  std::shared_lock lock(cache.mu);
  std::vector<std::pair<std::string, std::string>> out(cache.map.begin(), cache.map.end());
  std::sort(out.begin(), out.end());
  return out;
}

void AddToPinyinMemo(std::vector<std::pair<std::string, std::string>> entries) {
  for (auto& [s, pinyin] : entries) Pinyins().Add(std::move(s), std::move(pinyin));
}

const char* IcuVersion() { return U_ICU_VERSION; }

std::string PinyinInitials(std::string_view s) {
  std::string pinyin = ToPinyin(s);
  std::string out;
  bool at_start = true;
  for (char c : pinyin) {
    if (!IsAsciiAlnum(c)) {
      at_start = true;
    } else if (at_start) {
      out.push_back(c);
      at_start = false;
    }
  }
  return out;
}

std::string Slugify(std::string_view s) {
  constexpr size_t kMaxLength = 80;
  std::string slug;
  for (char c : ToPinyin(s)) {
    if (IsAsciiAlnum(c)) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (slug.size() > kMaxLength) {
    // Cut at the last '-' that keeps the slug within the limit, so no
    // syllable is split; one huge word is cut hard.
    size_t dash = slug.rfind('-', kMaxLength);
    slug.resize(dash == std::string::npos || dash == 0 ? kMaxLength : dash);
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string PinyinSortKey(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  icu::Collator* collator = PinyinCollator();
  if (!collator) return ToUtf8(u);
  int32_t size = collator->getSortKey(u, nullptr, 0);
  std::string key(static_cast<size_t>(size), '\0');
  collator->getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), size);
  if (!key.empty() && key.back() == '\0') key.pop_back();  // ICU's terminator
  return key;
}

std::string PinyinInitialLetter(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  int32_t i = 0;
  while (i < u.length() && u_isUWhiteSpace(u.char32At(i))) i = u.moveIndex32(i, 1);
  if (i >= u.length()) return "#";
  UChar32 first = u.char32At(i);
  if (!u_isalpha(first) && !IsHan(first)) return "#";
  std::string pinyin = ToPinyin(ToUtf8(icu::UnicodeString(first)));
  if (pinyin.empty() || pinyin[0] < 'a' || pinyin[0] > 'z') return "#";
  return std::string(1, static_cast<char>(pinyin[0] - 'a' + 'A'));
}

std::string ToSimplified(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  if (icu::Transliterator* t = TraditionalToSimplified()) t->transliterate(u);
  return ToUtf8(u);
}

std::string NfkcCaseFold(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return ToUtf8(u);
  icu::UnicodeString folded = nfkc->normalize(u, status);
  return U_FAILURE(status) ? ToUtf8(u) : ToUtf8(folded);
}

}  // namespace portal
