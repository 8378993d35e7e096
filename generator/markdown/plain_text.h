// The text a reader sees in a parsed document, without markup.
#pragma once

#include <cmark-gfm.h>

#include <string>

namespace portal {

// Text of `root`'s subtree: blocks (paragraphs, headings, code blocks, table
// rows) separated by "\n", wrapped lines joined (no space between CJK), code
// included; raw HTML, image alt text and footnote markers left out. Stops
// before `stop` when it is given (text "before the <!--more--> marker").
std::string PlainText(cmark_node* root, cmark_node* stop = nullptr);

}  // namespace portal
