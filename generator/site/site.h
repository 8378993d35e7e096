// Site: the pages arranged the way readers browse them: sections, tags,
// archives, neighbours and related pages. Plain data for the render stage.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/site_config.h"
#include "site/page.h"

namespace portal {

struct Section {
  SectionConfig config;          // label possibly overridden by _index.md
  std::string url;               // "/speeches/"
  std::string intro_html;        // body of content/<section>/_index.md
  std::vector<const Page*> pages;  // newest first (date desc, weight, title, path)
};

struct Term {
  std::string name;   // as written ("两个维护")
  std::string slug;   // "liang-ge-wei-hu"
  std::string url;    // "/tags/liang-ge-wei-hu/"
  std::string initial;  // pinyin initial letter for grouping ("L")
  std::vector<const Page*> pages;  // newest first
};

struct Taxonomy {
  std::string name;             // "tags"
  std::string url;              // "/tags/"
  std::vector<Term> terms;      // sorted by pinyin
};

struct ArchiveMonth {
  int month = 0;
  std::vector<const Page*> pages;  // newest first
};

struct ArchiveYear {
  int year = 0;
  std::vector<ArchiveMonth> months;  // newest first
};

struct Site {
  SiteConfig config;
  std::vector<std::shared_ptr<Page>> pages;  // stable addresses; sorted by source path
  std::vector<Section> sections;             // in config order
  Taxonomy tags;
  std::vector<ArchiveYear> archives;         // newest first
  std::vector<const Page*> all_pages;        // newest first
  std::string home_intro_html;               // body of content/_index.md
  std::unordered_map<std::string, size_t> tag_index;  // tag name -> index in tags.terms

  // The term of tag `name`, or nullptr.
  const Term* FindTag(const std::string& name) const {
    auto it = tag_index.find(name);
    return it == tag_index.end() ? nullptr : &tags.terms[it->second];
  }
};

// Date-descending order used everywhere a list is shown: date, then weight
// (ascending, Hugo style), then title, then source path, so ties are stable.
bool NewerFirst(const Page* a, const Page* b);

}  // namespace portal

#include "site/loader.h"

namespace portal {

// Arranges loaded pages into a Site: sections (with _index.md overrides),
// tags sorted by pinyin with unique slugs, archives and prev/next (related
// reading is the knowledge stage's). Reports pages that would write the same URL (naming both files) and
// aliases that collide. Takes ownership of the pages.
Site AssembleSite(const SiteConfig& config, LoadedContent content, Diagnostics* diags);

}  // namespace portal
