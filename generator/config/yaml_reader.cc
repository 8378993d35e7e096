#include "config/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "base/utf8.h"
#include "config/yaml_error.h"

namespace portal {

YamlReader::YamlReader(std::string_view file_text, std::string display, int first_line, Diagnostics* diags)
    : text_(file_text), display_(std::move(display)), first_line_(first_line), diags_(diags) {}

int YamlReader::Line(const YAML::Mark& mark) const {
  return mark.is_null() || mark.line < 0 ? first_line_ : first_line_ + mark.line;
}

Diagnostic YamlReader::At(Severity severity, const YAML::Mark& mark, std::string message,
                          std::string hint) const {
  int line = Line(mark);
  int column = 0;
  if (!mark.is_null() && mark.column >= 0) {
    // yaml-cpp counts bytes; editors count characters.
    std::string_view src = LineAt(text_, line);
    size_t bytes = std::min<size_t>(static_cast<size_t>(mark.column), src.size());
    column = static_cast<int>(CountCodePoints(src.substr(0, bytes))) + 1;
  }
  return MakeDiagnostic(severity, display_, text_, line, column, std::move(message), std::move(hint));
}

void YamlReader::ErrorAt(const YAML::Mark& mark, std::string message, std::string hint) {
  ++errors_;
  diags_->Add(At(Severity::kError, mark, std::move(message), std::move(hint)));
}

void YamlReader::WarningAt(const YAML::Mark& mark, std::string message, std::string hint) {
  diags_->Add(At(Severity::kWarning, mark, std::move(message), std::move(hint)));
}

void YamlReader::ErrorAtLine(int file_line, std::string message, std::string hint) {
  ++errors_;
  diags_->Error(display_, file_line, 0, std::move(message), std::move(hint));
}

bool YamlReader::Parse(const std::string& yaml, YAML::Node* root) {
  try {
    *root = YAML::Load(yaml);
    YamlSyntaxError e;
    if (!FindUnclosedQuote(yaml, &e)) return true;
    YAML::Mark mark;
    mark.line = e.line;
    mark.column = e.byte_column;
    ErrorAt(mark, std::move(e.message), std::move(e.hint));
  } catch (const YAML::ParserException& e) {
    ReportParseError(e, yaml);
  } catch (const YAML::Exception& e) {
    ErrorAt(e.mark, "invalid YAML: " + e.msg);
  }
  return false;
}

void YamlReader::ReportParseError(const YAML::ParserException& e, const std::string& yaml) {
  YamlSyntaxError x = ExplainYamlError(yaml, e.mark.line, e.mark.column, e.msg);
  YAML::Mark mark;
  mark.line = x.line;
  mark.column = x.byte_column;
  ErrorAt(mark, std::move(x.message), std::move(x.hint));
}

YAML::Mark YamlReader::ValueMark(const YAML::Node& key, const YAML::Node& value) {
  if (!value.IsDefined() || value.Mark().is_null()) return key.Mark();
  if (value.IsNull() && value.Mark().line != key.Mark().line) return key.Mark();
  return value.Mark();
}

std::string NodeKind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping (key: value lines)";
    case YAML::NodeType::Scalar: return "text";
    default: return "nothing";
  }
}

bool YamlReader::ReadString(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                            std::string_view example, std::string* out) {
  if (!value.IsDefined() || value.IsNull()) return true;
  if (value.IsScalar()) {
    *out = value.Scalar();
    return true;
  }
  ErrorAt(ValueMark(key, value), std::string(name) + " must be text, not " + NodeKind(value),
          "write the text on one line after the colon, e.g. " + std::string(name) + ": " + std::string(example));
  return false;
}

bool YamlReader::ReadInt(const YAML::Node& key, const YAML::Node& value, std::string_view name, int min,
                         std::string_view example, int* out) {
  if (!value.IsDefined() || value.IsNull()) return true;
  std::string hint = "write a whole number, e.g. " + std::string(name) + ": " + std::string(example);
  if (!value.IsScalar()) {
    ErrorAt(ValueMark(key, value), std::string(name) + " must be a whole number, not " + NodeKind(value), hint);
    return false;
  }
  const std::string& s = value.Scalar();
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) {
    ErrorAt(ValueMark(key, value), std::string(name) + " is too large: " + s, hint);
    return false;
  }
  if (ec != std::errc() || end != s.data() + s.size()) {
    ErrorAt(ValueMark(key, value), std::string(name) + " must be a whole number, not '" + s + "'", hint);
    return false;
  }
  if (v < min) {
    ErrorAt(ValueMark(key, value),
            std::string(name) + " must be " + std::to_string(min) + " or more, not " + s, hint);
    return false;
  }
  *out = v;
  return true;
}

bool YamlReader::ReadBool(const YAML::Node& key, const YAML::Node& value, std::string_view name, bool* out) {
  if (!value.IsDefined() || value.IsNull()) return true;
  bool v = false;
  if (value.IsScalar() && YAML::convert<bool>::decode(value, v)) {
    *out = v;
    return true;
  }
  std::string got = value.IsScalar() ? "'" + value.Scalar() + "'" : NodeKind(value);
  ErrorAt(ValueMark(key, value), std::string(name) + " must be true or false, not " + got,
          "write " + std::string(name) + ": true or " + std::string(name) + ": false");
  return false;
}

bool YamlReader::ReadStringList(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                                std::string_view example, std::vector<std::string>* out) {
  if (!value.IsDefined() || value.IsNull()) return true;
  std::string hint = "write a list, e.g. " + std::string(name) + ": " + std::string(example);
  if (value.IsScalar()) {
    *out = {value.Scalar()};
    return true;
  }
  if (!value.IsSequence()) {
    ErrorAt(ValueMark(key, value), std::string(name) + " must be a list of text, not " + NodeKind(value), hint);
    return false;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (const YAML::Node& item : value) {
    if (item.IsScalar()) {
      items.push_back(item.Scalar());
    } else if (!item.IsNull()) {
      ErrorAt(item.Mark(), "each item of " + std::string(name) + " must be text, not " + NodeKind(item), hint);
      ok = false;
    }
  }
  if (ok) *out = std::move(items);
  return ok;
}

bool YamlReader::ExpectMap(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                           std::string_view example) {
  if (!value.IsDefined() || value.IsNull() || value.IsMap()) return true;
  ErrorAt(ValueMark(key, value), std::string(name) + " must be a mapping of keys, not " + NodeKind(value),
          "write the keys indented under it, e.g. " + std::string(example));
  return false;
}

void YamlReader::CheckKeys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view where) {
  std::map<std::string, int> first_line;
  std::string in = where.empty() ? "" : " in " + std::string(where);
  for (const auto& kv : map) {
    const std::string& name = kv.first.Scalar();
    auto [it, inserted] = first_line.emplace(name, Line(kv.first.Mark()));
    if (!inserted) {
      ErrorAt(kv.first.Mark(), "'" + name + "' is set twice" + in + " (first on line " + std::to_string(it->second) + ")",
              "keep only one of the two lines");
      continue;
    }
    if (known.empty() || std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string guess = ClosestMatch(name, known);
    std::string hint;
    if (!guess.empty()) {
      hint = "did you mean '" + guess + "'?";
    } else {
      hint = "valid keys" + in + ": ";
      for (size_t i = 0; i < known.size(); ++i) hint += (i ? ", " : "") + known[i];
    }
    WarningAt(kv.first.Mark(), "unknown key '" + name + "'" + in, hint);
  }
}

namespace {

nlohmann::json TypedScalar(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() != "?") return s;  // quoted: the author meant text
  if (s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  bool b = false;
  if (YAML::convert<bool>::decode(node, b)) return b;
  long long i = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return i;
  double d = 0;
  auto [dend, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (dec == std::errc() && dend == s.data() + s.size() && !s.empty()) return d;
  return s;
}

}  // namespace

namespace {

// The recursion behind YamlToJson; `budget` counts the values still allowed.
bool ToJson(const YAML::Node& node, bool typed_scalars, int depth, int* budget, nlohmann::json* out,
            std::string* error) {
  if (depth >= kMaxYamlDepth) {
    *error = "nests more than " + std::to_string(kMaxYamlDepth) + " levels deep";
    return false;
  }
  if (--*budget < 0) {
    *error = "expands to more than " + std::to_string(kMaxYamlValues) + " values";
    return false;
  }
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      *out = typed_scalars ? TypedScalar(node) : nlohmann::json(node.Scalar());
      return true;
    case YAML::NodeType::Sequence: {
      *out = nlohmann::json::array();
      for (const YAML::Node& item : node) {
        nlohmann::json value;
        if (!ToJson(item, typed_scalars, depth + 1, budget, &value, error)) return false;
        out->push_back(std::move(value));
      }
      return true;
    }
    case YAML::NodeType::Map: {
      *out = nlohmann::json::object();
      for (const auto& kv : node) {
        // The first of duplicate keys wins, as in lookups.
        if (out->contains(kv.first.Scalar())) continue;
        nlohmann::json value;
        if (!ToJson(kv.second, typed_scalars, depth + 1, budget, &value, error)) return false;
        (*out)[kv.first.Scalar()] = std::move(value);
      }
      return true;
    }
    default:
      *out = nullptr;
      return true;
  }
}

}  // namespace

bool YamlToJson(const YAML::Node& node, bool typed_scalars, nlohmann::json* out, std::string* error) {
  int budget = kMaxYamlValues;
  nlohmann::json value;
  if (!ToJson(node, typed_scalars, 0, &budget, &value, error)) return false;
  *out = std::move(value);
  return true;
}

bool YamlReader::ReadJson(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                          bool typed_scalars, nlohmann::json* out) {
  std::string error;
  if (YamlToJson(value, typed_scalars, out, &error)) return true;
  ErrorAt(ValueMark(key, value), std::string(name) + " " + error,
          "write the value out plainly; an alias (*name) repeats its anchor's (&name) whole value, "
          "and one inside its own anchor never ends");
  return false;
}

}  // namespace portal
