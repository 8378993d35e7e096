// One speech converted: the lines of a .txt or .docx -> a Markdown page.
#pragma once

#include <string>
#include <vector>

#include "importer/date_guess.h"
#include "importer/source_line.h"

namespace portal::importer {

struct ImportedDocument {
  std::string title;
  std::string occasion;           // from the —— subtitle, or ""
  CalendarDate date;
  std::string date_rule;          // which rule of GuessDate matched, or "file date"
  std::vector<std::string> tags;  // suggested from “quoted terms”
  std::string body;               // Markdown
  int headings = 0;
  std::vector<ImportNote> warnings;  // placeholders and numbering, at input lines
  int placeholder_lines = 0;         // lines with a placeholder: the page is then a draft
};

// Converts `lines` with the header, outline, date, tag and placeholder rules
// (see title.h, outline.h, date_guess.h, tags.h, placeholders.h); a date
// line among the last three lines (the 落款) counts as a header date.
// `fallback_title` is used when the text has no title line (with a warning),
// `file_date` when the text names no date. Never fails: what a rule cannot
// decide becomes a warning.
ImportedDocument ConvertDocument(const std::vector<SourceLine>& lines, const std::string& fallback_title,
                                 const CalendarDate& file_date);

// The page file: YAML front matter (title, date, occasion, tags, source =
// `source_name`, and draft: true while placeholders are left, since those
// must not be published) and the Markdown body.
std::string RenderPage(const ImportedDocument& doc, const std::string& source_name);

}  // namespace portal::importer
