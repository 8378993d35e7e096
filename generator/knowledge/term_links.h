// Links a term's first occurrence on a page to its term page.
#pragma once

#include <string>
#include <vector>

#include "knowledge/term_index.h"

namespace portal {

// `html` with the first occurrence of each phrase in `matcher` (ids index
// `hrefs`) wrapped in <a class="term-link" href="…">, at most once per id.
// Text inside <a>, <code>, <pre>, <mark>, <script>, <style> and headings is
// left alone, as are tags and attribute values. `hrefs` are already
// HTML-safe. Phrases are matched in the HTML text as written (so terms with
// &, < or > are not linked).
//
// Links this function made earlier are removed first (see StripTermLinks), so
// running it again on its own output changes nothing: pages are reused
// between rebuilds of a BuildSession.
std::string LinkFirstOccurrences(const std::string& html, const PhraseMatcher& matcher,
                                 const std::vector<std::string>& hrefs);

// `html` without the <a class="term-link" …>…</a> wrappers LinkFirstOccurrences
// adds (their text stays).
std::string StripTermLinks(const std::string& html);

}  // namespace portal
