#include "config/site_config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "base/utf8.h"

#include "config/source_text.h"
#include "config/time_zone.h"
#include "config/yaml_error.h"
#include "config/yaml_reader.h"

namespace portal {

const SectionConfig* SiteConfig::FindSection(std::string_view name) const {
  for (const SectionConfig& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace {

const std::vector<std::string> kTopKeys = {
    "title",  "subtitle", "baseURL", "language", "languageCode", "timeZone",  "theme", "pageSize", "summaryLength",
    "feed",   "search",   "markup",  "sections", "menu",         "footer",    "copyright", "icp",  "params",
    "taxonomies"};
const std::vector<std::string> kTaxonomyKeys = {"name", "key", "label"};
// URL segments the build itself writes; a taxonomy cannot take them.
const std::vector<std::string> kReservedNames = {"tags", "terms", "topics", "archives", "search", "page",
                                                 "css", "js", "fonts", "images"};
const std::vector<std::string> kFeedKeys = {"length", "fullText"};
const std::vector<std::string> kMarkupKeys = {"unsafe"};
const std::vector<std::string> kSectionKeys = {"name", "label", "description", "order", "indent"};
const std::vector<std::string> kMenuKeys = {"label", "url"};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// The problem with a base URL in words, or "" when it is usable.
std::string BaseUrlProblem(std::string_view url) {
  if (url.find_first_of(" \t") != std::string_view::npos) return "baseURL must not contain spaces";
  size_t scheme = StartsWithNoCase(url, "https://") ? 8 : StartsWithNoCase(url, "http://") ? 7 : 0;
  if (scheme == 0) return "baseURL must be a full address starting with https:// or http://, not '" + std::string(url) + "'";
  if (url.find_first_of("?#") != std::string_view::npos) return "baseURL must not contain '?' or '#'";
  size_t host_end = url.find('/', scheme);
  if (url.substr(scheme, host_end == std::string_view::npos ? std::string_view::npos : host_end - scheme).empty()) {
    return "baseURL has no host name after '" + std::string(url.substr(0, scheme)) + "'";
  }
  return "";
}

bool IsSectionName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool IsMenuUrl(std::string_view url) {
  return url.starts_with("/") || StartsWithNoCase(url, "https://") || StartsWithNoCase(url, "http://");
}

// Fills a SiteConfig from the parsed YAML root, reporting through the reader.
class ConfigParser {
 public:
  ConfigParser(YamlReader* r, SiteConfig* c) : r_(*r), c_(*c) {}

  void Top(const YAML::Node& root) {
    r_.CheckKeys(root, kTopKeys, "");
    std::set<std::string> seen;
    std::vector<std::pair<YAML::Node, YAML::Node>> entries;
    for (const auto& kv : root) entries.emplace_back(kv.first, kv.second);
    bool has_language = false;
    for (const auto& [k, v] : entries) {
      const std::string& name = k.Scalar();
      if (!seen.insert(name).second) continue;  // duplicates were reported by CheckKeys
      if (name == "language") has_language = true;
      if (name == "languageCode" && has_language) continue;
      TopKey(name, k, v);
    }
    for (const char* required : {"title", "baseURL", "sections"}) {
      if (!seen.count(required)) Missing(root, required);
    }
    std::stable_sort(c_.sections.begin(), c_.sections.end(), [](const SectionConfig& a, const SectionConfig& b) {
      return std::tie(a.order, a.name) < std::tie(b.order, b.name);
    });
    CheckTaxonomyNames();
  }

 private:
  void TopKey(const std::string& name, const YAML::Node& k, const YAML::Node& v) {
    if (name == "title") {
      if (r_.ReadString(k, v, name, "东风镇党建学习园地", &c_.title) && c_.title.empty()) {
        r_.ErrorAt(YamlReader::ValueMark(k, v), "title is empty", "write the site name, e.g. title: 东风镇党建学习园地");
      }
    } else if (name == "subtitle") {
      r_.ReadString(k, v, name, "学思践悟 知行合一", &c_.subtitle);
    } else if (name == "baseURL") {
      BaseUrl(k, v);
    } else if (name == "language" || name == "languageCode") {
      r_.ReadString(k, v, name, "zh-CN", &c_.language);
    } else if (name == "timeZone") {
      TimeZone(k, v);
    } else if (name == "theme") {
      r_.ReadString(k, v, name, "default", &c_.theme);
    } else if (name == "pageSize") {
      r_.ReadInt(k, v, name, 1, "10", &c_.page_size);
    } else if (name == "summaryLength") {
      r_.ReadInt(k, v, name, 10, "120", &c_.summary_length);
    } else if (name == "feed") {
      Feed(k, v);
    } else if (name == "search") {
      r_.ReadBool(k, v, name, &c_.search);
    } else if (name == "markup") {
      Markup(k, v);
    } else if (name == "sections") {
      Sections(k, v);
    } else if (name == "menu") {
      Menu(k, v);
    } else if (name == "footer") {
      r_.ReadString(k, v, name, "中共东风镇委员会主办", &c_.footer);
    } else if (name == "copyright") {
      r_.ReadString(k, v, name, "© 2024 中共东风镇委员会", &c_.copyright);
    } else if (name == "icp") {
      r_.ReadString(k, v, name, "京ICP备12345678号-1", &c_.icp);
    } else if (name == "params") {
      if (r_.ExpectMap(k, v, name, "params: {showBanner: true}") && v.IsMap()) {
        r_.ReadJson(k, v, name, true, &c_.params);
      }
    } else if (name == "taxonomies") {
      Taxonomies(k, v);
    }
  }

  // taxonomies: [{name: speakers, key: speaker, label: 讲话人}, ...]
  void Taxonomies(const YAML::Node& k, const YAML::Node& v) {
    c_.taxonomies.clear();
    taxonomy_marks_.clear();
    if (v.IsNull()) return;
    if (!v.IsSequence()) {
      r_.ErrorAt(YamlReader::ValueMark(k, v), "taxonomies must be a list, not " + NodeKind(v),
                 "write 'taxonomies:' then items like '  - {name: speakers, key: speaker, label: 讲话人}'");
      return;
    }
    for (const YAML::Node& item : v) {
      if (!item.IsMap()) {
        r_.ErrorAt(item.Mark(), "each taxonomy must be a mapping with name, key and label, not " + NodeKind(item),
                   "write '- {name: speakers, key: speaker, label: 讲话人}'");
        continue;
      }
      r_.CheckKeys(item, kTaxonomyKeys, "a taxonomy");
      TaxonomyConfig t;
      bool ok = true;
      for (const char* key : {"name", "key"}) {
        if (!item[key]) {
          r_.ErrorAt(item.Mark(), std::string("this taxonomy has no ") + key,
                     std::string("add a line like: ") + (key == std::string("name") ? "name: speakers" : "key: speaker"));
          ok = false;
        }
      }
      if (!ok) continue;
      ok &= r_.ReadString(KeyNode(item, "name"), item["name"], "name", "speakers", &t.name);
      ok &= r_.ReadString(KeyNode(item, "key"), item["key"], "key", "speaker", &t.key);
      if (item["label"]) ok &= r_.ReadString(KeyNode(item, "label"), item["label"], "label", "讲话人", &t.label);
      if (!ok) continue;
      if (!IsSectionName(t.name)) {
        r_.ErrorAt(YamlReader::ValueMark(KeyNode(item, "name"), item["name"]),
                   "taxonomy name '" + t.name + "' may only contain a-z, 0-9 and '-'",
                   "it is part of the URL, e.g. name: speakers; put the Chinese name in label");
        continue;
      }
      bool key_ok = !t.key.empty() && std::all_of(t.key.begin(), t.key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
      if (!key_ok) {
        r_.ErrorAt(YamlReader::ValueMark(KeyNode(item, "key"), item["key"]),
                   "taxonomy key '" + t.key + "' must be a front matter key of letters, digits, '_' or '-'",
                   "e.g. key: speaker");
        continue;
      }
      if (t.label.empty()) t.label = t.name;
      taxonomy_marks_.push_back(YamlReader::ValueMark(KeyNode(item, "name"), item["name"]));
      c_.taxonomies.push_back(std::move(t));
    }
  }

  // Taxonomy names must not take a section's or a built-in URL, nor repeat.
  void CheckTaxonomyNames() {
    std::vector<TaxonomyConfig> kept;
    std::set<std::string> names;
    for (size_t i = 0; i < c_.taxonomies.size(); ++i) {
      const TaxonomyConfig& t = c_.taxonomies[i];
      bool has_mark = i < taxonomy_marks_.size();
      std::string problem;
      if (std::find(kReservedNames.begin(), kReservedNames.end(), t.name) != kReservedNames.end()) {
        problem = "taxonomy name '" + t.name + "' is taken by the build's own pages (/" + t.name + "/)";
      } else if (c_.FindSection(t.name)) {
        problem = "taxonomy name '" + t.name + "' is also a section name: both would write /" + t.name + "/";
      } else if (!names.insert(t.name).second) {
        problem = "taxonomy '" + t.name + "' is listed twice";
      }
      if (problem.empty()) {
        kept.push_back(t);
      } else if (has_mark) {
        r_.ErrorAt(taxonomy_marks_[i], problem, "choose another name, e.g. name: " + t.name + "-list");
      }  // a default taxonomy that clashes with a section is quietly left out
    }
    c_.taxonomies = std::move(kept);
  }

  void Missing(const YAML::Node& map, const std::string& key) {
    static const std::map<std::string, std::string> kExample = {
        {"title", "add a line like: title: 东风镇党建学习园地"},
        {"baseURL", "add a line like: baseURL: https://dj.example.gov.cn/"},
        {"sections", "add a list of sections, e.g. 'sections:' then '  - name: speeches' and '    label: 领导讲话'"},
        {"name", "add a line like: name: speeches"},
        {"label", "add a line like: label: 首页"},
        {"url", "add a line like: url: /"},
    };
    r_.ErrorAtLine(r_.Line(map.Mark()), "missing required key '" + key + "'", kExample.at(key));
  }

  void BaseUrl(const YAML::Node& k, const YAML::Node& v) {
    std::string url;
    if (!r_.ReadString(k, v, "baseURL", "https://dj.example.gov.cn/", &url)) return;
    std::string problem = url.empty() ? "baseURL is empty" : BaseUrlProblem(url);
    if (!problem.empty()) {
      std::string example = "https://dj.example.gov.cn/";
      if (!url.empty() && url.find_first_of(" \t:?#") == std::string::npos) example = "https://" + url;
      if (!example.ends_with("/")) example += "/";
      r_.ErrorAt(YamlReader::ValueMark(k, v), problem, "write the site's public address, e.g. baseURL: " + example);
      return;
    }
    if (!url.ends_with("/")) url += "/";
    c_.base_url = url;
  }

  void TimeZone(const YAML::Node& k, const YAML::Node& v) {
    std::string zone;
    if (!r_.ReadString(k, v, "timeZone", "Asia/Shanghai", &zone) || zone.empty()) return;
    if (!IsKnownTimeZone(zone)) {
      r_.ErrorAt(YamlReader::ValueMark(k, v), "unknown time zone '" + zone + "'", TimeZoneHint(zone));
      return;
    }
    if (zone == "CST") {
      // In the time zone database CST is US Central Time, not China Standard Time.
      r_.WarningAt(YamlReader::ValueMark(k, v), "time zone 'CST' means US Central Time (UTC-6)",
                   "for China Standard Time write timeZone: Asia/Shanghai");
    }
    c_.time_zone = zone;
  }

  void Feed(const YAML::Node& k, const YAML::Node& v) {
    if (!r_.ExpectMap(k, v, "feed", "'feed:' then '  length: 20' on the next line") || !v.IsMap()) return;
    r_.CheckKeys(v, kFeedKeys, "feed");
    if (v["length"]) r_.ReadInt(KeyNode(v, "length"), v["length"], "length", 1, "20", &c_.feed_length);
    if (v["fullText"]) r_.ReadBool(KeyNode(v, "fullText"), v["fullText"], "fullText", &c_.feed_full_text);
  }

  void Markup(const YAML::Node& k, const YAML::Node& v) {
    if (!r_.ExpectMap(k, v, "markup", "'markup:' then '  unsafe: false' on the next line") || !v.IsMap()) return;
    r_.CheckKeys(v, kMarkupKeys, "markup");
    if (v["unsafe"]) r_.ReadBool(KeyNode(v, "unsafe"), v["unsafe"], "unsafe", &c_.unsafe_html);
  }

  void Sections(const YAML::Node& k, const YAML::Node& v) {
    if (!v.IsSequence() || v.size() == 0) {
      std::string got = v.IsSequence() ? "an empty list" : NodeKind(v);
      r_.ErrorAt(YamlReader::ValueMark(k, v), "sections must be a list with at least one section, not " + got,
                 "write 'sections:' then items like '  - name: speeches' with '    label: 领导讲话' under it");
      return;
    }
    std::map<std::string, int> first_line;
    int position = 0;
    for (const YAML::Node& item : v) {
      ++position;
      SectionConfig s;
      if (!Section(item, position, &s)) continue;
      auto [it, inserted] = first_line.emplace(s.name, r_.Line(item["name"].Mark()));
      if (!inserted) {
        r_.ErrorAt(item["name"].Mark(),
                   "section '" + s.name + "' is listed twice (first on line " + std::to_string(it->second) + ")",
                   "give each section its own name, or remove one of them");
        continue;
      }
      c_.sections.push_back(std::move(s));
    }
  }

  // One sections item; false when it is unusable (already reported).
  bool Section(const YAML::Node& item, int position, SectionConfig* s) {
    if (!item.IsMap()) {
      r_.ErrorAt(item.Mark(), "each section must be a mapping with name and label, not " + NodeKind(item),
                 "write '- name: speeches' and, indented under it, 'label: 领导讲话'");
      return false;
    }
    r_.CheckKeys(item, kSectionKeys, "a section");
    s->order = position;
    const YAML::Node name = item["name"];
    if (!name) {
      r_.ErrorAt(item.Mark(), "this section has no name", "add a line like: name: speeches (the folder under content/)");
      return false;
    }
    const YAML::Node name_key = KeyNode(item, "name");
    if (!r_.ReadString(name_key, name, "name", "speeches", &s->name)) return false;
    if (!IsSectionName(s->name)) {
      std::string lower = s->name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string hint = IsSectionName(lower) ? "did you mean '" + lower + "'?"
                                              : "use lowercase letters, digits and '-' (it is a folder name and part "
                                                "of the URL), e.g. name: speeches; put the Chinese name in label";
      r_.ErrorAt(YamlReader::ValueMark(name_key, name),
                 "section name '" + s->name + "' may only contain a-z, 0-9 and '-'", hint);
      return false;
    }
    bool ok = true;
    if (item["label"]) ok &= r_.ReadString(KeyNode(item, "label"), item["label"], "label", "领导讲话", &s->label);
    if (item["description"]) {
      ok &= r_.ReadString(KeyNode(item, "description"), item["description"], "description",
                          "各级领导在重要会议上的讲话", &s->description);
    }
    if (item["order"]) ok &= ReadAnyInt(KeyNode(item, "order"), item["order"], "order", &s->order);
    if (item["indent"]) ok &= r_.ReadBool(KeyNode(item, "indent"), item["indent"], "indent", &s->indent);
    if (s->label.empty()) s->label = s->name;
    return ok;
  }

  bool ReadAnyInt(const YAML::Node& k, const YAML::Node& v, std::string_view name, int* out) {
    return r_.ReadInt(k, v, name, std::numeric_limits<int>::min(), "1", out);
  }

  void Menu(const YAML::Node& k, const YAML::Node& v) {
    if (v.IsNull()) return;
    if (!v.IsSequence()) {
      r_.ErrorAt(YamlReader::ValueMark(k, v), "menu must be a list, not " + NodeKind(v),
                 "write 'menu:' then items like '  - label: 首页' with '    url: /' under it");
      return;
    }
    for (const YAML::Node& item : v) {
      if (!item.IsMap()) {
        r_.ErrorAt(item.Mark(), "each menu item must be a mapping with label and url, not " + NodeKind(item),
                   "write '- label: 首页' and, indented under it, 'url: /'");
        continue;
      }
      r_.CheckKeys(item, kMenuKeys, "a menu item");
      MenuItem m;
      bool ok = true;
      for (const char* key : {"label", "url"}) {
        if (!item[key]) {
          r_.ErrorAt(item.Mark(), std::string("this menu item has no ") + key,
                     std::string("add a line like: ") + (key == std::string("url") ? "url: /" : "label: 首页"));
          ok = false;
        }
      }
      if (!ok) continue;
      ok &= r_.ReadString(KeyNode(item, "label"), item["label"], "label", "首页", &m.label);
      ok &= r_.ReadString(KeyNode(item, "url"), item["url"], "url", "/speeches/", &m.url);
      if (ok && !IsMenuUrl(m.url)) {
        r_.ErrorAt(YamlReader::ValueMark(KeyNode(item, "url"), item["url"]),
                   "menu url must start with '/' or http(s)://, not '" + m.url + "'",
                   "write a site path like url: /speeches/ or a full address like url: https://www.12371.cn/");
        ok = false;
      }
      if (ok) c_.menu.push_back(std::move(m));
    }
  }

  // The key node of `key` in `map` (for positions of empty values).
  static YAML::Node KeyNode(const YAML::Node& map, const std::string& key) {
    for (const auto& kv : map) {
      if (kv.first.Scalar() == key) return kv.first;
    }
    return YAML::Node();
  }

  YamlReader& r_;
  SiteConfig& c_;
  std::vector<YAML::Mark> taxonomy_marks_;  // positions of declared taxonomy names
};

}  // namespace

bool ParseSiteConfig(std::string_view text, const std::string& display, SiteConfig* config, Diagnostics* diags) {
  std::string normalized(text);
  if (!NormalizeText(&normalized, display, diags)) return false;
  YamlReader reader(normalized, display, 1, diags);
  YAML::Node root;
  if (!reader.Parse(normalized, &root)) return false;
  if (root.IsNull() || !root.IsDefined()) {
    reader.ErrorAtLine(0, "the site config is empty", "it needs at least title, baseURL and sections");
    return false;
  }
  if (!root.IsMap()) {
    int col = 0;
    std::string hint = HasFullWidthColonKey(LineAt(normalized, 1), &col)
                           ? "after a key write an ASCII colon ':' and a space, not '：', e.g. title: 东风镇党建学习园地"
                           : "start with a line like: title: 东风镇党建学习园地";
    reader.ErrorAt(root.Mark(), "the site config must be 'key: value' lines, not " + NodeKind(root), hint);
    return false;
  }
  ConfigParser(&reader, config).Top(root);
  return reader.error_count() == 0;
}

bool LoadSiteConfig(const std::filesystem::path& path, const std::string& display, SiteConfig* config,
                    Diagnostics* diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags->Error(display, 0, 0, std::string("cannot read the site config: ") + std::strerror(errno),
                 "create " + display + " with at least title, baseURL and sections");
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseSiteConfig(buf.str(), display, config, diags);
}

}  // namespace portal
