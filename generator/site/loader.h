// Loading content/: walking the tree, reading, validating and rendering pages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.h"
#include "base/text_store.h"
#include "config/site_config.h"
#include "site/page.h"

namespace portal {

struct LoadOptions {
  bool build_drafts = false;
  bool build_future = false;
  int64_t now_epoch_seconds = 0;  // "future" means a date after this
  int jobs = 0;                   // worker threads for rendering; 0 = all cores
  // Where pages park their large texts (Page::Park) right after rendering;
  // null keeps them in the pages (serve, check, tests).
  std::shared_ptr<TextStore> store;
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
  std::vector<std::shared_ptr<Page>> pages;  // sorted by source path
  std::vector<SectionIndex> section_indexes;
  int skipped_drafts = 0;
  int skipped_future = 0;
  int64_t next_future_epoch = INT64_MAX;  // the earliest date of a skipped future page
};

// What LoadContent learned about each file last time, so a session (serve,
// repeated builds) re-reads and re-renders only files whose size, mtime or
// inode changed. Entries are dropped when the load settings change.
struct ContentCache {
  struct Entry {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    uint64_t inode = 0;
    std::shared_ptr<Page> page;          // loaded even when draft/future
    uint64_t version = 0;                // page->version before attachments are mixed in
    std::optional<SectionIndex> index;
    std::vector<Diagnostic> diagnostics;  // replayed on a hit
  };
  uint64_t settings = 0;
  std::unordered_map<std::string, Entry> entries;  // by absolute path
  int hits = 0, misses = 0;                         // of the last load
};

// Reads every content/<section>/**/*.md under `site_root`, renders the
// Markdown in parallel and reports every problem of every file (unknown
// section, bad front matter, bad slug, invalid UTF-8, ...). Pages with errors
// are left out; the caller stops when diags has errors.
// `cache` may be null.
LoadedContent LoadContent(const std::filesystem::path& site_root, const SiteConfig& config,
                          const LoadOptions& options, Diagnostics* diags, ContentCache* cache = nullptr);

}  // namespace portal
