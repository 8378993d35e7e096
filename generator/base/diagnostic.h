// Diagnostics: errors and warnings with a position, printed in compiler format.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace portal {

enum class Severity { kWarning, kError };

// One message about one place in one file. line/column are 1-based; 0 means
// "the whole file" (no line) or "the whole line" (no column). column counts
// Unicode code points, not bytes, so it matches what an editor shows.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;         // as shown to the user, relative to the site root
  int line = 0;
  int column = 0;
  std::string message;      // what is wrong, one sentence
  std::string source_line;  // the offending line, shown with a caret (optional)
  std::string hint;         // how to fix it, "did you mean ...?" (optional)
};

// Formats as
//   content/speeches/a.md:3:8: error: message
//       3 | date: 2020-02-30
//         |       ^
//     hint: ...
// The caret is placed by display width, so it sits under the right character
// even after CJK (double-width) text.
std::string FormatDiagnostic(const Diagnostic& d);

// Builds a Diagnostic pointing at `line` (1-based) of `text`, taking the source
// line from the text itself.
Diagnostic MakeDiagnostic(Severity severity, std::string file, std::string_view text,
                          int line, int column, std::string message, std::string hint = "");

// A thread-safe collection of diagnostics from every stage of a run, so all
// errors of a run are reported together.
class Diagnostics {
 public:
  void Add(Diagnostic d);
  void Error(std::string file, int line, int column, std::string message, std::string hint = "");
  void Warning(std::string file, int line, int column, std::string message, std::string hint = "");
  int error_count() const;
  int warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  // All diagnostics sorted by file, line, column, then message: stable output.
  std::vector<Diagnostic> Sorted() const;
  // Sorted diagnostics, formatted, each followed by a blank line.
  std::string Format() const;

 private:
  mutable std::mutex mu_;
  std::vector<Diagnostic> list_;
};

// Levenshtein distance over code points; used for "did you mean" hints.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo,
// else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace portal
