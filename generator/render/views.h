// Views: the plain JSON data each template sees. Everything a template can
// print is here, so what reaches a page is easy to audit.
#pragma once

#include <cstdint>

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "site/site.h"

namespace portal {

// Site-relative URL ("/speeches/") as a link: with the path of base_url in
// front when the site lives below the host root ("/dj/speeches/").
std::string SiteLink(const SiteConfig& config, const std::string& url);

// Data shared by every page, handed to Theme::SetGlobals once: site
// (title, subtitle, footer, copyright, icp, search, language, base_url,
// well-known URLs, params) and i18n.
nlohmann::json GlobalView(const Site& site, const nlohmann::json& i18n);

// Data that differs per page: menu (with `active` for `current_url`),
// canonical URL, current_url and `feeds` links for <head>.
nlohmann::json CommonView(const Site& site, const nlohmann::json& i18n, const std::string& current_url);

// A page as a list item: title, url, date (iso, cn, year, month), section
// label/url, tags [{name,url}], summary, reading_minutes, char_count.
nlohmann::json PageCard(const Site& site, const Page& page);

// A stand-in for the index-th card of a shared list (Theme::Render's
// `cards`): {"$card": index}. Lists of pages hold these instead of copies,
// since one page's card appears in its section list, its tag lists, the
// archive, the home page and other pages' related lists.
nlohmann::json CardRef(size_t index);

// A hash of a JSON value, without serializing it (memo keys of views).
uint64_t HashJson(const nlohmann::json& j);

// Everything about one page for single.mustache: the card plus content,
// toc, speaker, occasion, doc_number, organization, author, source,
// lastmod, prev/next, related, attachments, params (unknown keys).
// `card_index` gives the shared card of each page (related pages become
// CardRefs); without it related pages get cards of their own.
nlohmann::json PageView(const Site& site, const Page& page,
                        const std::unordered_map<const Page*, size_t>* card_index = nullptr);

// `view`'s keys on top of CommonView(site, i18n, current_url) (moved, not
// copied).
nlohmann::json WithCommonView(const Site& site, const nlohmann::json& i18n, const std::string& current_url,
                              nlohmann::json view);

// Page number `n` (1-based) of `total_pages` for a list rooted at `base_url`:
// "/speeches/" for n=1, "/speeches/page/N/" after.
std::string PagerUrl(const std::string& base_url, int n);

// Pagination data for page `n` of `total_pages`: prev/next urls, numbered
// links with the current one marked.
nlohmann::json PagerView(const std::string& base_url, int n, int total_pages);

// Human file size in Chinese-friendly units ("12.3 KB", "1.2 MB").
std::string HumanSize(uint64_t bytes);

}  // namespace portal
