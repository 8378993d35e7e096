#include <tinyxml2.h>

#include <map>

#include "base/hash.h"
#include "feeds/feeds.h"
#include "feeds/last_changed.h"
#include "feeds/xml_text.h"

namespace portal {
namespace {

// Absolute URL -> lastmod (ISO 8601, or "" when unknown). A map, so the
// sitemap is sorted by URL and each URL appears once.
using UrlSet = std::map<std::string, std::string>;

void AddUrl(const SiteConfig& config, const std::string& site_path, const DateTime* lastmod, UrlSet* urls) {
  std::string& slot = (*urls)[AbsoluteUrl(config, site_path)];
  if (lastmod) slot = lastmod->Iso8601();
}

// A list page and its pagination (/speeches/, /speeches/page/2/, ...), all
// dated by the newest change among the listed pages.
void AddList(const SiteConfig& config, const std::string& url, const std::vector<const Page*>& pages,
             UrlSet* urls) {
  const DateTime* newest = NewestChange(pages);
  AddUrl(config, url, newest, urls);
  size_t page_size = config.page_size > 0 ? static_cast<size_t>(config.page_size) : pages.size();
  size_t count = page_size == 0 ? 1 : (pages.size() + page_size - 1) / page_size;
  for (size_t n = 2; n <= count; ++n) AddUrl(config, url + "page/" + std::to_string(n) + "/", newest, urls);
}

std::string RenderSitemap(const UrlSet& urls) {
  tinyxml2::XMLPrinter out;
  PushXmlDeclaration(&out);
  out.OpenElement("urlset");
  out.PushAttribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
  for (const auto& [loc, lastmod] : urls) {
    out.OpenElement("url");
    PushTextElement(&out, "loc", loc);
    if (!lastmod.empty()) PushTextElement(&out, "lastmod", lastmod);
    out.CloseElement();
  }
  out.CloseElement();
  return std::string(out.CStr(), static_cast<size_t>(out.CStrSize() - 1));
}

// What the sitemap is made of: each page's URL and last change, and each
// list's URL, length (its pagination) and newest change.
uint64_t SitemapKey(const Site& site) {
  const SiteConfig& c = site.config;
  uint64_t key = Hash64(c.base_url + '\n' + std::to_string(c.page_size) + '\n' + (c.search ? "search" : "") + '\n' +
                        site.tags.url);
  auto changed = [](const DateTime* d) { return d ? Hash64(d->Iso8601()) : 0; };
  for (const Page* page : site.all_pages) {
    key = HashCombine(HashCombine(key, Hash64(page->url)), changed(&LastChanged(*page)));
    key = HashCombine(key, page->meta.tags.empty());
  }
  auto list = [&](const std::string& url, const std::vector<const Page*>& pages) {
    key = HashCombine(HashCombine(HashCombine(key, Hash64(url)), pages.size()), changed(NewestChange(pages)));
  };
  for (const Section& section : site.sections) list(section.config.name + '\n' + section.url, section.pages);
  for (const Term& term : site.tags.terms) list(term.slug + '\n' + term.url, term.pages);
  return key;
}

std::string MakeSitemap(const Site& site) {
  const SiteConfig& config = site.config;
  UrlSet urls;
  AddUrl(config, "/", NewestChange(site.all_pages), &urls);
  for (const Section& section : site.sections) {
    AddList(config, section.url.empty() ? "/" + section.config.name + "/" : section.url, section.pages, &urls);
  }
  for (const Page* page : site.all_pages) {
    if (!page->url.empty()) AddUrl(config, page->url, &LastChanged(*page), &urls);
  }
  std::vector<const Page*> tagged;
  for (const Page* page : site.all_pages) {
    if (!page->meta.tags.empty()) tagged.push_back(page);
  }
  AddUrl(config, site.tags.url.empty() ? "/tags/" : site.tags.url, NewestChange(tagged), &urls);
  for (const Term& term : site.tags.terms) {
    AddList(config, term.url.empty() ? "/tags/" + term.slug + "/" : term.url, term.pages, &urls);
  }
  AddUrl(config, "/archives/", NewestChange(site.all_pages), &urls);
  if (config.search) AddUrl(config, "/search/", nullptr, &urls);
  return RenderSitemap(urls);
}

}  // namespace

void AddSitemap(const Site& site, OutputPlan* plan, Diagnostics* diags, FileMemo* memo) {
  const SiteConfig& config = site.config;
  if (!memo) {
    plan->AddFile("sitemap.xml", MakeSitemap(site), "the sitemap", diags);
  } else if (plan->Claim("sitemap.xml", "the sitemap", diags)) {
    uint64_t key = SitemapKey(site);
    const MemoFile* old = FindMemoFile(memo, "sitemap.xml", key);
    MemoFile file = old ? *old : MakeMemoFile(key, MakeSitemap(site));
    plan->Put("sitemap.xml", file.bytes, file.hash, diags);
    (*memo)["sitemap.xml"] = std::move(file);
  }

  // A robots.txt of the site's own (static/robots.txt) wins over ours.
  if (!plan->Contains("robots.txt")) {
    plan->AddFile("robots.txt",
                  "User-agent: *\nAllow: /\n\nSitemap: " + AbsoluteUrl(config, "/sitemap.xml") + "\n",
                  "robots.txt", diags);
  }
}

}  // namespace portal
