#include "content/front_matter.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>

#include "base/utf8.h"
#include "config/source_text.h"
#include "config/yaml_error.h"
#include "config/yaml_reader.h"

namespace portal {

namespace {

// The line starting at byte `start`, without its '\n' and trailing blanks.
std::string_view LineFrom(std::string_view text, size_t start, size_t* next) {
  size_t nl = text.find('\n', start);
  *next = nl == std::string_view::npos ? text.size() : nl + 1;
  std::string_view line = text.substr(start, (nl == std::string_view::npos ? text.size() : nl) - start);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const char kTitleExample[] = "在全镇党建工作会议上的讲话";
const char kDateHint[] = "write the date as 2020-03-05, 2020-03-05 09:30 or 2020年3月5日";

// Reads front matter keys into a FrontMatter; keys are matched without regard
// to case, as Hugo does, so "Title:" works.
class FrontMatterParser {
 public:
  FrontMatterParser(YamlReader* r, const SplitSource& src, int offset, bool is_index, FrontMatter* fm)
      : r_(*r), src_(src), offset_(offset), is_index_(is_index), fm_(*fm) {}

  void Map(const YAML::Node& root) {
    std::map<std::string, int> seen;  // lowercase key -> file line
    for (const auto& kv : root) {
      std::string name = Lower(kv.first.Scalar());
      auto [it, inserted] = seen.emplace(name, r_.Line(kv.first.Mark()));
      if (!inserted) {
        r_.ErrorAt(kv.first.Mark(),
                   "'" + kv.first.Scalar() + "' is set twice (first on line " + std::to_string(it->second) + ")",
                   "keep only one of the two lines");
        continue;
      }
      Key(name, kv.first, kv.second);
    }
    if (is_index_) return;
    if (!seen.count("title")) Missing(root, "title", std::string("add a line like 'title: ") + kTitleExample + "'");
    if (!seen.count("date")) Missing(root, "date", "add a line like 'date: 2020-03-05'");
  }

 private:
  void Key(const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (name == "title") {
      if (r_.ReadString(k, v, "title", kTitleExample, &fm_.title) && fm_.title.empty() && !is_index_) {
        r_.ErrorAt(YamlReader::ValueMark(k, v), "title is empty", std::string("write the title, e.g. title: ") + kTitleExample);
      }
    } else if (name == "date") {
      Date(k, v, "date", is_index_, &fm_.date);
    } else if (name == "lastmod") {
      DateTime d;
      if (Date(k, v, "lastmod", true, &d) && v.IsScalar()) fm_.lastmod = d;
    } else if (name == "draft") {
      r_.ReadBool(k, v, "draft", &fm_.draft);
    } else if (name == "weight") {
      r_.ReadInt(k, v, "weight", std::numeric_limits<int>::min(), "10", &fm_.weight);
    } else if (name == "tags") {
      r_.ReadStringList(k, v, "tags", "[党建, 学习]", &fm_.tags);
    } else if (name == "categories") {
      r_.ReadStringList(k, v, "categories", "[讲话]", &fm_.categories);
    } else if (name == "aliases") {
      r_.ReadStringList(k, v, "aliases", "[/old/path/]", &fm_.aliases);
    } else if (std::string* text = TextField(name)) {
      r_.ReadString(k, v, k.Scalar(), "...", text);
    } else {
      nlohmann::json value;
      if (r_.ReadJson(k, v, k.Scalar(), false, &value)) fm_.extra[k.Scalar()] = std::move(value);
    }
  }

  std::string* TextField(const std::string& name) {
    if (name == "slug") return &fm_.slug;
    if (name == "summary") return &fm_.summary;
    if (name == "author") return &fm_.author;
    if (name == "speaker") return &fm_.speaker;
    if (name == "occasion") return &fm_.occasion;
    if (name == "organization") return &fm_.organization;
    if (name == "docnumber" || name == "doc_number") return &fm_.doc_number;
    if (name == "source") return &fm_.source;
    return nullptr;
  }

  // Parses a date value; an empty one is fine only when `optional`.
  bool Date(const YAML::Node& k, const YAML::Node& v, std::string_view name, bool optional, DateTime* out) {
    YAML::Mark at = YamlReader::ValueMark(k, v);
    if (!v.IsDefined() || v.IsNull()) {
      if (optional) return true;
      r_.ErrorAt(at, std::string(name) + " is empty", kDateHint);
      return false;
    }
    if (!v.IsScalar()) {
      r_.ErrorAt(at, std::string(name) + " must be a date like 2020-03-05, not " + NodeKind(v), kDateHint);
      return false;
    }
    std::string error;
    if (!ParseDate(v.Scalar(), offset_, out, &error)) {
      r_.ErrorAt(at, error, kDateHint);
      return false;
    }
    return true;
  }

  // A missing required key, with a did-you-mean when a stray key is close.
  void Missing(const YAML::Node& root, const std::string& key, std::string hint) {
    // Looser than ClosestMatch: a stray key next to a missing one is almost
    // surely a typo of it, transpositions ("titel") included.
    std::string guess;
    for (const auto& [name, value] : fm_.extra.items()) {
      if (EditDistance(Lower(name), key) <= 2) guess = name;
    }
    if (!guess.empty()) {
      int line = 0;
      for (const auto& kv : root) {
        if (kv.first.Scalar() == guess) line = r_.Line(kv.first.Mark());
      }
      hint = "did you mean '" + key + "'? line " + std::to_string(line) + " has '" + guess + "'";
    }
    r_.ErrorAtLine(std::max(1, src_.yaml_first_line - 1), "front matter has no " + key, hint);
  }

  YamlReader& r_;
  const SplitSource& src_;
  int offset_;
  bool is_index_;
  FrontMatter& fm_;
};

}  // namespace

bool SplitFrontMatter(std::string_view text, const std::string& display, SplitSource* out, Diagnostics* diags) {
  *out = SplitSource{};
  out->body = text;
  size_t next = 0;
  std::string_view first = LineFrom(text, 0, &next);
  if (first == "+++") {
    diags->Add(MakeDiagnostic(Severity::kError, display, text, 1, 1, "front matter in TOML ('+++') is not supported",
                              "write the front matter as YAML between '---' lines, e.g. '---', 'title: 讲话', '---'"));
    return false;
  }
  if (first != "---") return true;
  int line = 1;
  size_t yaml_start = next;
  for (size_t pos = next; pos < text.size();) {
    size_t after = 0;
    std::string_view l = LineFrom(text, pos, &after);
    ++line;
    if (l == "---" || l == "...") {
      out->yaml = text.substr(yaml_start, pos - yaml_start);
      out->body = text.substr(after);
      out->yaml_first_line = 2;
      out->body_first_line = line + 1;
      out->has_front_matter = true;
      return true;
    }
    pos = after;
  }
  diags->Add(MakeDiagnostic(Severity::kError, display, text, 1, 1,
                            "front matter starts with '---' on line 1 but is never closed",
                            "add a line '---' after the last key"));
  return false;
}

bool ParseFrontMatter(const SplitSource& src, std::string_view whole_text, const std::string& display,
                      int default_offset_minutes, bool is_section_index, FrontMatter* out, Diagnostics* diags) {
  YamlReader reader(whole_text, display, src.yaml_first_line > 0 ? src.yaml_first_line : 1, diags);
  YAML::Node root;
  if (!reader.Parse(std::string(src.yaml), &root)) return false;
  if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
    int col = 0;
    std::string hint = HasFullWidthColonKey(LineAt(src.yaml, 1), &col)
                           ? "after a key write an ASCII colon ':' and a space, not '：', e.g. title: 讲话"
                           : std::string("write one 'key: value' per line, e.g. title: ") + kTitleExample;
    reader.ErrorAt(root.Mark(), "front matter must be 'key: value' lines, not " + NodeKind(root), hint);
    return false;
  }
  FrontMatterParser parser(&reader, src, default_offset_minutes, is_section_index, out);
  if (root.IsMap()) {
    parser.Map(root);
  } else {
    parser.Map(YAML::Node(YAML::NodeType::Map));  // empty front matter: report what is missing
  }
  return reader.error_count() == 0;
}

bool NormalizeSourceText(std::string* text, const std::string& display, Diagnostics* diags) {
  return NormalizeText(text, display, diags);
}

}  // namespace portal
