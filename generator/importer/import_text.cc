#include "importer/import_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "importer/outline.h"
#include "importer/placeholders.h"
#include "importer/tags.h"
#include "importer/title.h"

namespace portal::importer {
namespace {

// Lines at the end of a speech that may hold its 落款 (organization, date).
constexpr size_t kSignatureLines = 3;

std::string YamlString(const std::string& s) {
  // A JSON string is a valid YAML double-quoted scalar.
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AddPlaceholderWarnings(const std::vector<SourceLine>& lines, size_t body_start,
                            std::vector<ImportNote>* warnings) {
  for (size_t i = 0; i < lines.size(); ++i) {
    // Notices above the title are dropped, so their placeholders do not matter.
    if (i < body_start && IsNoticeLine(lines[i].text)) continue;
    std::vector<Placeholder> found = FindPlaceholders(lines[i].text);
    if (found.empty()) continue;
    // One warning per line: a paragraph full of XX would otherwise bury the rest.
    ImportNote n;
    n.line = lines[i].line;
    n.column = found[0].column;
    std::vector<std::string> shown;
    for (const Placeholder& p : found) {
      if (std::find(shown.begin(), shown.end(), p.shown) == shown.end()) shown.push_back(p.shown);
    }
    for (size_t k = 0; k < shown.size(); ++k) n.message += (k ? ", '" : "'") + shown[k] + "'";
    n.message = (found.size() == 1 ? "placeholder " : std::to_string(found.size()) + " placeholders ") +
                n.message + " left from a template";
    n.hint = "replace with the real name or number; the page is a draft until then";
    warnings->push_back(std::move(n));
  }
}

}  // namespace

ImportedDocument ConvertDocument(const std::vector<SourceLine>& lines, const std::string& fallback_title,
                                 const CalendarDate& file_date) {
  ImportedDocument doc;
  DocumentHeader header = ExtractHeader(lines);
  doc.title = header.title;
  doc.occasion = header.occasion;
  if (doc.title.empty()) {
    doc.title = fallback_title;
    ImportNote n;
    n.line = header.body_start < lines.size() ? lines[header.body_start].line : 0;
    n.message = "no title line found; the title is the file name '" + fallback_title + "'";
    n.hint = "put the title on the first line, or edit title: in the front matter";
    doc.warnings.push_back(std::move(n));
  }
  std::vector<SourceLine> body(lines.begin() + static_cast<long>(header.body_start), lines.end());
  OutlineResult outline = BuildOutline(body);
  doc.body = std::move(outline.markdown);
  doc.headings = outline.headings;

  std::vector<std::string_view> head_text = {header.title, header.occasion, header.date_text};
  // A date on a line of its own at the end (the 落款 under a speech) dates
  // the speech as the header's does; a full date inside a paragraph does not.
  for (size_t i = body.size(), lines_seen = 0; i-- > 0 && lines_seen < kSignatureLines;) {
    if (body[i].text.empty()) continue;
    ++lines_seen;
    if (IsDateOnlyLine(body[i].text)) {
      head_text.push_back(body[i].text);
      break;
    }
  }
  std::vector<std::string_view> body_text;
  std::string all_text = header.title + "\n" + header.occasion + "\n";
  for (const SourceLine& l : body) {
    body_text.push_back(l.text);
    all_text += l.text + "\n";
  }
  if (!GuessDate(head_text, body_text, &doc.date, &doc.date_rule)) {
    doc.date = file_date;
    doc.date_rule = "file date";
  }
  doc.tags = SuggestTags(all_text);

  AddPlaceholderWarnings(lines, header.body_start, &doc.warnings);
  doc.placeholder_lines = static_cast<int>(doc.warnings.size());
  for (ImportNote& n : outline.notes) doc.warnings.push_back(std::move(n));
  return doc;
}

std::string RenderPage(const ImportedDocument& doc, const std::string& source_name) {
  std::string out = "---\n";
  out += "title: " + YamlString(doc.title) + "\n";
  out += "date: " + doc.date.Iso() + "\n";
  if (!doc.occasion.empty()) out += "occasion: " + YamlString(doc.occasion) + "\n";
  if (!doc.tags.empty()) {
    out += "tags: [";
    for (size_t i = 0; i < doc.tags.size(); ++i) out += (i ? ", " : "") + YamlString(doc.tags[i]);
    out += "]\n";
  }
  out += "source: " + YamlString(source_name) + "\n";
  if (doc.placeholder_lines > 0) {
    out += "draft: true  # placeholders left from a template (portal import's warnings): fill them, then remove this line\n";
  }
  out += "---\n\n";
  out += doc.body;
  return out;
}

}  // namespace portal::importer
