// libFuzzer target: a page file from bytes to front matter and URL, as the
// loader does it (content/front_matter.h, site/page_path.h). Properties
// checked beyond "no crash, no sanitizer report": an accepted slug never
// leaves its folder, and every diagnostic formats.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/diagnostic.h"
#include "base/utf8.h"
#include "content/front_matter.h"
#include "site/page_path.h"

using namespace portal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  bool section_index = size > 0 && (data[0] & 1);
  if (NormalizeSourceText(&text, "content/speeches/a.md", &diags)) {
    SplitSource split;
    if (SplitFrontMatter(text, "content/speeches/a.md", &split, &diags)) {
      FrontMatter fm;
      if (ParseFrontMatter(split, text, "content/speeches/a.md", 480, section_index, &fm, &diags)) {
        std::string slug, url, error;
        if (PagePath("speeches", {"2024"}, "a", fm.slug, &slug, &url, &error)) {
          if (url.find("/../") != std::string::npos || url.find("/./") != std::string::npos ||
              url.find('\\') != std::string::npos || url.find('\0') != std::string::npos ||
              url.rfind("/speeches/2024/", 0) != 0 || slug.find('/') != std::string::npos) {
            std::abort();  // a slug that escapes its folder was accepted
          }
        }
        (void)FindKeyLine(text, "slug");
        (void)SegmentSlug(fm.title, "page");
      }
    }
  }
  (void)diags.Format();
  return 0;
}
