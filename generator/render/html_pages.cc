#include "render/html_pages.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <functional>
#include <map>
#include <unordered_map>

#include "base/file.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "render/views.h"

namespace portal {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string IndexPath(const std::string& url) { return url.substr(1) + "index.html"; }

// Every page's card, built once and shared by reference (CardRef): a page
// appears in its section list, each tag list, the archive, the home page and
// other pages' related lists.
struct CardCache {
  std::vector<const json*> list;                  // site.pages order
  std::unordered_map<const Page*, size_t> index;  // page -> position in list
  std::vector<json> owned;                        // the cards, without a memo
  std::vector<std::shared_ptr<const HashedCard>> hashed;  // the cards, with one
};

json Cards(const CardCache& cards, const std::vector<const Page*>& pages, size_t from, size_t count) {
  json out = json::array();
  for (size_t i = from; i < pages.size() && i < from + count; ++i) out.push_back(CardRef(cards.index.at(pages[i])));
  return out;
}

json WithCommon(const Site& site, const Theme& theme, const std::string& url, json v) {
  return WithCommonView(site, theme.i18n(), url, std::move(v));
}

// Adds jobs for a paginated list (section or tag) rooted at `url`.
void AddListJobs(const Site& site, const Theme& theme, const CardCache& cards, const CardKeys* keys, uint64_t global,
                 const std::string& url, const std::string& layout, const std::vector<const Page*>* pages, json head,
                 json feed, std::vector<RenderJob>* jobs) {
  size_t per = static_cast<size_t>(std::max(1, site.config.page_size));
  const uint64_t mask = keys ? keys->Mask(theme.CardNames(layout, "pages")) : 0;
  int total = std::max<int>(1, static_cast<int>((pages->size() + per - 1) / per));
  std::string prefixed = SiteLink(site.config, url);
  for (int n = 1; n <= total; ++n) {
    std::string page_url = PagerUrl(url, n);
    jobs->push_back({IndexPath(page_url), layout, url, [&site, &theme, &cards, page_url, prefixed, pages, per, n, total, head, feed] {
                       json v = head;
                       v["pages"] = Cards(cards, *pages, (n - 1) * per, per);
                       v["count"] = std::to_string(pages->size());
                       v["pager"] = PagerView(prefixed, n, total);
                       v["page_number"] = std::to_string(n);
                       v["not_first_page"] = n > 1;
                       json c = WithCommon(site, theme, page_url, v);
                       c["feeds"].push_back(feed);
                       return c;
                     }});
    if (!keys) continue;
    uint64_t key = HashCombine(HashCombine(global, HashCombine(Hash64(page_url + "|" + layout), HashCombine(HashJson(head), HashJson(feed)))),
                               HashCombine(n, HashCombine(total, pages->size())));
    jobs->back().key = keys->Slice(key, *pages, (n - 1) * per, per, mask);
  }
  if (total >= 1) {
    // /speeches/page/1/ is the same list as /speeches/: redirect, as Hugo does.
    std::string target = prefixed;
    jobs->push_back({IndexPath(url + "page/1/"), "alias", url, [&site, &theme, url, target] {
                       return WithCommon(site, theme, url, {{"target", target}});
                     }});
    if (keys) jobs->back().key = HashCombine(global, Hash64("alias|" + url));
  }
}

// What the home page shows: its intro, each section's count and first five
// cards, the six latest cards and the most used tags.
uint64_t HomeKey(const Site& site, const Theme& theme, const CardKeys& keys, uint64_t global) {
  uint64_t key = HashCombine(global, Hash64("home|" + site.home_intro_html));
  const uint64_t sections = keys.Mask(theme.CardNames("home", "pages"));
  for (const Section& s : site.sections) key = keys.Slice(HashCombine(key, s.pages.size()), s.pages, 0, 5, sections);
  key = keys.Slice(key, site.all_pages, 0, 6, keys.Mask(theme.CardNames("home", "latest")));
  for (const Term& t : site.tags.terms) key = HashCombine(key, t.pages.size());
  return key;
}

// What the archive shows: every page's card, by year and month.
uint64_t ArchivesKey(const Site& site, const Theme& theme, const CardKeys& keys, uint64_t global) {
  uint64_t key = HashCombine(global, Hash64("archives"));
  const uint64_t mask = keys.Mask(theme.CardNames("archives", "pages"));
  for (const ArchiveYear& y : site.archives) {
    key = HashCombine(key, static_cast<uint64_t>(y.year));
    for (const ArchiveMonth& m : y.months) {
      key = keys.Slice(HashCombine(key, static_cast<uint64_t>(m.month)), m.pages, 0, m.pages.size(), mask);
    }
  }
  return key;
}

json HomeView(const Site& site, const CardCache& cards) {
  json v;
  v["is_home"] = true;
  v["intro"] = site.home_intro_html;
  json sections = json::array();
  for (const Section& s : site.sections) {
    sections.push_back({{"label", s.config.label}, {"description", s.config.description},
                        {"url", SiteLink(site.config, s.url)},
                        {"count", std::to_string(s.pages.size())}, {"pages", Cards(cards, s.pages, 0, 5)},
                        {"has_pages", !s.pages.empty()}});
  }
  v["sections"] = sections;
  v["latest"] = Cards(cards, site.all_pages, 0, 6);
  std::vector<const Term*> popular;
  for (const Term& t : site.tags.terms) popular.push_back(&t);
  std::stable_sort(popular.begin(), popular.end(),
                   [](const Term* a, const Term* b) { return a->pages.size() > b->pages.size(); });
  json tags = json::array();
  for (size_t i = 0; i < popular.size() && i < 20; ++i) {
    tags.push_back({{"name", popular[i]->name},
                    {"url", SiteLink(site.config, popular[i]->url)},
                    {"count", std::to_string(popular[i]->pages.size())}});
  }
  v["popular_tags"] = tags;
  v["has_tags"] = !tags.empty();
  return v;
}

json TaxonomyView(const Site& site) {
  json groups = json::array();
  for (const Term& t : site.tags.terms) {
    if (groups.empty() || groups.back()["letter"] != t.initial) {
      groups.push_back({{"letter", t.initial}, {"terms", json::array()}});
    }
    groups.back()["terms"].push_back({{"name", t.name},
                                      {"url", SiteLink(site.config, t.url)},
                                      {"count", std::to_string(t.pages.size())}});
  }
  return {{"groups", groups}, {"count", std::to_string(site.tags.terms.size())}};
}

json ArchivesView(const Site& site, const CardCache& cards) {
  json years = json::array();
  for (const ArchiveYear& y : site.archives) {
    json months = json::array();
    size_t count = 0;
    for (const ArchiveMonth& m : y.months) {
      json pages = json::array();
      for (const Page* p : m.pages) pages.push_back(CardRef(cards.index.at(p)));
      count += m.pages.size();
      months.push_back({{"month", std::to_string(m.month)}, {"pages", pages},
                        {"count", std::to_string(m.pages.size())}, {"id", std::to_string(y.year) + "-" + std::to_string(m.month)}});
    }
    years.push_back({{"year", std::to_string(y.year)}, {"months", months}, {"count", std::to_string(count)}});
  }
  return {{"years", years}, {"count", std::to_string(site.all_pages.size())}};
}

// `keys` is null when there is no memo to key for (a one-shot build).
std::vector<RenderJob> PlanJobs(const Site& site, const Theme& theme, const CardCache& cards, const CardKeys* keys,
                                uint64_t global) {
  std::vector<RenderJob> jobs;
  jobs.push_back({"index.html", "home", "home page", [&] { return WithCommon(site, theme, "/", HomeView(site, cards)); }});
  if (keys) jobs.back().key = HomeKey(site, theme, *keys, global);
  for (const Section& s : site.sections) {
    json head = {{"section", {{"name", s.config.name}, {"label", s.config.label},
                              {"description", s.config.description}, {"intro", s.intro_html}}},
                 {"title", s.config.label}};
    json feed = {{"title", site.config.title + " - " + s.config.label},
                 {"url", SiteLink(site.config, s.url + "index.xml")}};
    AddListJobs(site, theme, cards, keys, global, s.url, "section", &s.pages, head, feed, &jobs);
  }
  const uint64_t related_mask = keys ? keys->Mask(theme.CardNames("single", "related")) : 0;
  for (const auto& p : site.pages) {
    const Page* page = p.get();
    jobs.push_back({IndexPath(page->url), "single", page->source, [&site, &theme, &cards, page] {
                      json c = WithCommon(site, theme, page->url, {{"page", PageView(site, *page, &cards.index)}});
                      c["title"] = page->meta.title;
                      for (const Section& s : site.sections) {
                        if (s.config.name == page->section) {
                          c["feeds"].push_back({{"title", site.config.title + " - " + s.config.label},
                                                {"url", SiteLink(site.config, s.url + "index.xml")}});
                        }
                      }
                      return c;
                    }});
    // A page shows itself, its neighbours' titles and its related cards.
    if (keys) {
      auto neighbour = [](const Page* n) { return n ? Hash64(n->meta.title + "|" + n->url) : 1; };
      uint64_t key = HashCombine(global, page->version);
      key = HashCombine(HashCombine(key, neighbour(page->prev)), neighbour(page->next));
      jobs.back().key = keys->Slice(key, page->related, 0, page->related.size(), related_mask);
    }
    for (const std::string& alias : page->meta.aliases) {
      std::string a = alias.empty() || alias[0] != '/' ? "/" + alias : alias;
      std::string path = a.substr(1);
      if (path.empty() || path.back() == '/') path += "index.html";
      else if (path.find('.', path.rfind('/') == std::string::npos ? 0 : path.rfind('/')) == std::string::npos) path += "/index.html";
      jobs.push_back({path, "alias", page->source, [&site, &theme, page] {
                        return WithCommon(site, theme, page->url,
                                          {{"target", SiteLink(site.config, page->url)}});
                      }});
      if (keys) jobs.back().key = HashCombine(global, Hash64("alias|" + page->url + "|" + path));
    }
  }
  jobs.push_back({"tags/index.html", "taxonomy", "tag index", [&] {
                    json v = TaxonomyView(site);
                    v["title"] = theme.i18n().value("tags", "标签");
                    return WithCommon(site, theme, "/tags/", v);
                  }});
  if (keys) {  // tag names and slugs are in `global`; their counts are not
    uint64_t key = HashCombine(global, Hash64("tags"));
    for (const Term& t : site.tags.terms) key = HashCombine(key, t.pages.size());
    jobs.back().key = key;
  }
  for (const Term& t : site.tags.terms) {
    json head = {{"term", {{"name", t.name}}}, {"title", t.name}};
    json feed = {{"title", site.config.title + " - " + t.name},
                 {"url", SiteLink(site.config, t.url + "index.xml")}};
    AddListJobs(site, theme, cards, keys, global, t.url, "term", &t.pages, head, feed, &jobs);
  }
  jobs.push_back({"archives/index.html", "archives", "archives", [&] {
                    json v = ArchivesView(site, cards);
                    v["title"] = theme.i18n().value("archives", "归档");
                    return WithCommon(site, theme, "/archives/", v);
                  }});
  if (keys) jobs.back().key = ArchivesKey(site, theme, *keys, global);
  jobs.push_back({"404.html", "404", "404 page", [&] {
                    json v = WithCommon(site, theme, "/404.html", {{"title", theme.i18n().value("not_found_title", "页面未找到")}});
                    return v;
                  }});
  if (keys) jobs.back().key = HashCombine(global, Hash64("404"));
  if (site.config.search && theme.HasLayout("search")) {
    jobs.push_back({"search/index.html", "search", "search page", [&] {
                      return WithCommon(site, theme, "/search/", {{"title", theme.i18n().value("search", "搜索")}});
                    }});
    if (keys) jobs.back().key = HashCombine(global, Hash64("search"));
  }
  return jobs;
}

}  // namespace

namespace {

// What every card of the site shows besides its own page: links' prefix,
// sections' labels and URLs, tags' names and URLs.
uint64_t CardContext(const Site& site) {
  uint64_t k = Hash64(SiteLink(site.config, "/"));
  for (const Section& s : site.sections) k = HashCombine(k, Hash64(s.config.name + "|" + s.config.label + "|" + s.url));
  for (const Term& t : site.tags.terms) k = HashCombine(k, Hash64(t.name + "|" + t.url));
  return k;
}

}  // namespace

std::vector<std::shared_ptr<const HashedCard>> HashedCards(const Site& site, int jobs, CardMemo* memo) {
  const uint64_t context = CardContext(site);
  const size_t n = site.pages.size();
  std::vector<uint64_t> keys(n);
  std::vector<std::shared_ptr<const HashedCard>> out(n);
  ParallelFor(n, jobs, [&](size_t i) {
    const Page& page = *site.pages[i];
    keys[i] = HashCombine(HashCombine(context, page.version), Hash64(page.url));
    if (auto it = memo->find(keys[i]); it != memo->end()) {
      out[i] = it->second;
      return;
    }
    auto card = std::make_shared<HashedCard>();
    card->card = PageCard(site, page);
    for (auto it = card->card.begin(); it != card->card.end(); ++it) card->fields.push_back({it.key(), HashJson(*it)});
    std::sort(card->fields.begin(), card->fields.end());
    out[i] = std::move(card);
  });
  CardMemo next;
  for (size_t i = 0; i < n; ++i) next.emplace(keys[i], out[i]);
  *memo = std::move(next);
  return out;
}

CardKeys::CardKeys(const Site& site, const std::vector<std::shared_ptr<const HashedCard>>& cards) {
  std::set<std::string> names;
  for (const auto& c : cards) {
    for (const auto& [name, hash] : c->fields) names.insert(name);
  }
  fields_.assign(names.begin(), names.end());
  hashes_.resize(cards.size());
  for (size_t i = 0; i < cards.size(); ++i) {
    // Both lists are sorted by name: one merge.
    hashes_[i].assign(fields_.size(), 0);
    size_t f = 0;
    for (const auto& [name, hash] : cards[i]->fields) {
      while (fields_[f] != name) ++f;
      hashes_[i][f] = hash;
    }
  }
  for (size_t i = 0; i < site.pages.size() && i < cards.size(); ++i) index_.emplace(site.pages[i].get(), i);
}

uint64_t CardKeys::Mask(const std::optional<std::set<std::string>>& names) const {
  if (!names || fields_.size() > 64) return ~uint64_t{0};
  uint64_t mask = 0;
  for (size_t f = 0; f < fields_.size(); ++f) {
    if (names->count(fields_[f])) mask |= uint64_t{1} << f;
  }
  return mask;
}

uint64_t CardKeys::Of(const Page* page, uint64_t mask) const {
  auto it = index_.find(page);
  if (it == index_.end()) return page->version;  // not a site page: all it is
  const std::vector<uint64_t>& h = hashes_[it->second];
  uint64_t key = 0x6361726473ull;
  for (size_t f = 0; f < h.size(); ++f) {
    if (f >= 64 || (mask >> f & 1)) key = HashCombine(key, h[f]);
  }
  return key;
}

uint64_t CardKeys::Slice(uint64_t seed, const std::vector<const Page*>& pages, size_t from, size_t count,
                         uint64_t mask) const {
  size_t end = std::min(pages.size(), from + count);
  seed = HashCombine(seed, end > from ? end - from : 0);
  for (size_t i = from; i < end; ++i) seed = HashCombine(seed, Of(pages[i], mask));
  return seed;
}

uint64_t SiteWideKey(const Site& site, const Theme& theme) {
  uint64_t k = HashCombine(theme.fingerprint(), HashJson(GlobalView(site, theme.i18n())));
  k = HashCombine(k, HashJson(CommonView(site, theme.i18n(), "/")));
  for (const Section& s : site.sections) {
    k = HashCombine(k, Hash64(s.config.label + "|" + s.config.description + "|" + s.intro_html + "|" +
                              std::to_string(s.config.indent)));
  }
  for (const Term& t : site.tags.terms) k = HashCombine(k, Hash64(t.name + "|" + t.slug));
  return k;
}

HtmlStats AddHtmlPages(const Site& site, const Theme& theme, OutputPlan* plan, Diagnostics* diags, int jobs,
                       RenderMemo* memo, CardMemo* card_memo) {
  CardCache cards;
  cards.list.resize(site.pages.size());
  std::optional<CardKeys> keys;
  if (memo) {
    CardMemo own;
    cards.hashed = HashedCards(site, jobs, card_memo ? card_memo : &own);
    for (size_t i = 0; i < cards.hashed.size(); ++i) cards.list[i] = &cards.hashed[i]->card;
    keys.emplace(site, cards.hashed);
  } else {
    cards.owned.resize(site.pages.size());
    ParallelFor(site.pages.size(), jobs, [&](size_t i) { cards.owned[i] = PageCard(site, *site.pages[i]); });
    for (size_t i = 0; i < site.pages.size(); ++i) cards.list[i] = &cards.owned[i];
  }
  for (size_t i = 0; i < site.pages.size(); ++i) cards.index.emplace(site.pages[i].get(), i);
  std::vector<RenderJob> list = PlanJobs(site, theme, cards, keys ? &*keys : nullptr, SiteWideKey(site, theme));
  return RenderJobs(list, theme, plan, diags, jobs, memo, &cards.list);
}

HtmlStats RenderJobs(const std::vector<RenderJob>& list, const Theme& theme, OutputPlan* plan, Diagnostics* diags,
                     int jobs, RenderMemo* memo, const std::vector<const json*>* cards) {
  // Paths are claimed in job order, so a clash is reported the same way
  // whatever the thread count; the pages then render and stream in parallel.
  std::vector<char> claimed(list.size(), 0);
  for (size_t i = 0; i < list.size(); ++i) claimed[i] = plan->Claim(list[i].path, list[i].owner, diags);
  std::mutex memo_mu;
  RenderMemo next;
  std::atomic<int> pages{0}, reused{0};
  ParallelFor(list.size(), jobs, [&](size_t i) {
    if (!claimed[i]) return;
    const RenderJob& job = list[i];
    const MemoFile* old = job.key != 0 ? FindMemoFile(memo, job.path, job.key) : nullptr;
    if (old && !old->bytes) {  // portal build: the output tree has the bytes, unless it was changed
      if (plan->Keep(job.path, old->hash)) {
        ++reused;
        ++pages;
        std::lock_guard<std::mutex> lock(memo_mu);
        next[job.path] = *old;
        return;
      }
      old = nullptr;
    }
    MemoFile entry;
    if (old) {
      entry = *old;
      ++reused;
    } else {
      std::string html;
      if (!theme.Render(job.layout, job.view(), &html, diags, cards)) return;
      entry = MakeMemoFile(job.key, std::move(html));
    }
    if (memo && job.key != 0) {
      std::lock_guard<std::mutex> lock(memo_mu);
      MemoFile& kept = next[job.path] = entry;
      if (plan->streaming()) kept.bytes.reset();  // the output tree keeps them, not memory
    }
    if (plan->Put(job.path, std::move(entry.bytes), entry.hash, diags)) ++pages;
  });
  if (memo) *memo = std::move(next);
  HtmlStats stats;
  stats.pages = pages.load();
  stats.reused = reused.load();
  return stats;
}

int AddStaticFiles(const Site& site, const Theme& theme, const fs::path& site_root, OutputPlan* plan,
                   Diagnostics* diags) {
  std::map<std::string, fs::path> files;  // later folders override earlier ones
  for (const fs::path& dir : theme.static_dirs()) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_symlink() || !it->is_regular_file()) continue;
      files[it->path().lexically_relative(dir).generic_string()] = it->path();
    }
  }
  int n = 0;
  for (const auto& [rel, src] : files) n += plan->AddCopy(rel, src, DisplayPath(src, site_root), diags);
  for (const auto& p : site.pages) {
    for (const Attachment& a : p->attachments) {
      n += plan->AddCopy(p->url.substr(1) + a.name, a.source, p->source, diags);
    }
  }
  return n;
}

}  // namespace portal
