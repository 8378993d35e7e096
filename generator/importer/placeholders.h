// Template placeholders left in a speech (X镇, XX同志, **人, *个, ××).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal::importer {

struct Placeholder {
  int column = 0;    // 1-based, in code points
  std::string text;  // the run of placeholder characters, e.g. "XX"
  std::string shown;  // with the Han character after it, as editors name them: "X镇", "**人"
};

// Runs of X, x, Ｘ, ×, * or ＊ that stand for a name or number left unfilled:
// not touching a Latin letter (so "XML" and "Xi" are not hits), and for a
// single character, touching Chinese text, punctuation or a digit (so
// "3×4" and "a * b" are not hits). Returns them in order.
std::vector<Placeholder> FindPlaceholders(std::string_view line);

}  // namespace portal::importer
