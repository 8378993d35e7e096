// Plain-words explanations of yaml-cpp syntax errors: editors who have never
// heard of YAML should still see which character to fix and how.
#pragma once

#include <string>
#include <string_view>

namespace portal {

struct YamlSyntaxError {
  int line = 0;         // 0-based line in the YAML text
  int byte_column = 0;  // 0-based byte offset in that line
  std::string message;  // "invalid YAML: ..."
  std::string hint;     // what to write instead
};

// Explains yaml-cpp's `msg` raised at (line, byte_column) of `yaml`, moving the
// position to the real culprit when the parser noticed late (an unclosed quote
// is reported at the end of the text).
YamlSyntaxError ExplainYamlError(std::string_view yaml, int line, int byte_column, const std::string& msg);

// Finds a quoted value that is never closed. yaml-cpp 0.7 silently accepts
// one at the end of the text when the text ends with a newline, swallowing
// every later key into the value, so callers check even after a clean parse.
bool FindUnclosedQuote(std::string_view yaml, YamlSyntaxError* e);

// True when `line` looks like "key：value" with a full-width colon where YAML
// needs ':'; *byte_column is set to the colon.
bool HasFullWidthColonKey(std::string_view line, int* byte_column);

}  // namespace portal
