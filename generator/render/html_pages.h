// The HTML side of the output: every page, list, tag page, archive, 404,
// search page and alias redirect, plus static files and bundle attachments.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "render/theme.h"
#include "site/site.h"

namespace portal {

struct HtmlStats {
  int pages = 0;   // HTML files in the plan
  int reused = 0;  // of those, taken from the memo instead of rendered
};

// Output bytes from an earlier run, reused when the job's dependency key is
// the same (so an edit re-renders only the pages that show what changed).
using RenderMemo = FileMemo;

// One HTML file to render: where it goes, with which layout, and how to
// build its view (built on the worker thread, so views are not all in
// memory at once).
struct RenderJob {
  std::string path;    // in the plan, "speeches/a/index.html"
  std::string layout;
  std::string owner;   // for duplicate-path messages
  std::function<nlohmann::json()> view;
  // What the output depends on, when that is cheap to say (page versions,
  // list slice, site-wide key); 0 means "always render".
  uint64_t key = 0;
};

// Claims every job's path in job order (so a clash is reported the same
// way whatever the thread count), then renders them on `jobs` threads into
// `plan`. With a memo, a job whose key is unchanged is copied from it, and
// the memo is replaced by this run's outputs. `cards` are the shared page
// cards views refer to (CardRef), if any.
HtmlStats RenderJobs(const std::vector<RenderJob>& list, const Theme& theme, OutputPlan* plan, Diagnostics* diags,
                     int jobs, RenderMemo* memo, const std::vector<const nlohmann::json*>* cards = nullptr);

// A page's card (PageCard) with the hash of each of its fields, sorted by
// field name.
struct HashedCard {
  nlohmann::json card;
  std::vector<std::pair<std::string, uint64_t>> fields;
};
// Hashed cards by what a card shows: the page's version and URL, and the
// site's link prefix, sections and tags. Kept by portal serve between
// rebuilds and shared by the knowledge and html stages.
using CardMemo = std::unordered_map<uint64_t, std::shared_ptr<const HashedCard>>;

// Every site page's hashed card, in site.pages order: from the memo where it
// holds the card, else made (on `jobs` threads). The memo is left holding
// exactly these cards.
std::vector<std::shared_ptr<const HashedCard>> HashedCards(const Site& site, int jobs, CardMemo* memo);

// What a page's card shows, field by field, so that a list's memo key covers
// only the fields its layout can show inside the list's sections
// (Theme::CardNames): editing a paragraph changes `char_count` but no list.
class CardKeys {
 public:
  // `cards[i]` is the hashed card of site.pages[i].
  CardKeys(const Site& site, const std::vector<std::shared_ptr<const HashedCard>>& cards);
  // The fields that `names` (nullopt: every name) can reach.
  uint64_t Mask(const std::optional<std::set<std::string>>& names) const;
  uint64_t Of(const Page* page, uint64_t mask) const;
  // `seed` combined with the card keys of pages[from, from + count) and the
  // slice's length.
  uint64_t Slice(uint64_t seed, const std::vector<const Page*>& pages, size_t from, size_t count, uint64_t mask) const;

 private:
  std::vector<std::string> fields_;                     // card keys, sorted (at most 64)
  std::vector<std::vector<uint64_t>> hashes_;           // per page, per field
  std::unordered_map<const Page*, size_t> index_;       // page -> site.pages position
};

// Everything every page shows that is not tied to one page: config,
// theme and its globals, section labels and intros, tag names and slugs.
uint64_t SiteWideKey(const Site& site, const Theme& theme);

// Renders every HTML file of the site into `plan` (in parallel on `jobs`
// threads; the plan's contents do not depend on the thread count). With a
// memo, unchanged outputs are copied from it and the memo is refreshed;
// `cards` (with a memo only) keeps the page cards between rebuilds.
HtmlStats AddHtmlPages(const Site& site, const Theme& theme, OutputPlan* plan, Diagnostics* diags,
                       int jobs, RenderMemo* memo = nullptr, CardMemo* cards = nullptr);

// Adds the theme's and the site's static/ files (the site's win on the same
// path) and every page bundle's attachments beside its page.
int AddStaticFiles(const Site& site, const Theme& theme, const std::filesystem::path& site_root,
                   OutputPlan* plan, Diagnostics* diags);

}  // namespace portal
