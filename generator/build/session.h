// BuildSession: the build pipeline kept alive between runs, so `portal
// serve` (and repeated builds) redo only what changed. The result of every
// Rebuild is byte-identical to a clean build of the same tree.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "build/build.h"
#include "output/output_plan.h"
#include "site/loader.h"

namespace portal {
struct KnowledgeMemo;
namespace search {
class IndexMemoCache;
}
}

namespace portal {

class BuildSession {
 public:
  // `incremental`: keep parsed pages and rendered HTML between Rebuilds
  // (costs memory; a one-shot build passes false). `sink`: where the plan's
  // files go as they are made (portal build streams them into the staging
  // tree); null keeps them in the plan (serve, check).
  explicit BuildSession(BuildOptions options, bool incremental = true, OutputSink* sink = nullptr);
  ~BuildSession();

  // Runs config → … → OutputPlan (nothing is written to disk). On errors
  // returns false; the previous plan stays available. `result` gets the
  // stage timings and counts.
  bool Rebuild(Diagnostics* diags, BuildResult* result);

  // The plan of the last successful Rebuild (empty before the first).
  const OutputPlan& plan() const;
  // Site-relative output paths whose bytes differ from the previous
  // successful Rebuild (all paths after the first), sorted.
  const std::vector<std::string>& changed_paths() const { return changed_; }
  const BuildOptions& options() const { return options_; }

  // portal build: load pages through `cache` (read from the page cache,
  // PageCache::Load) and park new pages' texts in `store` (the page cache's
  // texts file) instead of a temporary file. The cache then holds this
  // build's pages, for PageCache::Save.
  void UsePageCache(ContentCache* cache, std::shared_ptr<TextStore> store);
  // With a page cache, the knowledge stage runs with this memo (as in
  // portal serve), which portal build reads before Rebuild and writes after
  // (knowledge/knowledge_cache.h).
  KnowledgeMemo* knowledge_memo();
  // The memo as it was after the knowledge stage of the last Rebuild, as
  // bytes (WriteKnowledgeMemo): the stage's structures are freed then, so
  // they do not add to the search stage's peak memory.
  const std::string& knowledge_bytes() const { return knowledge_bytes_; }
  // With a page cache, the HTML stage runs with this memo too, holding keys
  // and digests only (the output tree has the bytes); portal build reads it
  // before Rebuild and writes it after (output/file_memo_bytes.h).
  FileMemo* html_memo();
  const FileMemo& html_memo() const;
  // With a page cache, the search stage runs with the memo `cache` holds
  // (search/search_memo_cache.h), read at the start of the stage and
  // written, and freed, at its end, for portal build to commit after a
  // successful build.
  void UseSearchMemoCache(search::IndexMemoCache* cache) { search_cache_ = cache; }

 private:
  struct State;
  BuildOptions options_;
  bool incremental_ = true;
  OutputSink* sink_ = nullptr;
  std::unique_ptr<State> state_;
  ContentCache* page_cache_ = nullptr;
  std::shared_ptr<TextStore> page_store_;
  std::string knowledge_bytes_;
  search::IndexMemoCache* search_cache_ = nullptr;
  std::vector<std::string> changed_;
};

}  // namespace portal
