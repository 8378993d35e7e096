// libFuzzer target: the Markdown body of a page to HTML, headings, summary
// and text (markdown/markdown.h). The first byte picks the options. Checked
// beyond "no crash, no sanitizer report": without markup.unsafe no raw
// <script>, <iframe> or event handler attribute from the input survives, and
// no link or image points at javascript:.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "markdown/markdown.h"

using namespace portal;

namespace {
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
void ExpectSafe(const std::string& html) {
  std::string h = Lower(html);
  for (const char* bad : {"<script", "<iframe", "href=\"javascript:", "src=\"javascript:", "href=\"vbscript:"}) {
    if (h.find(bad) != std::string::npos) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  MarkdownOptions options;
  options.unsafe_html = (data[0] & 1) != 0;
  options.anchor_paragraphs = (data[0] & 2) != 0;
  options.summary_length = 1 + (data[0] >> 2);
  std::string_view md(reinterpret_cast<const char*>(data) + 1, size - 1);
  RenderedMarkdown r = RenderMarkdown(md, options);
  if (!options.unsafe_html) {
    ExpectSafe(r.html);
    ExpectSafe(r.summary_html);
  }
  if (r.reading_minutes < 1 || r.char_count < 0) std::abort();
  for (const Heading& h : r.headings) {
    if (h.id.empty() || h.level < 1 || h.level > 6) std::abort();
  }
  (void)HeadingId(md);
  (void)AutoSummary(md, options.summary_length);
  return 0;
}
