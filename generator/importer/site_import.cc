#include "importer/site_import.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/utf8.h"
#include "config/site_config.h"
#include "importer/docx_reader.h"
#include "importer/encoding.h"
#include "importer/import_text.h"
#include "text/chinese.h"

namespace portal::importer {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSlugLength = 60;
constexpr int kMaxSlugSuffix = 99;

std::string LowerExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

bool IsImportable(const fs::path& p) {
  std::string ext = LowerExtension(p);
  // "~$name.docx" is Word's lock file while the document is open.
  return (ext == ".txt" || ext == ".docx") && p.filename().string().rfind("~$", 0) != 0;
}

// Expands folders into their .txt/.docx files, sorted by name.
std::vector<fs::path> ExpandInputs(const std::vector<fs::path>& inputs, Diagnostics* diags) {
  std::vector<fs::path> files;
  for (const fs::path& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<fs::path> found;
      for (const fs::directory_entry& e : fs::directory_iterator(in, ec)) {
        if (e.is_regular_file() && IsImportable(e.path())) found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        diags->Error(in.generic_string(), 0, 0, "the folder holds no .txt or .docx files",
                     "put the speeches there, or name the files themselves");
      }
      files.insert(files.end(), found.begin(), found.end());
    } else if (!fs::exists(in, ec)) {
      diags->Error(in.generic_string(), 0, 0, "no such file or folder", "check the path");
    } else if (LowerExtension(in) == ".doc" || LowerExtension(in) == ".wps") {
      diags->Error(in.generic_string(), 0, 0, "old Word (.doc/.wps) files cannot be read",
                   "open it in Word or WPS and save it as .docx, then import the .docx");
    } else if (!IsImportable(in)) {
      diags->Error(in.generic_string(), 0, 0, "only .txt and .docx files can be imported",
                   "save the speech as .docx or plain text (.txt)");
    } else {
      files.push_back(in);
    }
  }
  return files;
}

// Reads a .txt or .docx into lines; on failure reports an error and returns false.
bool ReadLines(const fs::path& path, const std::string& display, std::vector<SourceLine>* lines,
               std::string* encoding, Diagnostics* diags) {
  std::string error;
  if (LowerExtension(path) == ".docx") {
    *encoding = "docx";
    if (ReadDocx(path, lines, &error)) return true;
    diags->Error(display, 0, 0, error);
    return false;
  }
  std::string bytes, text;
  TextEncoding enc;
  if (!ReadFile(path, &bytes, &error) || !DecodeText(bytes, &text, &enc, &error)) {
    diags->Error(display, 0, 0, error);
    return false;
  }
  *encoding = TextEncodingName(enc);
  *lines = SplitTextLines(text);
  return true;
}

// Creates `path` only if it does not exist yet ("wx"), so a file that
// appears between a check and the write is not overwritten either.
// The `source:` value in the front matter of the page at `path`, or "".
std::string SourceOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (int n = 0; n < 40 && std::getline(in, line); ++n) {
    if (n > 0 && line == "---") break;
    if (line.rfind("source: ", 0) != 0) continue;
    std::string value = line.substr(8);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      try {
        return nlohmann::json::parse(value).get<std::string>();
      } catch (const nlohmann::json::exception&) {
        return value;
      }
    }
    return value;
  }
  return "";
}

bool WriteNewFile(const fs::path& path, const std::string& data, bool* existed, std::string* error) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "wx"), std::fclose);
  if (!f) {
    *existed = errno == EEXIST;
    *error = std::strerror(errno);
    return false;
  }
  if (std::fwrite(data.data(), 1, data.size(), f.get()) != data.size()) {
    *error = std::strerror(errno);
    return false;
  }
  return true;
}

// About 30 characters of `text` around code-point `column` (1-based; 0 = start),
// so a long paragraph still shows where the problem is.
std::string Excerpt(std::string_view text, int column) {
  constexpr size_t kBefore = 8, kLength = 30;
  size_t skip = column > 1 + static_cast<int>(kBefore) ? static_cast<size_t>(column - 1) - kBefore : 0;
  size_t pos = 0;
  for (size_t i = 0; i < skip && pos < text.size(); ++i) DecodeUtf8(text, &pos);
  std::string_view rest = text.substr(pos);
  std::string out = (pos > 0 ? "…" : "") + std::string(TruncateCodePoints(rest, kLength));
  if (CountCodePoints(rest) > kLength) out += "…";
  return out;
}

void ReportNote(const std::string& display, const std::vector<SourceLine>& lines, const ImportNote& n,
                Diagnostics* diags) {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = display;
  d.line = n.line;
  d.column = n.column;
  d.message = n.message;
  d.hint = n.hint;
  for (const SourceLine& l : lines) {
    if (l.line == n.line && !l.text.empty()) {
      d.message += ": " + Excerpt(l.text, n.column);
      break;
    }
  }
  diags->Add(std::move(d));
}

void ImportOne(const fs::path& path, const SiteConfig& config, const ImportOptions& options,
               ImportReport* report, Diagnostics* diags) {
  ImportRow row;
  row.input = path.generic_string();
  std::vector<SourceLine> lines;
  if (!ReadLines(path, row.input, &lines, &row.encoding, diags)) {
    report->rows.push_back(std::move(row));
    return;
  }
  std::error_code ec;
  fs::file_time_type mtime = fs::last_write_time(path, ec);
  CalendarDate file_date = DateInZone(ec ? fs::file_time_type::clock::now() : mtime, config.time_zone);
  std::string stem = path.stem().string();
  ImportedDocument doc = ConvertDocument(lines, stem, file_date);
  row.title = doc.title;
  row.headings = doc.headings;
  row.warnings = static_cast<int>(doc.warnings.size());
  row.date = doc.date.Iso();
  row.date_rule = doc.date_rule;
  row.draft = doc.placeholder_lines > 0;
  for (const ImportNote& n : doc.warnings) ReportNote(row.input, lines, n, diags);

  fs::path folder = options.site_root / "content" / options.section;
  const std::string slug = ImportSlug(doc.title, stem);
  const std::string source_name = path.filename().string();
  const std::string page = RenderPage(doc, source_name);
  fs::create_directories(folder, ec);
  // Another page on the slug (two titles cut to one slug) moves this one to
  // slug-2, slug-3, ...; the same source imported before is left alone.
  for (int n = 1; n <= kMaxSlugSuffix; ++n) {
    std::string name = n == 1 ? slug : slug + "-" + std::to_string(n);
    fs::path target = folder / (name + ".md");
    std::string target_display = "content/" + options.section + "/" + name + ".md";
    bool existed = false;
    std::string error;
    if (WriteNewFile(target, page, &existed, &error)) {
      row.output = target_display;
      break;
    }
    if (!existed) {
      diags->Error(row.input, 0, 0, "cannot write " + target_display + ": " + error);
      break;
    }
    if (SourceOf(target) == source_name) {
      diags->Error(row.input, 0, 0, target_display + " was imported from " + source_name + " before; it was not overwritten",
                   "remove or rename the existing page if this speech should replace it");
      break;
    }
    if (n == kMaxSlugSuffix) {
      diags->Error(row.input, 0, 0, target_display + " and the names before it already exist; nothing was written",
                   "give the speech a distinct title, or remove pages imported by mistake");
    }
  }
  report->rows.push_back(std::move(row));
}

std::string Pad(const std::string& s, int width) {
  int w = DisplayWidth(s);
  return s + std::string(static_cast<size_t>(std::max(0, width - w)), ' ');
}

}  // namespace

std::string ImportSlug(const std::string& title, const std::string& fallback) {
  std::string slug = Slugify(title);
  if (slug.empty()) slug = Slugify(fallback);
  if (slug.empty()) slug = "speech";
  if (slug.size() > kMaxSlugLength) {
    size_t dash = slug.rfind('-', kMaxSlugLength);
    slug.resize(dash == std::string::npos || dash == 0 ? kMaxSlugLength : dash);
  }
  return slug;
}

bool ImportIntoSite(const ImportOptions& options, ImportReport* report, Diagnostics* diags) {
  SiteConfig config;
  if (!LoadSiteConfig(options.site_root / "site-config" / "site.yaml", "site-config/site.yaml", &config,
                      diags)) {
    return false;
  }
  if (!config.FindSection(options.section)) {
    std::vector<std::string> names;
    std::string known;
    for (const SectionConfig& s : config.sections) {
      names.push_back(s.name);
      known += (known.empty() ? "" : ", ") + s.name;
    }
    std::string close = ClosestMatch(options.section, names);
    diags->Error("site-config/site.yaml", 0, 0,
                 "unknown section '" + options.section + "'; the sections are: " + known,
                 close.empty() ? "add the section to site.yaml, or use one of those"
                               : "did you mean '" + close + "'?");
    return false;
  }
  int errors_before = diags->error_count();
  for (const fs::path& path : ExpandInputs(options.inputs, diags)) {
    ImportOne(path, config, options, report, diags);
  }
  return diags->error_count() == errors_before && !report->rows.empty();
}

std::string FormatImportTable(const ImportReport& report) {
  std::vector<std::vector<std::string>> rows = {{"input", "output", "title", "date", "headings", "warnings"}};
  for (const ImportRow& r : report.rows) {
    std::string title(TruncateCodePoints(r.title, 24));
    if (title.size() < r.title.size()) title += "…";
    std::string output = r.output.empty() ? "(not written)" : r.output + (r.draft ? " (draft)" : "");
    std::string date = r.date.empty() ? "" : r.date + (r.date_rule == "file date" ? " (file date!)" : "");
    rows.push_back({r.input, output, title, date, std::to_string(r.headings), std::to_string(r.warnings)});
  }
  std::vector<int> w(rows[0].size(), 0);
  for (const auto& cells : rows) {
    for (size_t c = 0; c < cells.size(); ++c) w[c] = std::max(w[c], DisplayWidth(cells[c]));
  }
  std::string out;
  for (const auto& cells : rows) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) line += c + 1 < cells.size() ? Pad(cells[c], w[c]) + "  " : cells[c];
    out += line + "\n";
  }
  bool drafts = false, file_dates = false;
  for (const ImportRow& r : report.rows) {
    drafts = drafts || (r.draft && !r.output.empty());
    file_dates = file_dates || (r.date_rule == "file date" && !r.output.empty());
  }
  if (drafts) out += "(draft): placeholders are left (see the warnings); the page is published once they are filled and draft: true is removed\n";
  if (file_dates) out += "(file date!): the text names no date, so the file's date was used; check it\n";
  return out;
}

}  // namespace portal::importer
