// Views: the plain JSON data each template sees. Everything a template can
// print is here, so what reaches a page is easy to audit.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "site/site.h"

namespace portal {

// Site-relative URL ("/speeches/") as a link: with the path of base_url in
// front when the site lives below the host root ("/dj/speeches/").
std::string SiteLink(const SiteConfig& config, const std::string& url);

// Data every page gets: site (title, subtitle, footer, copyright, icp,
// search, language, base_url), menu (with `active`), i18n, sections, and
// `feed` links for <head>. `current_url` marks the active menu item.
nlohmann::json CommonView(const Site& site, const nlohmann::json& i18n, const std::string& current_url);

// A page as a list item: title, url, date (iso, cn, year, month), section
// label/url, tags [{name,url}], summary, reading_minutes, char_count.
nlohmann::json PageCard(const Site& site, const Page& page);

// Everything about one page for single.mustache: the card plus content,
// toc, speaker, occasion, doc_number, organization, author, source,
// lastmod, prev/next, related, attachments, params (unknown keys).
nlohmann::json PageView(const Site& site, const Page& page);

// Page number `n` (1-based) of `total_pages` for a list rooted at `base_url`:
// "/speeches/" for n=1, "/speeches/page/N/" after.
std::string PagerUrl(const std::string& base_url, int n);

// Pagination data for page `n` of `total_pages`: prev/next urls, numbered
// links with the current one marked.
nlohmann::json PagerView(const std::string& base_url, int n, int total_pages);

// Human file size in Chinese-friendly units ("12.3 KB", "1.2 MB").
std::string HumanSize(uint64_t bytes);

}  // namespace portal
