// Length and reading time of a page's plain text.
#pragma once

#include <string_view>

namespace portal {

struct TextStats {
  int cjk_characters = 0;  // CJK ideographs, each counted
  int words = 0;           // runs of letters/digits in other scripts
};

// Counts `text`; invalid UTF-8 bytes count as neither.
TextStats CountText(std::string_view text);

// Minutes to read at ~400 CJK characters or ~200 words a minute; at least 1.
int ReadingMinutes(const TextStats& stats);

}  // namespace portal
