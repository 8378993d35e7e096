#include "site/site.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "base/file.h"
#include "site/page_path.h"
#include "text/chinese.h"

namespace portal {

bool NewerFirst(const Page* a, const Page* b) {
  if (a->date_epoch != b->date_epoch) return a->date_epoch > b->date_epoch;
  return std::tie(a->meta.weight, a->meta.title, a->source) < std::tie(b->meta.weight, b->meta.title, b->source);
}

namespace {

void BuildSections(const SiteConfig& config, const LoadedContent& content, Site* site) {
  for (const SectionConfig& sc : config.sections) {
    Section s;
    s.config = sc;
    s.url = "/" + sc.name + "/";
    for (const SectionIndex& si : content.section_indexes) {
      if (si.section != sc.name) continue;
      if (!si.title.empty()) s.config.label = si.title;
      if (!si.description.empty()) s.config.description = si.description;
      s.intro_html = si.intro_html;
    }
    for (const auto& p : site->pages) {
      if (p->section == sc.name) s.pages.push_back(p.get());
    }
    std::sort(s.pages.begin(), s.pages.end(), NewerFirst);
    // pages are newest first: the "previous" (older) page is the next in the list.
    for (size_t i = 0; i < s.pages.size(); ++i) {
      Page* p = const_cast<Page*>(s.pages[i]);
      p->next = i > 0 ? s.pages[i - 1] : nullptr;
      p->prev = i + 1 < s.pages.size() ? s.pages[i + 1] : nullptr;
    }
    site->sections.push_back(std::move(s));
  }
}

void BuildTags(Site* site) {
  std::map<std::string, std::vector<const Page*>> by_name;
  for (const auto& p : site->pages) {
    std::vector<std::string> seen;
    for (const std::string& t : p->meta.tags) {
      if (t.empty() || std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
      seen.push_back(t);
      by_name[t].push_back(p.get());
    }
  }
  std::vector<std::pair<std::string, Term>> keyed;
  for (auto& [name, pages] : by_name) {
    Term t;
    t.name = name;
    t.pages = std::move(pages);
    std::sort(t.pages.begin(), t.pages.end(), NewerFirst);
    t.initial = PinyinInitialLetter(name);
    keyed.emplace_back(PinyinSortKey(name), std::move(t));
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.name) < std::tie(b.first, b.second.name);
  });
  std::unordered_map<std::string, int> used;
  site->tags.name = "tags";
  site->tags.url = "/tags/";
  for (auto& [key, term] : keyed) {
    std::string slug = SegmentSlug(term.name, "tag");
    // Different tags can share a pinyin slug (党建 / 当建): number the later ones.
    int n = ++used[slug];
    if (n > 1) slug += "-" + std::to_string(n);
    term.slug = slug;
    term.url = "/tags/" + slug + "/";
    site->tag_index[term.name] = site->tags.terms.size();
    site->tags.terms.push_back(std::move(term));
  }
}

void BuildArchives(Site* site) {
  for (const Page* p : site->all_pages) {
    int y = p->meta.date.year, m = p->meta.date.month;
    if (site->archives.empty() || site->archives.back().year != y) site->archives.push_back({y, {}});
    auto& months = site->archives.back().months;
    if (months.empty() || months.back().month != m) months.push_back({m, {}});
    months.back().pages.push_back(p);
  }
}

// The line of `key:` in the front matter of `page`'s file (read again: this
// runs only on an error), or 0.
int KeyLine(const Page& page, std::string_view key) {
  std::string text;
  std::string error;
  if (page.source_abs.empty() || !ReadFile(page.source_abs, &text, &error)) return 0;
  return FindKeyLine(text, key);
}

void CheckUrls(const Site& site, Diagnostics* diags) {
  std::map<std::string, const Page*> owner;
  for (const auto& p : site.pages) {
    auto [it, inserted] = owner.emplace(p->url, p.get());
    if (!inserted) {
      // At its slug: line when it has one (else the URL comes from the file name).
      diags->Error(p->source, KeyLine(*p, "slug"), 0,
                   "two pages want the same URL " + p->url + ": " + it->second->source + " and " + p->source,
                   "give one of them a different 'slug:' in its front matter");
    }
  }
  for (const auto& p : site.pages) {
    for (const std::string& a : p->meta.aliases) {
      std::string norm = a;
      if (norm.empty() || norm[0] != '/') norm = "/" + norm;
      if (norm.back() != '/' && norm.find('.', norm.rfind('/')) == std::string::npos) norm += "/";
      auto [it, inserted] = owner.emplace(norm, p.get());
      if (!inserted && it->second != p.get()) {
        diags->Error(p->source, KeyLine(*p, "aliases"), 0,
                     "alias " + a + " is already the URL of " + it->second->source,
                     "remove the alias or change the other page's slug");
      }
    }
  }
}

}  // namespace

Site AssembleSite(const SiteConfig& config, LoadedContent content, Diagnostics* diags) {
  Site site;
  site.config = config;
  site.pages = std::move(content.pages);
  std::sort(site.pages.begin(), site.pages.end(),
            [](const auto& a, const auto& b) { return a->source < b->source; });
  for (const auto& p : site.pages) {
    // Pages may be reused from an earlier assembly (BuildSession): start clean.
    p->prev = p->next = nullptr;
    p->related.clear();
    p->date_epoch = p->meta.date.EpochSeconds();
    site.all_pages.push_back(p.get());
  }
  std::sort(site.all_pages.begin(), site.all_pages.end(), NewerFirst);
  for (const SectionIndex& si : content.section_indexes) {
    if (si.section.empty()) site.home_intro_html = si.intro_html;
  }
  BuildSections(config, content, &site);
  BuildTags(&site);
  BuildArchives(&site);
  CheckUrls(site, diags);
  return site;
}

}  // namespace portal
