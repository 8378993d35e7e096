// RSS feeds, sitemap and robots.txt, written with tinyxml2.
#pragma once

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "site/site.h"

namespace portal {

// Adds RSS 2.0 feeds: /index.xml (whole site), /<section>/index.xml and
// /tags/<slug>/index.xml. Items are the newest config.feed_length pages (all
// when feed_length <= 0) with title, link, guid (permalink), pubDate (RFC
// 822), description (summary as text), a category per tag and, when
// config.feed_full_text, content:encoded with the body HTML (escaped text).
// The channel has atom:link rel="self", language, and lastBuildDate from the
// newest item (never the clock), so output is deterministic. Channels render
// on `jobs` threads. With a memo (portal serve), a channel whose items and
// settings are those of the last call is reused, not rendered; returns how
// many channels were rendered.
int AddFeeds(const Site& site, OutputPlan* plan, Diagnostics* diags, int jobs = 1, FileMemo* memo = nullptr);

// Adds one RSS channel at `path` ("topics/x/index.xml") for any list of
// pages, newest first (topics, taxonomy terms), in the same form as AddFeeds.
void AddListFeed(const SiteConfig& config, const std::string& path, const std::string& title,
                 const std::string& page_url, const std::string& description,
                 const std::vector<const Page*>& pages, const std::string& owner, OutputPlan* plan,
                 Diagnostics* diags);

// Adds /sitemap.xml (every page, section, tag and list page with lastmod,
// sorted by URL) and /robots.txt pointing at it, unless the plan already has
// a robots.txt of the site's own. With a memo (portal serve), the last
// sitemap is reused while its pages' URLs and last changes, its lists' URLs,
// lengths and newest changes, and the settings are the same.
void AddSitemap(const Site& site, OutputPlan* plan, Diagnostics* diags, FileMemo* memo = nullptr);

// Absolute URL for a site-relative path: base_url + path without the
// leading '/', with non-ASCII bytes, spaces, controls and "<>\"\\^`{|}"
// percent-encoded.
std::string AbsoluteUrl(const SiteConfig& config, const std::string& site_path);

}  // namespace portal
