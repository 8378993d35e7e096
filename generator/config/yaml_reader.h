// YamlReader: typed reads from yaml-cpp nodes that report wrong types at the
// value's file:line:column, so site config and front matter speak alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "base/diagnostic.h"

namespace portal {

// Reads one YAML block of one file. `name` arguments are the key as it should
// appear in messages ("pageSize", "feed.length"); `example` is a value shown
// in the hint ("10", "东风镇党建学习园地").
class YamlReader {
 public:
  // `file_text` is the whole file (source lines for messages); line 0 of the
  // YAML is line `first_line` (1-based) of the file.
  YamlReader(std::string_view file_text, std::string display, int first_line, Diagnostics* diags);

  // Parses `yaml` into *root; on a syntax error reports it in plain words at
  // its position and returns false.
  bool Parse(const std::string& yaml, YAML::Node* root);

  // Error or warning at a mark, with the source line and a caret.
  void ErrorAt(const YAML::Mark& mark, std::string message, std::string hint = "");
  void WarningAt(const YAML::Mark& mark, std::string message, std::string hint = "");
  // Error about a whole line (no source line, no caret), e.g. a missing key.
  void ErrorAtLine(int file_line, std::string message, std::string hint = "");

  // 1-based file line of a mark (first_line for a null mark).
  int Line(const YAML::Mark& mark) const;

  // Typed reads of `value` stored under `key`. An empty (null) value leaves
  // *out unchanged and succeeds; a wrong type is reported at the value and
  // returns false with *out unchanged.
  bool ReadString(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                  std::string_view example, std::string* out);
  bool ReadInt(const YAML::Node& key, const YAML::Node& value, std::string_view name, int min,
               std::string_view example, int* out);
  bool ReadBool(const YAML::Node& key, const YAML::Node& value, std::string_view name, bool* out);
  // A list of texts; a single text is taken as a one-item list.
  bool ReadStringList(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                      std::string_view example, std::vector<std::string>* out);
  // True when `value` is a mapping or empty; otherwise reports and returns false.
  bool ExpectMap(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                 std::string_view example);
  // Any value as JSON (see YamlToJson); one too deep or too large is
  // reported at the value and returns false with *out unchanged.
  bool ReadJson(const YAML::Node& key, const YAML::Node& value, std::string_view name, bool typed_scalars,
                nlohmann::json* out);

  // Reports keys of `map` that appear twice (error) and, when `known` is not
  // empty, keys not in it (warning with a did-you-mean hint). `where` names
  // the mapping in messages ("" for the top level, "feed", "a section").
  void CheckKeys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view where);

  // Where to point for `value`: yaml-cpp marks an empty value at the start of
  // the next line, so for those the key is the better place.
  static YAML::Mark ValueMark(const YAML::Node& key, const YAML::Node& value);

  // Errors reported through this reader (the shared Diagnostics is shared
  // with other threads, so its count says nothing about this file).
  int error_count() const { return errors_; }

 private:
  Diagnostic At(Severity severity, const YAML::Mark& mark, std::string message, std::string hint) const;
  void ReportParseError(const YAML::ParserException& e, const std::string& yaml);

  std::string_view text_;
  std::string display_;
  int first_line_;
  Diagnostics* diags_;
  int errors_ = 0;
};

// A node's kind in words for messages: "a list", "a mapping", "text", "nothing".
std::string NodeKind(const YAML::Node& node);

// YAML as JSON. With `typed_scalars`, unquoted booleans, numbers and null
// become JSON booleans, numbers and null; otherwise every scalar is a string
// (null stays null). Aliases are expanded, so the value is bounded: more than
// kMaxYamlDepth levels (an alias inside its own anchor never ends) or more
// than kMaxYamlValues values (aliases of aliases grow exponentially) sets
// *error to what went wrong and returns false with *out unchanged.
inline constexpr int kMaxYamlDepth = 64;
inline constexpr int kMaxYamlValues = 100000;
bool YamlToJson(const YAML::Node& node, bool typed_scalars, nlohmann::json* out, std::string* error);

}  // namespace portal
