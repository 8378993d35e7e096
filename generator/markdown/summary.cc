// AutoSummary (declared in markdown.h): the page summary when the author
// gave no <!--more--> marker.
#include <string>

#include "base/utf8.h"
#include "markdown/line_joining.h"
#include "markdown/markdown.h"

namespace portal {
namespace {

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

bool EndsSentence(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'!' || c == U'?';
}

// Closing quotes and brackets stay with the sentence they close: 他说：“好。”
bool ClosesQuote(char32_t c) {
  return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）' || c == U')' ||
         c == U'"' || c == U'》';
}

// Byte length of the longest prefix of `span` ending a sentence, or 0.
size_t LastSentenceEnd(std::string_view span) {
  size_t cut = 0;
  bool after_end = false;
  for (size_t pos = 0; pos < span.size();) {
    char32_t c = DecodeUtf8(span, &pos);
    if (EndsSentence(c) || (after_end && ClosesQuote(c))) {
      cut = pos;
      after_end = true;
    } else {
      after_end = false;
    }
  }
  return cut;
}

}  // namespace

std::string AutoSummary(std::string_view text, int max_chars) {
  if (max_chars <= 0) return "";
  // Only the start of the text can reach the summary: work on a prefix that
  // still holds more than max_chars characters once newlines are collapsed
  // (collapsing is local, so the prefix collapses to a prefix of the whole).
  size_t limit = static_cast<size_t>(max_chars) * 8 + 64;
  if (text.size() > limit) {
    std::string_view head = TruncateCodePoints(text, limit / 2);
    std::string joined = CollapseNewlines(head);
    std::string_view body = Trim(joined);
    if (CountCodePoints(body) > static_cast<size_t>(max_chars) + 2) {
      std::string_view span = TruncateCodePoints(body, static_cast<size_t>(max_chars));
      if (size_t cut = LastSentenceEnd(span); cut > 0) return std::string(Trim(span.substr(0, cut)));
      return std::string(Trim(span)) + "……";
    }
  }
  std::string joined = CollapseNewlines(text);
  std::string_view body = Trim(joined);
  if (CountCodePoints(body) <= static_cast<size_t>(max_chars)) return std::string(body);
  std::string_view span = TruncateCodePoints(body, static_cast<size_t>(max_chars));
  if (size_t cut = LastSentenceEnd(span); cut > 0) return std::string(Trim(span.substr(0, cut)));
  return std::string(Trim(span)) + "……";
}

}  // namespace portal
