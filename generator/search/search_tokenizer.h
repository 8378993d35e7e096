// Search units: the one tokenization the index writer and the query module
// share (search.mjs, tokenize). Text is folded (search_fold.h) and cut into
// units, each with the next position in its field:
//   - every CJK ideograph is a unit; ideographs with nothing between them
//     form a run, and only a run yields n-grams, so 三会，一课 never yields 会一;
//   - letters, digits and marks of other scripts form a word (at most
//     kMaxWordLength code points are kept);
//   - an "other symbol" (emoji, ©) is a one-code-point word on its own;
//   - everything else (spaces, punctuation) only separates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal::search {

inline constexpr size_t kMaxWordLength = 64;

struct Unit {
  // For an ideograph the code point; for a word, 0 (see word).
  char32_t cjk = 0;
  // Folded word text (UTF-8), for words only.
  std::string word;
  // True when this ideograph directly follows another one (same run).
  bool joins_previous = false;
};

// Folds and cuts `text` into units, in order (a unit's position is its index).
std::vector<Unit> Tokenize(std::string_view text);

// Tokenize(text).size(), without building the units.
size_t CountUnits(std::string_view text);

// True when the fold of `c`, tokenized alone, starts with a word (not an
// ideograph, not nothing): text may be cut before or after `c` only where
// this is false on one side (search_documents.h, passages).
bool StartsWord(char32_t c);

// UTF-8 of one code point / of a run of code points.
std::string Utf8(char32_t c);
std::string Utf8(std::u32string_view s);

}  // namespace portal::search
