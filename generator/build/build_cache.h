// BuildCache: what portal build keeps in .<destination>.trees/cache/ so the
// next build redoes only what changed (the memos portal serve keeps in
// memory): the parsed pages (site/page_cache.h), the knowledge stage's memo
// (knowledge/knowledge_cache.h), the HTML files' keys
// (output/file_memo_bytes.h) and the search index's memo
// (search/search_memo_cache.h, read and written by the search stage itself
// so it is not held through the others). Read before the pipeline runs,
// written after the site is published; any file that is missing, damaged
// or made by another portal binary is simply not used.
#pragma once

#include <filesystem>
#include <memory>

#include "build/build.h"
#include "build/session.h"
#include "search/search_memo_cache.h"
#include "site/page_cache.h"

namespace portal {

class BuildCache {
 public:
  BuildCache(std::filesystem::path dir, int jobs);

  // Reads the cache and hands it to `session`; the stage row says what was
  // found. Without a usable page cache store the session runs as before.
  StageTiming Load(BuildSession* session);
  // Whether Load gave the session the cache (then Write and Commit after
  // a success).
  bool loaded() const { return pages_ != nullptr; }
  // Writes what `session`'s last Rebuild left: Write makes the files (each
  // beside its place, .tmp), Commit puts them all in place. portal build
  // writes while it publishes the site and commits only when that
  // succeeded, so a failed build leaves the last good cache.
  StageTiming Write(const BuildSession& session);
  bool Commit(std::string* error);

 private:
  std::filesystem::path dir_;
  int jobs_ = 0;
  std::unique_ptr<PageCache> pages_;
  std::unique_ptr<search::IndexMemoCache> search_;
  ContentCache entries_;
  bool written_ = false;
};

}  // namespace portal
