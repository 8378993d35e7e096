#include "base/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "base/utf8.h"

namespace portal {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("portal") : d.file;
  if (d.line > 0) {
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false
    // positive) on ":" + std::to_string(...).
    out += ':';
    out += std::to_string(d.line);
    if (d.column > 0) {
      out += ':';
      out += std::to_string(d.column);
    }
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  out += "\n";
  if (d.line > 0 && !d.source_line.empty()) {
    std::string num = std::to_string(d.line);
    std::string pad(num.size(), ' ');
    out += "  " + num + " | " + d.source_line + "\n";
    if (d.column > 0) {
      std::string_view before = TruncateCodePoints(d.source_line, d.column - 1);
      out += "  " + pad + " | " + std::string(DisplayWidth(before), ' ') + "^\n";
    }
  }
  if (!d.hint.empty()) out += "  hint: " + d.hint + "\n";
  return out;
}

Diagnostic MakeDiagnostic(Severity severity, std::string file, std::string_view text, int line,
                          int column, std::string message, std::string hint) {
  Diagnostic d;
  d.severity = severity;
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.hint = std::move(hint);
  if (line > 0) d.source_line = std::string(LineAt(text, line));
  return d;
}

void Diagnostics::Add(Diagnostic d) {
  std::lock_guard<std::mutex> lock(mu_);
  list_.push_back(std::move(d));
}

void Diagnostics::Error(std::string file, int line, int column, std::string message, std::string hint) {
  Add(Diagnostic{Severity::kError, std::move(file), line, column, std::move(message), "", std::move(hint)});
}

void Diagnostics::Warning(std::string file, int line, int column, std::string message, std::string hint) {
  Add(Diagnostic{Severity::kWarning, std::move(file), line, column, std::move(message), "", std::move(hint)});
}

int Diagnostics::error_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(std::count_if(list_.begin(), list_.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

int Diagnostics::warning_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(list_.size()) -
         static_cast<int>(std::count_if(list_.begin(), list_.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out = list_;
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
  });
  return out;
}

std::string Diagnostics::Format() const {
  std::string out;
  for (const Diagnostic& d : Sorted()) out += FormatDiagnostic(d);
  return out;
}

int EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance: a swap of two neighbours ("titel")
  // counts as one edit, the most common typo in keys.
  std::u32string x, y;
  for (size_t i = 0; i < a.size();) x.push_back(DecodeUtf8(a, &i));
  for (size_t i = 0; i < b.size();) y.push_back(DecodeUtf8(b, &i));
  std::vector<std::vector<int>> d(x.size() + 1, std::vector<int>(y.size() + 1));
  for (size_t i = 0; i <= x.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= y.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    for (size_t j = 1; j <= y.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[x.size()][y.size()];
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  int best_d = 1 << 30;
  for (const std::string& c : candidates) {
    int d = EditDistance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  int limit = std::max<int>(1, static_cast<int>(CountCodePoints(word)) / 3);
  return best_d <= limit ? best : "";
}

}  // namespace portal
