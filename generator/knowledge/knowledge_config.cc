#include "knowledge/knowledge_config.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "config/source_text.h"
#include "config/yaml_reader.h"
#include "site/page_path.h"
#include "text/chinese.h"

namespace portal {
namespace {

const std::vector<std::string> kTermsKeys = {"minDocuments", "minLength", "maxLength", "stop", "linkFirst",
                                             "linkFirstSkip", "concordanceLimit", "linesPerDocument", "terms"};
const std::vector<std::string> kTermKeys = {"name", "definition", "aliases"};
const std::vector<std::string> kTopicsKeys = {"topics"};
const std::vector<std::string> kTopicKeys = {"title", "slug", "intro", "color", "featured", "tags",
                                             "section", "from", "to", "pages"};

YAML::Node KeyNode(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map) {
    if (kv.first.Scalar() == key) return kv.first;
  }
  return YAML::Node();
}

bool ReadRoot(YamlReader* r, const std::string& text, const std::string& what, YAML::Node* root) {
  if (!r->Parse(text, root)) return false;
  if (root->IsNull() || !root->IsDefined()) return true;
  if (!root->IsMap()) {
    r->ErrorAt(root->Mark(), what + " must be 'key: value' lines, not " + NodeKind(*root));
    return false;
  }
  return true;
}

void ParseTerms(const std::string& text, TermsConfig* c, Diagnostics* diags) {
  YamlReader r(text, "site-config/terms.yaml", 1, diags);
  YAML::Node root;
  if (!ReadRoot(&r, text, "terms.yaml", &root) || !root.IsMap()) return;
  r.CheckKeys(root, kTermsKeys, "");
  for (const auto& kv : root) {
    const YAML::Node& k = kv.first;
    const YAML::Node& v = kv.second;
    const std::string name = k.Scalar();
    if (name == "minDocuments") r.ReadInt(k, v, name, 1, "2", &c->min_documents);
    else if (name == "minLength") r.ReadInt(k, v, name, 1, "2", &c->min_chars);
    else if (name == "maxLength") r.ReadInt(k, v, name, 1, "12", &c->max_chars);
    else if (name == "stop") r.ReadStringList(k, v, name, "[不合格, 导师]", &c->stop);
    else if (name == "linkFirst") r.ReadBool(k, v, name, &c->link_first);
    else if (name == "linkFirstSkip") {
      c->link_first_skip.clear();
      r.ReadStringList(k, v, name, "[speeches]", &c->link_first_skip);
    } else if (name == "concordanceLimit") r.ReadInt(k, v, name, 1, "200", &c->concordance_limit);
    else if (name == "terms") {
      if (v.IsNull()) continue;
      if (!v.IsSequence()) {
        r.ErrorAt(YamlReader::ValueMark(k, v), "terms must be a list, not " + NodeKind(v),
                  "write 'terms:' then items like '  - {name: 三会一课, definition: ...}'");
        continue;
      }
      std::map<std::string, int> seen;
      for (const YAML::Node& item : v) {
        DeclaredTerm t;
        if (item.IsScalar()) {
          t.name = item.Scalar();
        } else if (item.IsMap()) {
          r.CheckKeys(item, kTermKeys, "a term");
          if (!item["name"]) {
            r.ErrorAt(item.Mark(), "this term has no name", "add a line like: name: 三会一课");
            continue;
          }
          bool ok = r.ReadString(KeyNode(item, "name"), item["name"], "name", "三会一课", &t.name);
          if (item["definition"]) {
            ok &= r.ReadString(KeyNode(item, "definition"), item["definition"], "definition",
                               "定期召开支部党员大会、支委会、党小组会，按时上好党课", &t.definition);
          }
          if (item["aliases"]) {
            ok &= r.ReadStringList(KeyNode(item, "aliases"), item["aliases"], "aliases", "[三会一课制度]",
                                   &t.aliases);
          }
          if (!ok) continue;
        } else {
          r.ErrorAt(item.Mark(), "each term must be a name or a mapping with name, not " + NodeKind(item),
                    "write '- {name: 三会一课, definition: ...}'");
          continue;
        }
        if (t.name.empty()) {
          r.ErrorAt(item.Mark(), "a term name is empty", "write the term as it appears in the text");
          continue;
        }
        auto [it, inserted] = seen.emplace(t.name, r.Line(item.Mark()));
        if (!inserted) {
          r.ErrorAt(item.Mark(), "term '" + t.name + "' is declared twice (first on line " +
                                     std::to_string(it->second) + ")",
                    "merge the two entries");
          continue;
        }
        c->terms.push_back(std::move(t));
      }
    }
  }
  if (c->min_chars > c->max_chars) {
    r.ErrorAtLine(1, "minLength is greater than maxLength", "e.g. minLength: 2 and maxLength: 12");
  }
}

bool ReadDate(YamlReader* r, const YAML::Node& k, const YAML::Node& v, const std::string& name, int offset,
              bool end_of_day, std::optional<DateTime>* out) {
  std::string text;
  if (!r->ReadString(k, v, name, "2024-01-01", &text) || text.empty()) return false;
  DateTime d;
  std::string error;
  if (!ParseDate(text, offset, &d, &error)) {
    r->ErrorAt(YamlReader::ValueMark(k, v), error, "write a date like " + name + ": 2024-01-01");
    return false;
  }
  if (end_of_day && !d.has_time) {
    d.hour = 23;
    d.minute = 59;
    d.second = 59;
  }
  *out = d;
  return true;
}

void ParseTopics(const std::string& text, const SiteConfig& site, std::vector<TopicConfig>* topics,
                 Diagnostics* diags) {
  YamlReader r(text, "site-config/topics.yaml", 1, diags);
  YAML::Node root;
  if (!ReadRoot(&r, text, "topics.yaml", &root) || !root.IsMap()) return;
  r.CheckKeys(root, kTopicsKeys, "");
  YAML::Node list = root["topics"];
  if (!list || list.IsNull()) return;
  if (!list.IsSequence()) {
    r.ErrorAt(YamlReader::ValueMark(KeyNode(root, "topics"), list), "topics must be a list, not " + NodeKind(list),
              "write 'topics:' then items like '  - title: 党建引领乡村振兴'");
    return;
  }
  int offset = TimeZoneOffsetMinutes(site.time_zone, 0);
  std::map<std::string, int> slugs;
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) {
      r.ErrorAt(item.Mark(), "each topic must be a mapping with title, not " + NodeKind(item),
                "write '- title: 党建引领乡村振兴' and, indented under it, 'tags: [乡村振兴]'");
      continue;
    }
    r.CheckKeys(item, kTopicKeys, "a topic");
    TopicConfig t;
    t.line = r.Line(item.Mark());
    if (!item["title"]) {
      r.ErrorAt(item.Mark(), "this topic has no title", "add a line like: title: 党建引领乡村振兴");
      continue;
    }
    bool ok = r.ReadString(KeyNode(item, "title"), item["title"], "title", "党建引领乡村振兴", &t.title);
    if (item["slug"]) ok &= r.ReadString(KeyNode(item, "slug"), item["slug"], "slug", "xiangcun-zhenxing", &t.slug);
    if (item["intro"]) ok &= r.ReadString(KeyNode(item, "intro"), item["intro"], "intro", "本专题收录……", &t.intro);
    if (item["featured"]) ok &= r.ReadBool(KeyNode(item, "featured"), item["featured"], "featured", &t.featured);
    if (item["tags"]) ok &= r.ReadStringList(KeyNode(item, "tags"), item["tags"], "tags", "[乡村振兴]", &t.tags);
    if (item["color"]) {
      YAML::Node k = KeyNode(item, "color");
      if (r.ReadString(k, item["color"], "color", "\"#a81c1c\"", &t.color) && !t.color.empty() && !IsHexColor(t.color)) {
        r.ErrorAt(YamlReader::ValueMark(k, item["color"]), "color '" + t.color + "' is not a hex colour",
                  "write it in quotes like color: \"#a81c1c\" (# and 3 or 6 hex digits)");
        ok = false;
      }
    }
    if (item["section"]) {
      YAML::Node k = KeyNode(item, "section");
      if (r.ReadString(k, item["section"], "section", "speeches", &t.section) && !t.section.empty() &&
          !site.FindSection(t.section)) {
        std::vector<std::string> names;
        for (const SectionConfig& s : site.sections) names.push_back(s.name);
        std::string guess = ClosestMatch(t.section, names);
        r.ErrorAt(YamlReader::ValueMark(k, item["section"]), "there is no section '" + t.section + "'",
                  guess.empty() ? "use one of the sections in site.yaml" : "did you mean '" + guess + "'?");
        ok = false;
      }
    }
    if (item["from"]) ReadDate(&r, KeyNode(item, "from"), item["from"], "from", offset, false, &t.from);
    if (item["to"]) ReadDate(&r, KeyNode(item, "to"), item["to"], "to", offset, true, &t.to);
    if (item["pages"]) {
      YAML::Node k = KeyNode(item, "pages"), v = item["pages"];
      if (v.IsSequence()) {
        for (const YAML::Node& p : v) {
          if (!p.IsScalar()) {
            r.ErrorAt(p.Mark(), "each page must be a source path or URL, not " + NodeKind(p),
                      "e.g. - content/speeches/2024-dangjian-gongzuo-huiyi.md or - /speeches/x/");
            ok = false;
            continue;
          }
          t.pages.push_back({p.Scalar(), r.Line(p.Mark()), p.Mark().column + 1});
        }
      } else if (!v.IsNull()) {
        r.ErrorAt(YamlReader::ValueMark(k, v), "pages must be a list, not " + NodeKind(v),
                  "write 'pages:' then items like '    - content/speeches/a.md'");
        ok = false;
      }
    }
    if (!ok) continue;
    if (t.slug.empty()) t.slug = SegmentSlug(t.title, "topic");
    bool slug_ok = !t.slug.empty() && std::all_of(t.slug.begin(), t.slug.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!slug_ok) {
      r.ErrorAt(item["slug"] ? item["slug"].Mark() : item.Mark(), "topic slug '" + t.slug + "' may only contain a-z, 0-9 and '-'",
                "e.g. slug: xiangcun-zhenxing");
      continue;
    }
    auto [it, inserted] = slugs.emplace(t.slug, t.line);
    if (!inserted) {
      r.ErrorAt(item.Mark(), "two topics want /topics/" + t.slug + "/ (the other is on line " +
                                 std::to_string(it->second) + ")",
                "give one of them its own slug:");
      continue;
    }
    if (t.tags.empty() && t.section.empty() && !t.from && !t.to && t.pages.empty()) {
      r.WarningAt(item.Mark(), "topic '" + t.title + "' has no pages: it names no tags, section, dates or pages",
                  "add e.g. tags: [乡村振兴] or a pages: list");
    }
    topics->push_back(std::move(t));
  }
}

bool ReadFile(const std::filesystem::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return true;
}

}  // namespace

bool IsHexColor(const std::string& s) {
  if ((s.size() != 4 && s.size() != 7) || s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

bool ParseKnowledgeConfig(const std::string& terms_yaml, const std::string& topics_yaml, const SiteConfig& site,
                          KnowledgeConfig* out, Diagnostics* diags) {
  int before = diags->error_count();
  std::string terms = terms_yaml, topics = topics_yaml;
  if (!terms.empty() && NormalizeText(&terms, "site-config/terms.yaml", diags)) ParseTerms(terms, &out->terms, diags);
  if (!topics.empty() && NormalizeText(&topics, "site-config/topics.yaml", diags)) {
    ParseTopics(topics, site, &out->topics, diags);
  }
  return diags->error_count() == before;
}

bool LoadKnowledgeConfig(const std::filesystem::path& site_root, const SiteConfig& site, KnowledgeConfig* out,
                         Diagnostics* diags) {
  std::string terms, topics;
  ReadFile(site_root / "site-config" / "terms.yaml", &terms);
  ReadFile(site_root / "site-config" / "topics.yaml", &topics);
  return ParseKnowledgeConfig(terms, topics, site, out, diags);
}

}  // namespace portal
