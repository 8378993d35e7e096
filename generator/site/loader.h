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
// repeated builds, the page cache of portal build) re-reads only files whose
// size, mtime, ctime or inode changed, and renders again only those whose
// content changed (a file touched or copied over with the same bytes is
// read, found to have the same version, and kept). Entries are dropped when
// the load settings change.
struct ContentCache {
  struct Entry {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    uint64_t inode = 0;
    // Changed less than a second before it was looked at: a change in the
    // same file-system clock tick would leave the stat key as it is (git's
    // "racily clean" entries), so next time its content is compared too.
    bool racy = false;
    std::shared_ptr<Page> page;          // loaded even when draft/future
    uint64_t version = 0;                // of the text (page->version before attachments are mixed in)
    std::optional<SectionIndex> index;
    std::vector<Diagnostic> diagnostics;  // replayed on a hit
  };
  uint64_t settings = 0;
  std::unordered_map<std::string, Entry> entries;  // by absolute path
  int hits = 0, misses = 0;                         // of the last load: kept, read again
  int same = 0;  // of the misses: read, but the same content (not rendered again)
};

// Reads every content/<section>/**/*.md under `site_root`, renders the
// Markdown in parallel and reports every problem of every file (unknown
// section, bad front matter, bad slug, invalid UTF-8, ...). Pages with errors
// are left out; the caller stops when diags has errors.
// `cache` may be null.
LoadedContent LoadContent(const std::filesystem::path& site_root, const SiteConfig& config,
                          const LoadOptions& options, Diagnostics* diags, ContentCache* cache = nullptr);

}  // namespace portal
