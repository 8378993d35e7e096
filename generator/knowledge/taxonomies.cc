#include "knowledge/taxonomies.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "site/page_path.h"
#include "text/chinese.h"

namespace portal {

std::vector<std::string> FrontMatterValues(const Page& page, const std::string& key) {
  const FrontMatter& m = page.meta;
  std::vector<std::string> out;
  if (key == "speaker") out = {m.speaker};
  else if (key == "organization") out = {m.organization};
  else if (key == "occasion") out = {m.occasion};
  else if (key == "author") out = {m.author};
  else if (key == "source") out = {m.source};
  else if (key == "tags") out = m.tags;
  else if (key == "categories") out = m.categories;
  else if (m.extra.is_object() && m.extra.contains(key)) {
    const nlohmann::json& v = m.extra[key];
    if (v.is_string()) out.push_back(v.get<std::string>());
    if (v.is_array()) {
      for (const auto& x : v) {
        if (x.is_string()) out.push_back(x.get<std::string>());
      }
    }
  }
  std::vector<std::string> kept;
  for (std::string& v : out) {
    if (!v.empty() && std::find(kept.begin(), kept.end(), v) == kept.end()) kept.push_back(std::move(v));
  }
  return kept;
}

Taxonomy BuildTaxonomy(const Site& site, const TaxonomyConfig& config) {
  std::map<std::string, std::vector<const Page*>> by_name;
  for (const Page* p : site.all_pages) {  // newest first, so lists are too
    for (const std::string& v : FrontMatterValues(*p, config.key)) by_name[v].push_back(p);
  }
  std::vector<std::pair<std::string, Term>> keyed;
  for (auto& [name, pages] : by_name) {
    Term t;
    t.name = name;
    t.pages = std::move(pages);
    t.initial = PinyinInitialLetter(name);
    keyed.emplace_back(PinyinSortKey(name), std::move(t));
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.name) < std::tie(b.first, b.second.name);
  });
  Taxonomy tax;
  tax.name = config.name;
  tax.url = "/" + config.name + "/";
  std::unordered_map<std::string, int> used;
  for (auto& [key, term] : keyed) {
    std::string slug = SegmentSlug(term.name, "term");
    int n = ++used[slug];
    if (n > 1) slug += "-" + std::to_string(n);
    term.slug = slug;
    term.url = tax.url + slug + "/";
    tax.terms.push_back(std::move(term));
  }
  return tax;
}

}  // namespace portal
