#include "markdown/text_stats.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "base/utf8.h"

namespace portal {
namespace {

bool IsWordCharacterIcu(char32_t c) {
  // Combining marks continue a word (Devanagari, decomposed accents).
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

// IsWordCharacterIcu for the Basic Multilingual Plane, looked up once:
// every character of every page is classified.
struct BmpWordTable {
  BmpWordTable() {
    for (char32_t c = 0; c < 0x10000; ++c) {
      if (IsWordCharacterIcu(c)) bits[c >> 6] |= uint64_t{1} << (c & 63);
    }
  }
  uint64_t bits[0x10000 / 64] = {};
};

bool IsWordCharacter(char32_t c) {
  static const BmpWordTable table;
  if (c < 0x10000) return (table.bits[c >> 6] >> (c & 63)) & 1;
  return IsWordCharacterIcu(c);
}

}  // namespace

TextStats CountText(std::string_view text) {
  TextStats stats;
  bool in_word = false;
  const size_t n = text.size();
  for (size_t pos = 0; pos < n;) {
    // Fast path: a well-formed sequence led by E5-E9 (U+5000-U+9FFF) is a
    // CJK ideograph; most characters of a Chinese page are.
    unsigned char b0 = static_cast<unsigned char>(text[pos]);
    if (b0 >= 0xE5 && b0 <= 0xE9 && pos + 2 < n && (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(text[pos + 2]) & 0xC0) == 0x80) {
      ++stats.cjk_characters;
      in_word = false;
      pos += 3;
      continue;
    }
    char32_t c = DecodeUtf8(text, &pos);
    if (IsCjkIdeograph(c)) {
      ++stats.cjk_characters;
      in_word = false;
    } else if (c != 0xFFFD && IsWordCharacter(c)) {
      if (!in_word) ++stats.words;
      in_word = true;
    } else {
      in_word = false;
    }
  }
  return stats;
}

int ReadingMinutes(const TextStats& stats) {
  double minutes = stats.cjk_characters / 400.0 + stats.words / 200.0;
  return std::max(1, static_cast<int>(std::ceil(minutes)));
}

}  // namespace portal
