#include "markdown/hostile_input.h"

#include "base/utf8.h"

namespace portal {
namespace {

// Limits far above anything a person writes, low enough that 10 MB of the
// worst case renders in seconds (measured against 0.29.0.gfm.6).
constexpr int kMaxPipesPerLine = 128;         // table rows: cost grows with cells squared
constexpr int kMaxBracketsPerParagraph = 400; // '[' / '![': unmatched openers are rescanned
constexpr int kMaxHtmlOpenersPerParagraph = 200;  // unclosed "<?" and "<![CDATA[" rescan to the end

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Length of a ``` or ~~~ fence at the start of `line`, or 0.
size_t FenceLength(std::string_view line) {
  size_t i = Indent(line);
  if (i > 3 || i >= line.size() || (line[i] != '`' && line[i] != '~')) return 0;
  size_t n = line.find_first_not_of(line[i], i);
  n = (n == std::string_view::npos ? line.size() : n) - i;
  return n >= 3 ? n : 0;
}

// A bullet item always starts a new paragraph (it may interrupt one).
bool StartsBulletItem(std::string_view line) {
  size_t i = Indent(line);
  return i + 1 < line.size() && (line[i] == '-' || line[i] == '*' || line[i] == '+') &&
         (line[i + 1] == ' ' || line[i + 1] == '\t');
}

bool IsTableDelimiterRow(std::string_view line) {
  return line.find_first_not_of("|-: \t\r\n") == std::string_view::npos &&
         line.find('-') != std::string_view::npos && line.find('|') != std::string_view::npos;
}

bool OpensRescannedHtml(std::string_view line, size_t i) {
  if (i + 1 >= line.size()) return false;
  if (line[i + 1] == '?') return true;
  return line[i + 1] == '!' && line.substr(i + 2, 2) != "--";  // comments are handled well
}

// Counts per paragraph (approximated by the lines between resets).
struct Budget {
  int brackets = 0;
  int html_openers = 0;
};

void AppendDefused(std::string_view line, Budget* budget, std::string* out) {
  int pipes = 0;
  size_t run = 0;  // start of the bytes not yet appended
  for (size_t i = FindAnyOf4(line, 0, '\\', '|', '[', '<'); i < line.size();
       i = FindAnyOf4(line, i + 1, '\\', '|', '[', '<')) {
    char c = line[i];
    if (c == '\\') {  // an escape pair stays as written
      ++i;
      continue;
    }
    bool escape = (c == '|' && ++pipes > kMaxPipesPerLine) ||
                  (c == '[' && ++budget->brackets > kMaxBracketsPerParagraph) ||
                  (c == '<' && OpensRescannedHtml(line, i) &&
                   ++budget->html_openers > kMaxHtmlOpenersPerParagraph);
    if (escape) {
      out->append(line.substr(run, i - run));
      out->push_back('\\');
      run = i;
    }
  }
  out->append(line.substr(run));
}

}  // namespace

std::string DefuseHostileMarkdown(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + 64);
  Budget budget;
  size_t fence = 0;  // length of the open code fence, 0 outside code
  bool in_table = false;
  for (size_t start = 0; start < markdown.size();) {
    size_t end = markdown.find('\n', start);
    end = end == std::string_view::npos ? markdown.size() : end + 1;
    std::string_view line = markdown.substr(start, end - start);
    start = end;
    size_t fence_here = FenceLength(line);
    if (fence > 0 || fence_here > 0) {  // code is copied verbatim
      if (fence == 0) fence = fence_here;
      else if (fence_here >= fence && IsBlank(line.substr(Indent(line) + fence_here))) fence = 0;
      out.append(line);
      budget = Budget{};
      continue;
    }
    if (IsBlank(line)) in_table = false;
    if (IsBlank(line) || in_table || StartsBulletItem(line)) budget = Budget{};
    if (IsTableDelimiterRow(line)) in_table = true;
    AppendDefused(line, &budget, &out);
  }
  return out;
}

}  // namespace portal
