// Joining lines of plain text the way a reader expects: Chinese lines join
// directly (a space would show inside a sentence), other scripts with a space.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// True for characters that join a neighbouring line without a space: CJK
// ideographs, CJK punctuation (U+3000-303F) and full-width forms.
bool JoinsWithoutSpace(char32_t c);

// Appends `next` to `out` as the continuation of a wrapped line: nothing in
// between when both sides are CJK, one space otherwise (none if either side
// is empty or already whitespace).
void AppendWrappedLine(std::string* out, std::string_view next);

// `text` with every run of newlines replaced per AppendWrappedLine.
std::string CollapseNewlines(std::string_view text);

}  // namespace portal
