// Placeholders left from templates (X镇, XX, **人, *个, ××): text that must
// be filled in before a page is published.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal {

struct PlaceholderHit {
  size_t offset = 0;  // byte offset in the line
  std::string text;   // as found, e.g. "X镇" or "**人"
};

// Placeholders in one line of Markdown. Runs of X (two or more, or one
// before a Chinese character: X镇, or between Chinese marks: 《X》, 、X、), runs of × or ＊, and * runs before a
// measure word (**人, *个) count; Latin words (XXL, Xi) and Markdown
// emphasis (**人民至上**) do not. Escaped stars (\\*\\*人, as portal import
// writes them) cannot be emphasis: a run of them before a Chinese character,
// or between one and Chinese punctuation (富强\\*、), counts, as "**人".
std::vector<PlaceholderHit> FindPlaceholders(std::string_view line);

}  // namespace portal
