// Defences for Markdown that would make cmark-gfm 0.29.0.gfm.6 (Debian 12)
// take quadratic time. Deep nesting needs none: cmark's parser and renderer
// are iterative, and tests pin 5,000 nested quotes and 2,000 nested lists.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// `markdown` with the inputs that trigger known slow paths made literal by
// backslash escapes. Ordinary text (anything a person writes) is returned
// unchanged, and line numbers never change.
std::string DefuseHostileMarkdown(std::string_view markdown);

}  // namespace portal
