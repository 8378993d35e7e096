#include "markdown/text_stats.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "base/utf8.h"

namespace portal {
namespace {

bool IsWordCharacter(char32_t c) {
  // Combining marks continue a word (Devanagari, decomposed accents).
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

}  // namespace

TextStats CountText(std::string_view text) {
  TextStats stats;
  bool in_word = false;
  for (size_t pos = 0; pos < text.size();) {
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
