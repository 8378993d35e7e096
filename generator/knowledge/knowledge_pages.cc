// The HTML and RSS of the knowledge stage: term index and term pages, topics,
// and taxonomy pages.
#include <algorithm>
#include <functional>
#include <optional>

#include "base/escape.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "feeds/feeds.h"
#include "knowledge/knowledge.h"
#include "markdown/markdown.h"
#include "render/html_pages.h"
#include "render/views.h"

namespace portal {
using json = nlohmann::json;

namespace {

std::string IndexPath(const std::string& url) { return url.substr(1) + "index.html"; }

std::string Text(const Theme& theme, const char* key, const char* fallback) {
  return theme.i18n().value(key, fallback);
}

json WithCommon(const Site& site, const Theme& theme, const std::string& url, json v) {
  return WithCommonView(site, theme.i18n(), url, std::move(v));
}

std::string MarkdownHtml(const std::string& md) {
  MarkdownOptions o;
  o.anchor_paragraphs = false;
  return RenderMarkdown(md, o).html;
}

json Breadcrumb(const Site& site, const std::string& label, const std::string& url) {
  return {{"label", label}, {"url", SiteLink(site.config, url)}};
}

// ---- Terms -----------------------------------------------------------------

json TermsIndexView(const Site& site, const Knowledge& k) {
  json groups = json::array();
  for (const PolicyTerm& t : k.terms.terms) {
    if (groups.empty() || groups.back()["letter"] != t.initial) {
      groups.push_back({{"letter", t.initial}, {"terms", json::array()}});
    }
    groups.back()["terms"].push_back({{"name", t.name},
                                      {"url", SiteLink(site.config, t.url)},
                                      {"count", std::to_string(t.documents.size())},
                                      {"declared", t.declared}});
  }
  return {{"groups", groups}, {"count", std::to_string(k.terms.terms.size())}, {"has_terms", !groups.empty()}};
}

// How many documents a term page lists, and lines per document.
size_t ConcordanceLimit(const Knowledge& k) { return static_cast<size_t>(std::max(1, k.config.terms.concordance_limit)); }
size_t LinesPerDocument(const Knowledge& k) { return static_cast<size_t>(std::max(1, k.config.terms.lines_per_document)); }

// The lines a term page quotes from one document: [{html, url}].
json DocumentLines(const Site& site, const Knowledge& k, const TermDocument& d) {
  const Page& p = *d.page;
  json lines = json::array();
  std::string source = p.BlockSource();
  size_t per_doc = LinesPerDocument(k);
  for (size_t j = 0; j < d.hits.size() && j < per_doc; ++j) {
    const TermHit& h = d.hits[j];
    std::string anchor = HitAnchor(p, h);
    std::string url = SiteLink(site.config, p.url) + (anchor.empty() ? "" : "#" + anchor);
    lines.push_back({{"html", ConcordanceLine(HitText(p, source, h), h.begin, h.end)}, {"url", url}});
  }
  return lines;
}

// Every term's lines per listed document, made once for the keys and the
// views (portal serve): from the memo when the document, its hits and the
// site-wide key are unchanged. The memo is left holding this build's lines.
using Lines = KnowledgeMemo::Lines;
std::vector<std::vector<const Lines*>> TermLines(const Site& site, const Knowledge& k, uint64_t global, int jobs,
                                                 std::unordered_map<uint64_t, Lines>* memo) {
  const auto& terms = k.terms.terms;
  const size_t limit = ConcordanceLimit(k), per_doc = LinesPerDocument(k);
  std::vector<std::vector<uint64_t>> keys(terms.size());
  std::vector<std::vector<Lines>> fresh(terms.size());
  ParallelFor(terms.size(), jobs, [&](size_t t) {
    for (size_t i = 0; i < terms[t].documents.size() && i < limit; ++i) {
      const TermDocument& d = terms[t].documents[i];
      uint64_t key = HashCombine(HashCombine(global, d.page->version), per_doc);
      for (size_t j = 0; j < d.hits.size() && j < per_doc; ++j) {
        key = HashCombine(key, (static_cast<uint64_t>(static_cast<uint32_t>(d.hits[j].block)) << 32) ^ d.hits[j].begin);
        key = HashCombine(key, d.hits[j].end);
      }
      keys[t].push_back(key);
      Lines made;
      if (!memo->count(key)) {
        made.lines = DocumentLines(site, k, d);
        made.hash = HashJson(made.lines);
      }
      fresh[t].push_back(std::move(made));
    }
  });
  std::unordered_map<uint64_t, Lines> next;
  std::vector<std::vector<const Lines*>> out(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    for (size_t i = 0; i < keys[t].size(); ++i) {
      auto it = next.find(keys[t][i]);
      if (it == next.end()) {
        auto old = memo->find(keys[t][i]);
        it = old != memo->end() ? next.insert(memo->extract(old)).position
                                : next.emplace(keys[t][i], std::move(fresh[t][i])).first;
      }
      out[t].push_back(&it->second);
    }
  }
  *memo = std::move(next);
  return out;
}

// `lines`: the documents' lines from TermLines, or null to make them here.
json TermView(const Site& site, const Knowledge& k, const PolicyTerm& t, const std::vector<const Lines*>* lines) {
  json docs = json::array();
  size_t limit = ConcordanceLimit(k);
  for (size_t i = 0; i < t.documents.size() && i < limit; ++i) {
    const TermDocument& d = t.documents[i];
    json card = PageCard(site, *d.page);
    card["lines"] = lines && !(*lines)[i]->lines.is_null() ? (*lines)[i]->lines : DocumentLines(site, k, d);
    card["more_lines"] = d.hits.size() > card["lines"].size();
    docs.push_back(std::move(card));
  }
  json aliases = json::array();
  for (const std::string& a : t.aliases) aliases.push_back(a);
  json v = {{"term", {{"name", t.name},
                      {"definition", t.definition_html},
                      {"aliases", aliases},
                      {"has_aliases", !aliases.empty()},
                      {"declared", t.declared}}},
            {"documents", docs},
            {"has_documents", !docs.empty()},
            {"count", std::to_string(t.documents.size())},
            {"shown", std::to_string(docs.size())},
            {"truncated", docs.size() < t.documents.size()},
            {"title", t.name}};
  return v;
}

// ---- Topics ----------------------------------------------------------------

json TopicSummary(const Site& site, const Topic& t) {
  return {{"title", t.config.title},
          {"url", SiteLink(site.config, t.url)},
          {"color", t.config.color},
          {"featured", t.config.featured},
          {"intro", t.intro_html},
          {"count", std::to_string(t.pages.size())},
          {"feed_url", SiteLink(site.config, t.url + "index.xml")}};
}

json TopicView(const Site& site, const Topic& t) {
  json pages = json::array();
  for (size_t i = 0; i < t.pages.size(); ++i) {
    json card = PageCard(site, *t.pages[i]);
    card["number"] = std::to_string(i + 1);
    pages.push_back(std::move(card));
  }
  json topic = TopicSummary(site, t);
  return {{"topic", topic}, {"pages", pages}, {"has_pages", !pages.empty()},
          {"count", std::to_string(t.pages.size())}, {"title", t.config.title}};
}

// ---- Taxonomies ------------------------------------------------------------

json FacetsView(const Site& site, const Taxonomy& tax, const TaxonomyConfig& c) {
  json groups = json::array();
  for (const Term& t : tax.terms) {
    if (groups.empty() || groups.back()["letter"] != t.initial) {
      groups.push_back({{"letter", t.initial}, {"terms", json::array()}});
    }
    groups.back()["terms"].push_back({{"name", t.name},
                                      {"url", SiteLink(site.config, t.url)},
                                      {"count", std::to_string(t.pages.size())}});
  }
  return {{"taxonomy", {{"name", c.name}, {"label", c.label}, {"url", SiteLink(site.config, tax.url)}}},
          {"groups", groups}, {"count", std::to_string(tax.terms.size())}, {"title", c.label}};
}

void AddFacetPages(const Site& site, const Theme& theme, const Taxonomy& tax, const TaxonomyConfig& c,
                   uint64_t global, const CardKeys* keys, std::vector<RenderJob>* jobs) {
  size_t per = static_cast<size_t>(std::max(1, site.config.page_size));
  const uint64_t mask = keys ? keys->Mask(theme.CardNames("facet", "pages")) : 0;
  for (const Term& t : tax.terms) {
    int total = std::max<int>(1, static_cast<int>((t.pages.size() + per - 1) / per));
    std::string prefixed = SiteLink(site.config, t.url);
    for (int n = 1; n <= total; ++n) {
      std::string page_url = PagerUrl(t.url, n);
      jobs->push_back({IndexPath(page_url), "facet", "taxonomy " + c.name, [&site, &theme, &t, &tax, &c, page_url,
                                                                          prefixed, per, n, total] {
                         json cards = json::array();
                         for (size_t i = (n - 1) * per; i < t.pages.size() && i < n * per; ++i) {
                           cards.push_back(PageCard(site, *t.pages[i]));
                         }
                         json v = {{"term", {{"name", t.name}}},
                                   {"taxonomy", {{"name", c.name}, {"label", c.label},
                                                 {"url", SiteLink(site.config, tax.url)}}},
                                   {"title", c.label + "：" + t.name},
                                   {"pages", cards},
                                   {"count", std::to_string(t.pages.size())},
                                   {"pager", PagerView(prefixed, n, total)},
                                   {"page_number", std::to_string(n)},
                                   {"not_first_page", n > 1}};
                         json out = WithCommon(site, theme, page_url, v);
                         out["feeds"].push_back({{"title", site.config.title + " - " + c.label + "：" + t.name},
                                                 {"url", SiteLink(site.config, t.url + "index.xml")}});
                         return out;
                       }});
      if (!keys) continue;
      uint64_t key = HashCombine(global, Hash64("facet|" + c.name + "|" + c.label + "|" + tax.url + "|" + t.name + "|" +
                                                t.url + "|" + std::to_string(n) + "/" + std::to_string(total) + "|" +
                                                std::to_string(t.pages.size())));
      jobs->back().key = keys->Slice(key, t.pages, (n - 1) * per, per, mask);
    }
  }
}

// What a term page shows: the term, and for each document it lists that
// document's card (the fields the layout shows) and lines.
uint64_t TermKey(uint64_t global, const Knowledge& k, const PolicyTerm& t, const CardKeys& keys, uint64_t mask,
                 const std::vector<const Lines*>& lines) {
  std::string head = "term|" + t.name + "|" + t.url + "|" + t.definition_html + "|" + (t.declared ? "1" : "0") + "|" +
                     std::to_string(t.documents.size()) + "|" + std::to_string(k.config.terms.concordance_limit) +
                     "|" + std::to_string(k.config.terms.lines_per_document);
  for (const std::string& a : t.aliases) head += "|" + a;
  uint64_t key = HashCombine(global, Hash64(head));
  for (size_t i = 0; i < lines.size(); ++i) {
    const TermDocument& d = t.documents[i];
    key = HashCombine(HashCombine(key, keys.Of(d.page, mask)), d.hits.size());
    key = HashCombine(key, lines[i]->hash);
  }
  return key;
}

}  // namespace

HtmlStats AddKnowledgePages(const Site& site, const Knowledge& k, const Theme& theme, OutputPlan* plan,
                            Diagnostics* diags, int jobs, KnowledgeMemo* memo) {
  std::vector<RenderJob> list;
  const uint64_t global = SiteWideKey(site, theme);
  // Keys only matter with a memo; a one-shot build makes lines as it renders.
  std::optional<CardKeys> keys;
  std::vector<std::vector<const Lines*>> lines;
  if (memo) {
    keys.emplace(site, HashedCards(site, jobs, &memo->cards));
    lines = TermLines(site, k, global, jobs, &memo->lines);
  }
  // Topics' intros are Markdown: render once, here.
  std::vector<Topic> topics = k.topics;
  for (Topic& t : topics) t.intro_html = t.config.intro.empty() ? "" : MarkdownHtml(t.config.intro);

  if (theme.HasLayout("terms") && (!k.terms.terms.empty() || !k.config.terms.terms.empty())) {
    list.push_back({"terms/index.html", "terms", "term index", [&] {
                      json v = TermsIndexView(site, k);
                      v["title"] = Text(theme, "terms", "提法索引");
                      return WithCommon(site, theme, "/terms/", v);
                    }});
    if (keys) {
      uint64_t key = HashCombine(global, Hash64("terms"));
      for (const PolicyTerm& t : k.terms.terms) {
        key = HashCombine(key, Hash64(t.name + "|" + t.url + "|" + t.initial + "|" + (t.declared ? "1" : "0")));
        key = HashCombine(key, t.documents.size());
      }
      list.back().key = key;
    }
  }
  if (theme.HasLayout("formulation")) {
    const uint64_t mask = keys ? keys->Mask(theme.CardNames("formulation", "documents")) : 0;
    for (size_t i = 0; i < k.terms.terms.size(); ++i) {
      const PolicyTerm& t = k.terms.terms[i];
      const std::vector<const Lines*>* doc_lines = memo ? &lines[i] : nullptr;
      list.push_back({IndexPath(t.url), "formulation", "term " + t.name, [&site, &k, &theme, &t, doc_lines] {
                        json v = TermView(site, k, t, doc_lines);
                        v["crumb"] = Breadcrumb(site, Text(theme, "terms", "提法索引"), "/terms/");
                        return WithCommon(site, theme, t.url, v);
                      }});
      if (keys) list.back().key = TermKey(global, k, t, *keys, mask, lines[i]);
    }
  }
  if (!topics.empty() && theme.HasLayout("topics")) {
    list.push_back({"topics/index.html", "topics", "topic index", [&] {
                      json items = json::array();
                      for (const Topic& t : topics) items.push_back(TopicSummary(site, t));
                      json v = {{"topics", items}, {"count", std::to_string(topics.size())},
                                {"title", Text(theme, "topics", "专题")}};
                      return WithCommon(site, theme, "/topics/", v);
                    }});
    if (keys) {
      uint64_t key = HashCombine(global, Hash64("topics"));
      for (const Topic& t : topics) key = HashCombine(key, HashJson(TopicSummary(site, t)));
      list.back().key = key;
    }
  }
  if (theme.HasLayout("topic")) {
    for (const Topic& t : topics) {
      list.push_back({IndexPath(t.url), "topic", "topic " + t.config.slug, [&site, &theme, &t] {
                        json v = TopicView(site, t);
                        v["crumb"] = Breadcrumb(site, Text(theme, "topics", "专题"), "/topics/");
                        json out = WithCommon(site, theme, t.url, v);
                        out["feeds"].push_back({{"title", site.config.title + " - " + t.config.title},
                                                {"url", SiteLink(site.config, t.url + "index.xml")}});
                        return out;
                      }});
      if (keys) {
        list.back().key = keys->Slice(HashCombine(HashCombine(global, Hash64("topic")), HashJson(TopicSummary(site, t))), t.pages, 0,
                                      t.pages.size(), keys->Mask(theme.CardNames("topic", "pages")));
      }
    }
  }
  for (size_t i = 0; i < k.taxonomies.size() && i < site.config.taxonomies.size(); ++i) {
    const Taxonomy& tax = k.taxonomies[i];
    const TaxonomyConfig& c = site.config.taxonomies[i];
    if (tax.terms.empty()) continue;
    if (theme.HasLayout("facets")) {
      list.push_back({IndexPath(tax.url), "facets", "taxonomy " + c.name,
                      [&site, &theme, &tax, &c] { return WithCommon(site, theme, tax.url, FacetsView(site, tax, c)); }});
      if (keys) list.back().key = HashCombine(HashCombine(global, Hash64("facets")), HashJson(FacetsView(site, tax, c)));
    }
    if (theme.HasLayout("facet")) AddFacetPages(site, theme, tax, c, global, keys ? &*keys : nullptr, &list);
  }

  HtmlStats stats = RenderJobs(list, theme, plan, diags, jobs, memo ? &memo->pages : nullptr);

  // Feeds: a topic's and every taxonomy term's.
  for (const Topic& t : topics) {
    AddListFeed(site.config, t.url.substr(1) + "index.xml", site.config.title + " - 专题：" + t.config.title, t.url,
                t.config.title, t.newest_first,
                "the RSS feed of topic " + t.config.slug, plan, diags);
  }
  for (size_t i = 0; i < k.taxonomies.size() && i < site.config.taxonomies.size(); ++i) {
    const TaxonomyConfig& c = site.config.taxonomies[i];
    for (const Term& t : k.taxonomies[i].terms) {
      AddListFeed(site.config, t.url.substr(1) + "index.xml", site.config.title + " - " + c.label + "：" + t.name,
                  t.url, site.config.subtitle, t.pages, "the RSS feed of " + c.name + " " + t.name, plan, diags);
    }
  }
  return stats;
}

}  // namespace portal
