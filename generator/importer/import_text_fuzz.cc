// libFuzzer target: portal import of one document (importer/): bytes ->
// decoded text (UTF-8, UTF-16, GB18030) -> lines -> Markdown page; or, when
// the first byte is odd, bytes -> WordprocessingML paragraphs -> page.
// Checked beyond "no crash, no sanitizer report": the page the importer
// writes is always a valid page for the build (front matter parses, title
// and date kept).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/diagnostic.h"
#include "content/front_matter.h"
#include "importer/docx_reader.h"
#include "importer/encoding.h"
#include "importer/import_text.h"

using namespace portal;
using namespace portal::importer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<SourceLine> lines;
  if (data[0] & 1) {
    std::string error;
    if (!ParseWordXml(bytes, "", &lines, &error)) return 0;
  } else {
    std::string text, error;
    TextEncoding encoding;
    if (!DecodeText(bytes, &text, &encoding, &error)) return 0;
    lines = SplitTextLines(text);
  }
  ImportedDocument doc = ConvertDocument(lines, "备用标题", CalendarDate{2024, 3, 5});
  std::string page = RenderPage(doc, "讲话.txt");
  // The importer's output must build.
  Diagnostics diags;
  std::string text = page;
  SplitSource split;
  FrontMatter fm;
  if (!NormalizeSourceText(&text, "imported.md", &diags) || !SplitFrontMatter(text, "imported.md", &split, &diags) ||
      !ParseFrontMatter(split, text, "imported.md", 480, false, &fm, &diags)) {
    std::fprintf(stderr, "imported page does not parse:\n%s\n%s\n", page.c_str(), diags.Format().c_str());
    std::abort();
  }
  return 0;
}
