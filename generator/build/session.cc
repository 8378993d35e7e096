#include "build/session.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "config/site_config.h"
#include "feeds/feeds.h"
#include "knowledge/knowledge.h"  // issue 8
#include "knowledge/knowledge_cache.h"
#include "render/html_pages.h"
#include "render/theme.h"
#include "render/views.h"
#include "search/search_index.h"
#include "search/search_memo_cache.h"
#include "site/loader.h"
#include "site/site.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

// Paths whose bytes differ between two plans, plus paths only in one.
std::vector<std::string> Diff(const OutputPlan& before, const OutputPlan& after) {
  std::vector<std::string> out;
  const auto& old_entries = before.entries();
  for (const auto& [path, e] : after.entries()) {
    auto it = old_entries.find(path);
    if (it == old_entries.end() || it->second.is_copy != e.is_copy || (!e.is_copy && it->second.hash != e.hash)) {
      out.push_back(path);
    }
  }
  for (const auto& [path, e] : old_entries) {
    if (!after.Contains(path)) out.push_back(path);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

struct BuildSession::State {
  OutputPlan plan;
  ContentCache content;  // parsed and rendered pages by file
  RenderMemo html;       // rendered HTML by output path and dependency key
  KnowledgeMemo knowledge;  // page texts' terms and bigrams; term, topic and taxonomy pages
  FileMemo feeds;        // RSS channels by path and items
  FileMemo sitemap;      // sitemap.xml by its pages
  search::IndexMemo search;  // posting parts and passages by block of documents
};

BuildSession::BuildSession(BuildOptions options, bool incremental, OutputSink* sink)
    : options_(std::move(options)), incremental_(incremental), sink_(sink), state_(std::make_unique<State>()) {}
BuildSession::~BuildSession() = default;

const OutputPlan& BuildSession::plan() const { return state_->plan; }

KnowledgeMemo* BuildSession::knowledge_memo() { return &state_->knowledge; }
FileMemo* BuildSession::html_memo() { return &state_->html; }
const FileMemo& BuildSession::html_memo() const { return state_->html; }

void BuildSession::UsePageCache(ContentCache* cache, std::shared_ptr<TextStore> store) {
  page_cache_ = cache;
  page_store_ = std::move(store);
  if (!incremental_) state_->search.keep_bytes = false;
}

bool BuildSession::Rebuild(Diagnostics* diags, BuildResult* r) {
  auto start = std::chrono::steady_clock::now();
  StageTimer timer;
  const fs::path& root = options_.site_root;
  auto stage = [&](const char* name, std::string count) { r->stages.push_back(timer.Finish(name, std::move(count))); };

  SiteConfig config;
  if (!LoadSiteConfig(root / "site-config" / "site.yaml", "site-config/site.yaml", &config, diags)) return false;
  if (!options_.base_url.empty()) {
    config.base_url = options_.base_url;
    if (config.base_url.back() != '/') config.base_url += '/';
  }
  stage("config", std::to_string(config.sections.size()) + " sections");

  Theme theme;
  if (!theme.Load(root, config.theme, config.language, diags)) return false;
  stage("theme", config.theme);

  LoadOptions load;
  load.build_drafts = options_.build_drafts;
  load.build_future = options_.build_future;
  load.jobs = options_.jobs;
  load.now_epoch_seconds = options_.now_epoch_seconds >= 0 ? options_.now_epoch_seconds : std::time(nullptr);
  if (page_store_) {
    load.store = page_store_;
  } else if (!options_.spill_dir.empty() && !incremental_) {
    auto store = std::make_shared<TextStore>();
    std::string error;
    if (store->Open(options_.spill_dir, &error)) load.store = std::move(store);  // else the bodies stay in memory
  }
  ContentCache* cache = incremental_ ? &state_->content : page_cache_;
  LoadedContent content = LoadContent(root, config, load, diags, cache);
  r->valid_until = content.next_future_epoch;
  std::string loaded = std::to_string(content.pages.size()) + " pages";
  if (cache && (cache->hits || cache->same)) {
    loaded += ", " + std::to_string(cache->misses - cache->same) + " read";
    if (cache->same) loaded += ", " + std::to_string(cache->same) + " touched but the same";
  }
  stage("content", loaded);
  if (diags->has_errors()) return false;

  Site site = AssembleSite(config, std::move(content), diags);
  stage("site", std::to_string(site.sections.size()) + " sections, " + std::to_string(site.tags.terms.size()) + " tags");
  if (diags->has_errors()) return false;

  OutputPlan plan(sink_);
  if (!r->destination.empty()) plan.set_display_root(r->destination.string());
  theme.SetGlobals(GlobalView(site, theme.i18n()));
  std::vector<std::unique_ptr<Page>> term_pages;  // policy terms, for the search index
  // issue 8: terms, topics, related, taxonomies (generator/knowledge)
  std::string knowledge = AddKnowledge(root, &site, &theme, &plan, diags, options_.jobs, &term_pages,
                                       incremental_ || page_cache_ ? &state_->knowledge : nullptr);
  if (!incremental_ && page_cache_) {  // portal build: the memo as bytes for the cache, its structures freed
    ByteWriter bytes;
    WriteKnowledgeMemo(state_->knowledge, &bytes);
    knowledge_bytes_ = std::move(bytes.bytes());
    CardMemo cards = std::move(state_->knowledge.cards);  // the HTML stage's too
    state_->knowledge = KnowledgeMemo();
    state_->knowledge.cards = std::move(cards);
  }
  stage("knowledge", knowledge);
  HtmlStats html = AddHtmlPages(site, theme, &plan, diags, options_.jobs,
                                incremental_ || page_cache_ ? &state_->html : nullptr, &state_->knowledge.cards);
  if (!incremental_) state_->knowledge.cards.clear();  // kept only for serve
  stage("html", std::to_string(html.pages) + " files" +
                    (html.reused ? ", " + std::to_string(html.pages - html.reused) + " rendered" : ""));
  // Static files first: a site's own static/robots.txt wins over the generated one.
  int copied = AddStaticFiles(site, theme, root, &plan, diags);
  stage("static", std::to_string(copied) + " files");
  size_t before = plan.size();
  int feeds = AddFeeds(site, &plan, diags, options_.jobs, incremental_ ? &state_->feeds : nullptr);
  AddSitemap(site, &plan, diags, incremental_ ? &state_->sitemap : nullptr);
  stage("feeds", std::to_string(plan.size() - before) + " files" +
                     (incremental_ ? ", " + std::to_string(feeds) + " channels rendered" : ""));
  if (config.search) {
    before = plan.size();
    std::vector<const Page*> terms;
    for (const auto& p : term_pages) terms.push_back(p.get());
    const bool cached = !incremental_ && page_cache_;  // portal build with its cache
    std::string memo_note;
    if (cached && search_cache_) {  // read only now: it is not held through the other stages
      std::string why;
      auto start_load = std::chrono::steady_clock::now();
      bool read = search_cache_->Load(&state_->search, &why);
      char took[48];
      std::snprintf(took, sizeof took, " %.3f s; ",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start_load).count());
      memo_note = read ? std::string("search memo read") + took : "search memo " + why + "; ";
    }
    std::string phases = memo_note + AddSearchIndex(site, &plan, diags, options_.jobs, terms,
                                        incremental_ || cached ? &state_->search : nullptr,
                                        cached ? page_cache_->settings : state_->content.settings);
    if (cached && search_cache_) {  // the memo into the cache folder, its structures freed
      std::string error;
      uint64_t bytes = 0;
      bool kept = search_cache_->Write(&state_->search, &bytes, &error);
      state_->search = search::IndexMemo();
      state_->search.keep_bytes = false;
      phases += kept ? "; memo " + std::to_string(bytes / 1000000) + " MB written" : "; memo not kept: " + error;
    }
    stage("search", std::to_string(plan.size() - before) + " files; " + phases);
  }
  if (diags->has_errors()) return false;

  changed_ = Diff(state_->plan, plan);
  state_->plan = std::move(plan);
  r->pages = html.pages;
  r->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return true;
}

}  // namespace portal
