// SiteConfig: site-config/site.yaml, validated, with positioned diagnostics.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"

namespace portal {

struct SectionConfig {
  std::string name;         // folder under content/, also the URL segment
  std::string label;        // Chinese label shown in menus and titles
  std::string description;  // one line under the section title
  int order = 0;            // menu and home page order (ascending)
  bool indent = true;       // first-line indent of paragraphs (two characters)
};

struct MenuItem {
  std::string label;
  std::string url;  // site-relative ("/speeches/") or absolute http(s)
};

// A taxonomy besides tags (issue 8): pages grouped by a front matter key,
// with an index at /<name>/ and a page and feed per value.
struct TaxonomyConfig {
  std::string name;   // URL segment and id: "speakers"
  std::string key;    // front matter key: "speaker" (text or list of texts)
  std::string label;  // shown in titles: "讲话人"
};

struct SiteConfig {
  std::string title;         // required
  std::string subtitle;
  std::string base_url;      // required; normalized to end with '/'
  std::string language = "zh-CN";
  std::string time_zone = "Asia/Shanghai";
  std::vector<SectionConfig> sections;  // sorted by order, then name
  int page_size = 10;        // items per list page
  int feed_length = 20;      // items per RSS feed
  bool feed_full_text = false;
  std::vector<MenuItem> menu;  // when empty the theme shows the sections
  std::string footer;
  std::string copyright;
  std::string icp;           // 备案号, shown in the footer
  std::string theme = "default";
  bool search = true;
  bool unsafe_html = false;  // markup.unsafe: pass raw HTML in Markdown through
  int summary_length = 120;  // characters in an automatic summary
  nlohmann::json params = nlohmann::json::object();  // free-form, for templates
  // `taxonomies:`; without the key: speakers (speaker) and organizations
  // (organization). Names are checked against sections and built-in URLs.
  std::vector<TaxonomyConfig> taxonomies = {{"speakers", "speaker", "讲话人"},
                                            {"organizations", "organization", "发文单位"}};

  // Section by folder name, or nullptr.
  const SectionConfig* FindSection(std::string_view name) const;
};

// Reads and validates `path` (shown in messages as `display`). Unknown keys
// are warnings with a did-you-mean; missing required keys and wrong types are
// errors at file:line:col. Returns false when any error was reported.
bool LoadSiteConfig(const std::filesystem::path& path, const std::string& display,
                    SiteConfig* config, Diagnostics* diags);

// Same, from text already in memory (for tests and `portal check`).
bool ParseSiteConfig(std::string_view text, const std::string& display, SiteConfig* config,
                     Diagnostics* diags);

}  // namespace portal
