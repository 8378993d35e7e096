// The input of an import: a document as numbered lines, whatever its format.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal::importer {

// One line of a .txt file or one paragraph of a .docx.
struct SourceLine {
  std::string text;          // trimmed (also of U+3000 indents); "" for a blank line
  int line = 0;              // 1-based line in the .txt, or paragraph number in the .docx
  int heading_level = 0;     // Word Heading 1–3 paragraph style, else 0
  bool title_style = false;  // Word "Title" paragraph style
};

// Something an editor must look at, at a line of the input file.
struct ImportNote {
  int line = 0;
  int column = 0;  // code points, 1-based; 0 for the whole line
  std::string message;
  std::string hint;
};

// Splits decoded text (LF line ends) into numbered, trimmed lines.
std::vector<SourceLine> SplitTextLines(std::string_view text);

// `s` without leading and trailing ASCII spaces, tabs, U+3000 (ideographic
// space, the usual two-character indent) and U+00A0.
std::string_view TrimSpaces(std::string_view s);

}  // namespace portal::importer
