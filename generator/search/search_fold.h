// Character folding shared by the index writer and the query module
// (themes/default/static/js/search.mjs, foldCodePoint). Both sides put the
// whole text in NFC and then fold one code point at a time, so they agree by
// construction instead of by testing: NFKC of the lone code point, its full
// lowercase mapping (what JavaScript's toLowerCase does to a lone character),
// then traditional -> simplified for each ideograph through a one-to-one
// table. The browser has no ICU transliterator, so the build ships the part of
// that table the corpus can need (SimplificationTable).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portal::search {

// `utf8` in NFC, as code points in *out (replacing its contents). Invalid
// UTF-8 becomes U+FFFD.
void ToNfc(std::string_view utf8, std::u32string* out);

// Appends the folded form of `c` to *out (zero or more code points; usually
// exactly one). Thread-safe; results are cached.
void FoldCodePoint(char32_t c, std::u32string* out);

// The simplified form of one CJK ideograph under ICU Traditional-Simplified
// when it is a single code point, else `c` itself.
char32_t SimplifyIdeograph(char32_t c);

// Every (traditional, simplified) pair of ICU Traditional-Simplified over the
// CJK ideograph blocks whose source is a folded (NFKC, lowercase) code point
// and whose target satisfies `keep`, sorted by source. The query module needs
// only targets that occur in the index: other queries match nothing anyway.
std::vector<std::pair<char32_t, char32_t>> SimplificationTable(
    const std::function<bool(char32_t)>& keep);

// The fold of `c` computed the slow way, by asking ICU for every step (no
// shortcuts, no cache): the reference the fast tables are tested against.
std::u32string FoldWithIcu(char32_t c);

}  // namespace portal::search
