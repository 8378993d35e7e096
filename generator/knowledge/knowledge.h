// The knowledge-portal stage (issue 8): policy-term index, topics, related
// reading, citable paragraphs' data and taxonomies besides tags. Runs after
// the site is assembled and before the HTML pages are rendered, because it
// changes what those pages show (related lists, term links, home topics).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.h"
#include "knowledge/knowledge_config.h"
#include "knowledge/related.h"
#include "knowledge/term_index.h"
#include "knowledge/topics.h"
#include "output/output_plan.h"
#include "render/html_pages.h"
#include "render/theme.h"
#include "site/site.h"

namespace portal {

// Everything the stage computed, for tests and later stages.
struct Knowledge {
  KnowledgeConfig config;
  TermIndex terms;
  std::vector<Topic> topics;
  std::vector<Taxonomy> taxonomies;  // in site.config.taxonomies order
  double terms_seconds = 0, related_seconds = 0, links_seconds = 0;  // for `portal build -v`
};

// What the stage keeps between rebuilds of portal serve: what it read from
// each page's text (quoted phrases, term hits, salient bigrams) and its
// rendered pages.
struct KnowledgeMemo {
  TermIndexMemo terms;
  RelatedMemo related;
  RenderMemo pages;
  // Page cards, for the keys of term and facet pages; the session hands the
  // same memo to AddHtmlPages.
  CardMemo cards;
  // A term page's lines for one document (and their hash), by the
  // document's version, its hits and the site-wide key. `lines` is null in
  // a memo read from disk (only hashes are kept there): a term page
  // rendered again makes them anew.
  struct Lines {
    nlohmann::json lines;
    uint64_t hash = 0;
  };
  std::unordered_map<uint64_t, Lines> lines;
  // A page's HTML after its term links, by its version and the links: the
  // hash of what LinkTerms made, so a page kept from the last rebuild that
  // still holds exactly that is not linked again.
  std::unordered_map<uint64_t, uint64_t> linked;
};

// Computes the knowledge data: loads site-config/terms.yaml and topics.yaml,
// builds the term index, fills every page's `related` (content similarity,
// replacing the site stage's tag-only lists), resolves topics and builds
// the configured taxonomies, and (terms.yaml linkFirst) links each term's
// first occurrence in page bodies outside the skipped sections.
// With a memo, only pages it does not hold are read again.
bool ComputeKnowledge(const std::filesystem::path& site_root, Site* site, Knowledge* out, Diagnostics* diags,
                      int jobs, KnowledgeMemo* memo = nullptr);

// Renders /terms/, /terms/<slug>/, /topics/, /topics/<slug>/ (+ index.xml),
// and for each taxonomy /<name>/, /<name>/<slug>/ (paginated, + index.xml).
// Layouts a theme lacks are skipped. With a memo (portal serve), a page
// whose dependency key is unchanged (the term, and the cards and lines of
// the documents it lists; a facet page's cards) is copied from the last run.
HtmlStats AddKnowledgePages(const Site& site, const Knowledge& k, const Theme& theme, OutputPlan* plan,
                            Diagnostics* diags, int jobs, KnowledgeMemo* memo = nullptr);

// The build stage: ComputeKnowledge, then the theme globals gain
// `knowledge` (terms_url, topics_url, featured_topics, taxonomies), then
// AddKnowledgePages. Call after Theme::SetGlobals(GlobalView(...)) and before
// AddHtmlPages. Returns the stage's count line for `portal build -v`
// ("52 terms, 3 topics, 2 taxonomies, 90 pages; related 0.004 s").
// When `search_pages` is not null it receives TermSearchPages.
std::string AddKnowledge(const std::filesystem::path& site_root, Site* site, Theme* theme, OutputPlan* plan,
                         Diagnostics* diags, int jobs,
                         std::vector<std::unique_ptr<Page>>* search_pages = nullptr, KnowledgeMemo* memo = nullptr);

// One page per policy term for the search index, in term order: title the
// term, tags its aliases, body its definition as plain text, URL its term
// page. So a reader searching a formulation also finds where it is
// explained (search.mjs lists these apart from the documents).
std::vector<std::unique_ptr<Page>> TermSearchPages(const Knowledge& k);

}  // namespace portal
