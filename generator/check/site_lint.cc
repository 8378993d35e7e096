#include "check/site_lint.h"

#include <algorithm>

#include "base/file.h"
#include "base/utf8.h"
#include "check/placeholders.h"
#include "content/front_matter.h"
#include "site/page_path.h"

namespace portal {

namespace {

std::string PageText(const Page& page) {
  std::string text, error;
  if (!ReadFile(page.source_abs, &text, &error)) return "";
  Diagnostics ignored;
  NormalizeSourceText(&text, page.source, &ignored);
  return text;
}

void ReportLine(const Page& page, std::string_view text, int line, Diagnostics* diags) {
  std::string_view source = LineAt(text, line);
  for (const PlaceholderHit& hit : FindPlaceholders(source)) {
    int column = static_cast<int>(CountCodePoints(source.substr(0, hit.offset))) + 1;
    diags->Add(MakeDiagnostic(page.meta.draft ? Severity::kWarning : Severity::kError, page.source, text, line,
                              column, "placeholder '" + hit.text + "' left in the text",
                              "replace it with the real name or number before publishing"));
  }
}

}  // namespace

void CheckPlaceholders(const Site& site, Diagnostics* diags) {
  for (const auto& page : site.pages) {
    std::string text = PageText(*page);
    if (text.empty()) continue;
    // The front matter keys the theme shows as text (the 讲话 subtitle too).
    for (const char* key : {"title", "occasion", "speaker", "organization", "summary"}) {
      if (int line = FindKeyLine(text, key); line > 0) ReportLine(*page, text, line, diags);
    }
    bool fenced = false;  // code blocks show text as it is: not checked
    int lines = 1;
    for (char c : text) lines += c == '\n';
    for (int line = page->body_first_line; line <= lines; ++line) {
      std::string_view source = LineAt(text, line);
      size_t indent = source.find_first_not_of(' ');
      if (indent != std::string_view::npos && indent < 4 &&
          (source.substr(indent, 3) == "```" || source.substr(indent, 3) == "~~~")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) ReportLine(*page, text, line, diags);
    }
  }
}

void CheckEmptySections(const Site& site, const std::filesystem::path& site_root, Diagnostics* diags) {
  std::string yaml, error;
  ReadFile(site_root / "site-config" / "site.yaml", &yaml, &error);
  for (const Section& section : site.sections) {
    if (!section.pages.empty()) continue;
    int line = 0, column = 0, n = 1;
    for (size_t start = 0; start < yaml.size() && line == 0; ++n) {
      size_t end = std::min(yaml.find('\n', start), yaml.size());
      std::string_view l(yaml.data() + start, end - start);
      size_t at = l.find("name:");
      if (at != std::string_view::npos && l.find(section.config.name, at + 5) != std::string_view::npos) {
        line = n;
        column = static_cast<int>(CountCodePoints(l.substr(0, at))) + 1;
      }
      start = end + 1;
    }
    diags->Add(MakeDiagnostic(Severity::kWarning, "site-config/site.yaml", yaml, line, column,
                              "section '" + section.config.name + "' (" + section.config.label + ") has no pages",
                              "add one with: portal new " + section.config.name +
                                  " \"标题\", or remove the section from site-config/site.yaml"));
  }
}

void CheckTags(const Site& site, Diagnostics* diags) {
  for (const auto& page : site.pages) {
    if (!page->meta.tags.empty()) continue;
    std::string text = PageText(*page);
    int line = FindKeyLine(text, "tags");
    if (line == 0) line = FindKeyLine(text, "title");
    diags->Add(MakeDiagnostic(Severity::kWarning, page->source, text, line, 0, "page has no tags",
                              "add tags so readers find related pages, e.g. tags: [两个维护, 主题教育]"));
  }
}

}  // namespace portal
