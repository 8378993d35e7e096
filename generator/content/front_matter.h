// Front matter: the YAML block between '---' lines at the top of a page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"
#include "content/date.h"

namespace portal {

struct FrontMatter {
  std::string title;
  DateTime date;
  std::optional<DateTime> lastmod;
  bool draft = false;
  std::string slug;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string summary;
  std::string author;
  int weight = 0;
  std::vector<std::string> aliases;
  // Domain keys of Party-building documents.
  std::string speaker;       // 讲话人
  std::string occasion;      // the meeting (会议)
  std::string organization;  // 发文单位
  std::string doc_number;    // 文号, e.g. 〔2023〕5号
  std::string source;        // 来源
  nlohmann::json extra = nlohmann::json::object();  // unknown keys, kept for templates
};

// A source file split into its front matter and body.
struct SplitSource {
  std::string_view yaml;  // between the '---' lines ("" when there is none)
  std::string_view body;  // after the closing '---'
  int yaml_first_line = 0;  // 1-based line of the first YAML line
  int body_first_line = 1;  // 1-based line where the body starts
  bool has_front_matter = false;
};

// Splits normalized text (no BOM, LF line ends). Returns false and reports an
// error when an opening '---' has no closing one.
bool SplitFrontMatter(std::string_view text, const std::string& display, SplitSource* out,
                      Diagnostics* diags);

// Parses and validates front matter YAML. Positions in diagnostics are
// relative to the whole file (yaml_first_line is added). `is_section_index`
// relaxes required keys for _index.md. Returns false when any error was
// reported; all errors in the block are reported, not just the first.
bool ParseFrontMatter(const SplitSource& src, std::string_view whole_text, const std::string& display,
                      int default_offset_minutes, bool is_section_index, FrontMatter* out,
                      Diagnostics* diags);

// Removes a UTF-8 BOM and turns CRLF/CR into LF. Reports invalid UTF-8 with
// its line and column and returns false.
bool NormalizeSourceText(std::string* text, const std::string& display, Diagnostics* diags);

}  // namespace portal
