// Phrases in quotation marks: the raw material of the policy-term index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal {

// Every phrase between matching quotation marks in `text`, in order:
// “…” and "…" (full- and half-width), ‘…’, 「…」 and 『…』. Quotes nest (the inner
// phrase of “坚持‘两个维护’” is found; an outer phrase that contains quotes
// is not a phrase); a closing mark without an opening one is ignored, and an
// opening mark never closed before the end of the line is dropped. A phrase
// has `min_chars` to `max_chars` characters after trimming spaces, no
// sentence punctuation (，。！？；：,.!?;:) and at least one letter or Han
// character.
std::vector<std::string> QuotedPhrases(std::string_view text, int min_chars = 2, int max_chars = 12);

}  // namespace portal
