#include "render/views.h"

#include "base/hash.h"

#include <algorithm>
#include <cstdio>

#include "base/escape.h"
#include "feeds/feeds.h"

namespace portal {
using json = nlohmann::json;

namespace {

// The path part of base_url without its trailing '/': "" for a site at the
// host root, "/dj" for https://example.org/dj/. Every link gets it in front.
std::string PathPrefix(const SiteConfig& config) {
  std::string u = config.base_url;
  size_t scheme = u.find("://");
  size_t slash = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return "";
  std::string p = u.substr(slash);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

std::string Link(const Site& site, const std::string& url) { return SiteLink(site.config, url); }

json TagList(const Site& site, const std::vector<std::string>& tags) {
  json out = json::array();
  for (const std::string& name : tags) {
    if (const Term* t = site.FindTag(name)) out.push_back({{"name", t->name}, {"url", Link(site, t->url)}});
  }
  return out;
}

void MarkChildren(json* list) {
  for (json& item : *list) {
    item["has_children"] = !item["children"].empty();
    MarkChildren(&item["children"]);
  }
}

// h2-h4 as a nested list; a level that skips one nests under the last item.
json NestedToc(const std::vector<Heading>& toc) {
  json root = json::array();
  std::vector<std::pair<int, json*>> stack;
  for (const Heading& h : toc) {
    json item = {{"text", h.text}, {"id", h.id}, {"level", h.level}, {"children", json::array()}};
    while (!stack.empty() && stack.back().first >= h.level) stack.pop_back();
    json& list = stack.empty() ? root : (*stack.back().second)["children"];
    list.push_back(std::move(item));
    stack.emplace_back(h.level, &list.back());
  }
  MarkChildren(&root);
  return root;
}

json DateView(const DateTime& d) {
  return {{"iso", d.Iso8601()}, {"day", d.IsoDate()}, {"cn", d.Chinese()},
          {"year", std::to_string(d.year)}, {"month", std::to_string(d.month)}};
}

const Section* FindSectionOf(const Site& site, const std::string& name) {
  for (const Section& s : site.sections) {
    if (s.config.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

std::string SiteLink(const SiteConfig& config, const std::string& url) { return PathPrefix(config) + url; }

std::string HumanSize(uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
  return buf;
}

json GlobalView(const Site& site, const json& i18n) {
  const SiteConfig& c = site.config;
  json v;
  v["i18n"] = i18n;
  v["site"] = {{"title", c.title},       {"subtitle", c.subtitle}, {"base_url", c.base_url},
               {"language", c.language}, {"footer", c.footer},     {"copyright", c.copyright},
               {"icp", c.icp},           {"search", c.search},     {"home_url", Link(site, "/")},
               {"search_url", Link(site, "/search/")},             {"tags_url", Link(site, "/tags/")},
               {"archives_url", Link(site, "/archives/")},         {"static_prefix", PathPrefix(c)},
               {"feed_url", Link(site, "/index.xml")},             {"params", c.params}};
  return v;
}

json CommonView(const Site& site, const json& i18n, const std::string& current_url) {
  const SiteConfig& c = site.config;
  json v;
  json menu = json::array();
  if (!c.menu.empty()) {
    for (const MenuItem& m : c.menu) {
      bool internal = !m.url.empty() && m.url[0] == '/';
      std::string href = internal ? Link(site, m.url) : SafeUrl(m.url);
      menu.push_back({{"label", m.label}, {"url", href}, {"active", internal && m.url != "/" &&
                                                                        current_url.rfind(m.url, 0) == 0}});
    }
  } else {
    menu.push_back({{"label", i18n.value("home", "首页")}, {"url", Link(site, "/")}, {"active", current_url == "/"}});
    for (const Section& s : site.sections) {
      menu.push_back({{"label", s.config.label}, {"url", Link(site, s.url)},
                      {"active", current_url.rfind(s.url, 0) == 0}});
    }
    menu.push_back({{"label", i18n.value("tags", "标签")}, {"url", Link(site, "/tags/")},
                    {"active", current_url.rfind("/tags/", 0) == 0}});
    menu.push_back({{"label", i18n.value("archives", "归档")}, {"url", Link(site, "/archives/")},
                    {"active", current_url.rfind("/archives/", 0) == 0}});
  }
  v["menu"] = menu;
  v["canonical"] = AbsoluteUrl(c, current_url);
  v["current_url"] = Link(site, current_url);
  v["feeds"] = json::array({{{"title", c.title}, {"url", Link(site, "/index.xml")}}});
  return v;
}

json PageCard(const Site& site, const Page& page) {
  const Section* s = FindSectionOf(site, page.section);
  json v = {{"title", page.meta.title},
            {"url", Link(site, page.url)},
            {"date", DateView(page.meta.date)},
            {"section", {{"name", page.section}, {"label", s ? s->config.label : page.section},
                         {"url", Link(site, s ? s->url : "/")}}},
            {"tags", TagList(site, page.meta.tags)},
            {"summary", page.body.summary_text},
            {"reading_minutes", std::to_string(page.body.reading_minutes)},
            {"char_count", std::to_string(page.body.char_count)},
            {"speaker", page.meta.speaker},
            {"doc_number", page.meta.doc_number}};
  v["has_tags"] = !v["tags"].empty();
  return v;
}

json CardRef(size_t index) { return {{"$card", index}}; }

uint64_t HashJson(const json& j) {
  switch (j.type()) {
    case json::value_t::string:
      return Hash64(j.get_ref<const std::string&>(), 1);
    case json::value_t::object: {
      uint64_t h = HashCombine(2, j.size());
      for (auto it = j.begin(); it != j.end(); ++it) h = HashCombine(HashCombine(h, Hash64(it.key())), HashJson(*it));
      return h;
    }
    case json::value_t::array: {
      uint64_t h = HashCombine(3, j.size());
      for (const json& e : j) h = HashCombine(h, HashJson(e));
      return h;
    }
    case json::value_t::boolean:
      return j.get<bool>() ? 4 : 5;
    case json::value_t::null:
      return 6;
    default:  // numbers
      return Hash64(j.dump(), 7);
  }
}

json WithCommonView(const Site& site, const json& i18n, const std::string& current_url, json view) {
  json c = CommonView(site, i18n, current_url);
  for (auto it = view.begin(); it != view.end(); ++it) c[it.key()] = std::move(it.value());
  return c;
}

json PageView(const Site& site, const Page& page, const std::unordered_map<const Page*, size_t>* card_index) {
  json v = PageCard(site, page);
  const Section* s = FindSectionOf(site, page.section);
  const FrontMatter& m = page.meta;
  v["content"] = page.Html();
  v["toc"] = NestedToc(page.body.toc);
  v["has_toc"] = page.body.toc.size() >= 2;
  v["author"] = m.author;
  v["occasion"] = m.occasion;
  v["organization"] = m.organization;
  v["source"] = m.source;
  std::string src_url = SafeUrl(m.source);
  v["source_url"] = (src_url.rfind("http://", 0) == 0 || src_url.rfind("https://", 0) == 0) ? src_url : "";
  v["lastmod"] = m.lastmod && m.lastmod->EpochSeconds() != m.date.EpochSeconds() ? DateView(*m.lastmod) : json(nullptr);
  v["indent"] = s ? s->config.indent : true;
  v["params"] = m.extra;
  v["categories"] = m.categories;
  if (page.prev) v["prev"] = {{"title", page.prev->meta.title}, {"url", Link(site, page.prev->url)}};
  if (page.next) v["next"] = {{"title", page.next->meta.title}, {"url", Link(site, page.next->url)}};
  json related = json::array();
  for (const Page* r : page.related) {
    auto it = card_index ? card_index->find(r) : decltype(card_index->end()){};
    related.push_back(card_index && it != card_index->end() ? CardRef(it->second) : PageCard(site, *r));
  }
  v["related"] = related;
  v["has_related"] = !related.empty();
  json files = json::array();
  for (const Attachment& a : page.attachments) {
    std::string ext = a.name.substr(a.name.rfind('.') == std::string::npos ? a.name.size() : a.name.rfind('.') + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::toupper(c); });
    files.push_back({{"name", a.name}, {"url", Link(site, page.url) + PercentEncodePath(a.name)},
                     {"size", HumanSize(a.size)}, {"type", ext}, {"is_image", a.is_image}});
  }
  v["attachments"] = files;
  v["has_attachments"] = !files.empty();
  return v;
}

std::string PagerUrl(const std::string& base_url, int n) {
  return n <= 1 ? base_url : base_url + "page/" + std::to_string(n) + "/";
}

json PagerView(const std::string& base_url, int n, int total_pages) {
  json v = {{"current", std::to_string(n)}, {"total", std::to_string(total_pages)}, {"show", total_pages > 1}};
  if (n > 1) v["prev_url"] = PagerUrl(base_url, n - 1);
  if (n < total_pages) v["next_url"] = PagerUrl(base_url, n + 1);
  json pages = json::array();
  for (int i = 1; i <= total_pages; ++i) {
    // First, last, and two either side of the current page; gaps become "…".
    bool shown = i == 1 || i == total_pages || std::abs(i - n) <= 2;
    if (!shown) {
      if (pages.empty() || !pages.back().value("gap", false)) pages.push_back({{"gap", true}});
      continue;
    }
    pages.push_back({{"number", std::to_string(i)}, {"url", PagerUrl(base_url, i)}, {"current", i == n}, {"gap", false}});
  }
  v["pages"] = pages;
  return v;
}

}  // namespace portal
