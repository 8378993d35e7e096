// The text a reader sees in a parsed document, without markup.
#pragma once

#include <cmark-gfm.h>

#include <cstdint>
#include <string>
#include <vector>

namespace portal {

// Text of `root`'s subtree: blocks (paragraphs, headings, code blocks, table
// rows) separated by "\n", wrapped lines joined (no space between CJK), code
// included; raw HTML, image alt text and footnote markers left out. Stops
// before `stop` when it is given (text "before the <!--more--> marker").
std::string PlainText(cmark_node* root, cmark_node* stop = nullptr);

// Where one block's own text lies in PlainText(root): bytes [begin, end)
// hold exactly PlainText(node) for the paragraph, heading or table row.
struct TextSpan {
  cmark_node* node = nullptr;
  uint32_t begin = 0, end = 0;
};

// PlainText(root), and the span of every paragraph, heading and table row
// in it, in document order: one walk instead of one per block.
std::string PlainTextWithSpans(cmark_node* root, std::vector<TextSpan>* spans);

}  // namespace portal
