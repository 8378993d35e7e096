#include "knowledge/knowledge.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "base/escape.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "knowledge/related.h"
#include "knowledge/taxonomies.h"
#include "knowledge/term_links.h"
#include "markdown/markdown.h"
#include "render/views.h"

namespace portal {
using json = nlohmann::json;

namespace {

void LinkTerms(Site* site, const Knowledge& k, int jobs, std::unordered_map<uint64_t, uint64_t>* memo) {
  const TermsConfig& c = k.config.terms;
  const bool enabled = c.link_first && !k.terms.terms.empty();
  // A one-shot build's pages are fresh, without links; serve's may keep
  // links of the last rebuild, which must go when linking is turned off.
  if (!enabled && !memo) return;
  PhraseMatcher matcher;
  std::vector<std::string> hrefs;
  for (uint32_t id = 0; id < k.terms.terms.size(); ++id) {
    const PolicyTerm& t = k.terms.terms[id];
    matcher.Add(t.name, id);
    for (const std::string& a : t.aliases) matcher.Add(a, id);
    hrefs.push_back(EscapeHtml(SiteLink(site->config, t.url)));
  }
  matcher.Finish();
  uint64_t links_key = HashCombine(matcher.key(), enabled);
  for (const std::string& href : hrefs) links_key = HashCombine(links_key, Hash64(href));
  std::vector<uint64_t> keys(site->pages.size()), made(site->pages.size());
  ParallelFor(site->pages.size(), jobs, [&](size_t i) {
    Page& page = *site->pages[i];
    bool skip = std::find(c.link_first_skip.begin(), c.link_first_skip.end(), page.section) != c.link_first_skip.end();
    bool link = enabled && !skip && !k.terms.page_terms[i].empty();
    // Pages can be reused from an earlier rebuild: strip our old links first
    // (idempotent), and let the render memo see the change through
    // `version` (which the loader resets from the source on every rebuild).
    std::string scratch;
    std::string_view before = page.HtmlView(&scratch);
    keys[i] = HashCombine(HashCombine(page.version, links_key), link);
    if (memo) {
      auto it = memo->find(keys[i]);
      uint64_t now = Hash64(before);
      if (it != memo->end() && it->second == now) {  // linked last time, kept since
        made[i] = now;
        page.version = HashCombine(page.version, now);
        return;
      }
    }
    const std::string source(before);
    std::string html = link ? LinkFirstOccurrences(source, matcher, hrefs) : StripTermLinks(source);
    made[i] = Hash64(html);
    page.version = HashCombine(page.version, made[i]);
    if (html != source) page.SetHtml(std::move(html));
  });
  if (memo) {
    memo->clear();
    for (size_t i = 0; i < keys.size(); ++i) (*memo)[keys[i]] = made[i];
  }
}

void FillRelated(Site* site, Knowledge* k, int jobs, RelatedMemo* memo) {
  auto start = std::chrono::steady_clock::now();
  std::unordered_map<const Page*, uint32_t> index_of;
  for (uint32_t i = 0; i < site->pages.size(); ++i) index_of[site->pages[i].get()] = i;
  std::vector<std::vector<uint32_t>> term_pages(k->terms.terms.size());
  for (size_t t = 0; t < k->terms.terms.size(); ++t) {
    for (const TermDocument& d : k->terms.terms[t].documents) term_pages[t].push_back(index_of.at(d.page));
  }
  std::vector<std::vector<const Page*>> related =
      ComputeRelated(*site, k->terms.page_terms, term_pages, RelatedOptions{}, jobs, memo);
  for (size_t i = 0; i < site->pages.size(); ++i) site->pages[i]->related = std::move(related[i]);
  k->related_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

json FeaturedTopics(const Site& site, const Knowledge& k) {
  json list = json::array();
  for (const Topic& t : k.topics) {
    if (!t.config.featured) continue;
    list.push_back({{"title", t.config.title},
                    {"url", SiteLink(site.config, t.url)},
                    {"color", t.config.color},
                    {"count", std::to_string(t.pages.size())}});
  }
  return list;
}

}  // namespace

bool ComputeKnowledge(const std::filesystem::path& site_root, Site* site, Knowledge* out, Diagnostics* diags,
                      int jobs, KnowledgeMemo* memo) {
  if (!LoadKnowledgeConfig(site_root, site->config, &out->config, diags)) return false;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  auto start = std::chrono::steady_clock::now();
  out->terms = BuildTermIndex(*site, out->config.terms, jobs, memo ? &memo->terms : nullptr);
  MarkdownOptions short_text;
  short_text.anchor_paragraphs = false;
  for (PolicyTerm& t : out->terms.terms) {
    if (t.definition.empty()) continue;
    RenderedMarkdown r = RenderMarkdown(t.definition, short_text);
    t.definition_html = std::move(r.html);
    t.definition_text = std::move(r.plain_text);
  }
  out->terms_seconds = since(start);
  FillRelated(site, out, jobs, memo ? &memo->related : nullptr);
  out->topics = ResolveTopics(*site, out->config.topics, diags);
  for (const TaxonomyConfig& tc : site->config.taxonomies) out->taxonomies.push_back(BuildTaxonomy(*site, tc));
  start = std::chrono::steady_clock::now();
  LinkTerms(site, *out, jobs, memo ? &memo->linked : nullptr);
  out->links_seconds = since(start);
  return !diags->has_errors();
}

std::vector<std::unique_ptr<Page>> TermSearchPages(const Knowledge& k) {
  std::vector<std::unique_ptr<Page>> out;
  for (const PolicyTerm& t : k.terms.terms) {
    auto p = std::make_unique<Page>();
    p->meta.title = t.name;
    p->meta.tags = t.aliases;
    p->url = t.url;
    p->section = "terms";
    p->body.plain_text = t.definition_text;
    out.push_back(std::move(p));
  }
  return out;
}

std::string AddKnowledge(const std::filesystem::path& site_root, Site* site, Theme* theme, OutputPlan* plan,
                         Diagnostics* diags, int jobs, std::vector<std::unique_ptr<Page>>* search_pages,
                         KnowledgeMemo* memo) {
  Knowledge k;
  if (!ComputeKnowledge(site_root, site, &k, diags, jobs, memo)) return "failed";
  if (search_pages) *search_pages = TermSearchPages(k);
  json globals = GlobalView(*site, theme->i18n());
  json featured = FeaturedTopics(*site, k);
  json taxonomies = json::array();
  for (size_t i = 0; i < k.taxonomies.size() && i < site->config.taxonomies.size(); ++i) {
    if (k.taxonomies[i].terms.empty()) continue;
    taxonomies.push_back({{"label", site->config.taxonomies[i].label},
                          {"url", SiteLink(site->config, k.taxonomies[i].url)}});
  }
  globals["knowledge"] = {{"terms_url", SiteLink(site->config, "/terms/")},
                          {"topics_url", SiteLink(site->config, "/topics/")},
                          {"has_terms", !k.terms.terms.empty()},
                          {"has_topics", !k.topics.empty()},
                          {"featured_topics", featured},
                          {"has_featured_topics", !featured.empty()},
                          {"taxonomies", taxonomies}};
  theme->SetGlobals(globals);
  HtmlStats pages = AddKnowledgePages(*site, k, *theme, plan, diags, jobs, memo);
  char times[160];
  std::snprintf(times, sizeof times, "; terms %.3f s, related %.3f s, links %.3f s", k.terms_seconds,
                k.related_seconds, k.links_seconds);
  std::string read = memo
                         ? " (" + std::to_string(memo->terms.scanned) + " texts scanned, " +
                               std::to_string(memo->related.salient.made) + " counted, " +
                               std::to_string(memo->related.rescored) + " related lists scored)"
                         : "";
  return std::to_string(k.terms.terms.size()) + " terms, " + std::to_string(k.topics.size()) + " topics, " +
         std::to_string(k.taxonomies.size()) + " taxonomies, " + std::to_string(pages.pages) + " pages" +
         (pages.reused ? " (" + std::to_string(pages.pages - pages.reused) + " rendered)" : "") + times + read;
}

}  // namespace portal
