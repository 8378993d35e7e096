// Loading content/: walking the tree, reading, validating and rendering pages.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "base/diagnostic.h"
#include "config/site_config.h"
#include "site/page.h"

namespace portal {

struct LoadOptions {
  bool build_drafts = false;
  bool build_future = false;
  int64_t now_epoch_seconds = 0;  // "future" means a date after this
  int jobs = 0;                   // worker threads for rendering; 0 = all cores
};

// A section's _index.md, if present.
struct SectionIndex {
  std::string section;
  std::string source;
  std::string title;       // overrides the section label when not empty
  std::string description;
  std::string intro_html;
};

struct LoadedContent {
  std::vector<std::unique_ptr<Page>> pages;  // sorted by source path
  std::vector<SectionIndex> section_indexes;
  int skipped_drafts = 0;
  int skipped_future = 0;
};

// Reads every content/<section>/**/*.md under `site_root`, renders the
// Markdown in parallel and reports every problem of every file (unknown
// section, bad front matter, bad slug, invalid UTF-8, ...). Pages with errors
// are left out; the caller stops when diags has errors.
LoadedContent LoadContent(const std::filesystem::path& site_root, const SiteConfig& config,
                          const LoadOptions& options, Diagnostics* diags);

}  // namespace portal
