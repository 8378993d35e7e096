// `portal import`: speeches in .txt and .docx -> pages in content/SECTION/.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace portal::importer {

struct ImportOptions {
  std::filesystem::path site_root = ".";
  std::string section;                       // must be a section of site.yaml
  std::vector<std::filesystem::path> inputs;  // .txt/.docx files, or folders of them
};

// One input and what became of it.
struct ImportRow {
  std::string input;     // as given (a folder's files as folder/name)
  std::string output;    // "content/SECTION/slug.md", or "" when nothing was written
  std::string title;
  std::string encoding;  // "UTF-8", "GB18030", "docx", ...
  int headings = 0;
  int warnings = 0;
  std::string date;       // as written in the page
  std::string date_rule;  // where it came from ("file date" when the text names none)
  bool draft = false;     // placeholders left: imported as a draft
};

struct ImportReport {
  std::vector<ImportRow> rows;  // in input order; folders sorted by file name
};

// Imports every input into SITE/content/SECTION/<pinyin-slug-of-title>.md.
// Never overwrites: a target imported from the same source file before is
// an error for that input, which is skipped, and the others go on; a target
// holding another page (two titles with one slug) moves the new page to
// <slug>-2.md, -3, and so on. Errors (unknown section, with the known
// ones listed; unreadable input or encoding; existing target) and warnings
// (placeholders, numbering) go to `diags` at input:line. Returns false when
// any error was reported.
bool ImportIntoSite(const ImportOptions& options, ImportReport* report, Diagnostics* diags);

// The file slug for a title: Slugify, cut at a '-' to at most 60 characters;
// `fallback` (the input's file name) when the title gives no slug.
std::string ImportSlug(const std::string& title, const std::string& fallback);

// A table of the rows: input, output, title, headings, warnings.
std::string FormatImportTable(const ImportReport& report);

}  // namespace portal::importer
