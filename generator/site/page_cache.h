// PageCache: the parsed and rendered pages of the last build, kept on disk
// so the next `portal build` reads and renders again only the files that
// changed (a ContentCache, which portal serve keeps in memory, written out).
//
// Two files in the destination's trees folder (.public.trees/cache/ beside
// public/):
//   pages.cache       every file's stat key, content version, front matter,
//                     headings, blocks, diagnostics and where its texts are;
//   pages.<n>.texts   the texts themselves (body HTML, plain text), append
//                     only: an edited page's new texts go at the end, and
//                     the file is rewritten without the dead ones once they
//                     are more than half of it.
// The cache is written through a temporary file and a rename after a build
// succeeded, so it always describes texts that are on disk. It is a hint:
// any doubt (another portal binary, other load settings, a short or damaged
// file) and it is dropped and the pages are read again. Deleting the folder
// is always safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "base/text_store.h"
#include "site/loader.h"

namespace portal {

class PageCache {
 public:
  // `dir`: the folder that holds the cache (created when missing);
  // `binary_key`: identifies the portal binary (its stat key): a new portal
  // may render differently, so it starts from nothing.
  PageCache(std::filesystem::path dir, uint64_t binary_key);

  // Reads the cache into *cache; the pages' texts are in store(). Never
  // fails the build: on any problem the cache starts empty (and *why says
  // what was wrong, for `portal build -v`). False only when not even an
  // empty store file can be made; the build then runs without a cache.
  bool Load(ContentCache* cache, std::string* why);

  // The store the loaded pages' texts are in and new pages must be parked
  // in (LoadOptions::store). Null before Load.
  const std::shared_ptr<TextStore>& store() const { return store_; }

  // Writes every entry of `cache` whose texts are in store() (pages loaded
  // this build were parked there); entries without a page (section
  // indexes, files with errors) are kept too. Rewrites the texts file
  // without dead texts when they are more than half of it. False with
  // *error when the cache could not be written (the next build is then a
  // full one, nothing worse).
  bool Save(const ContentCache& cache, std::string* error);
  // Save in two steps: Write makes pages.cache.tmp (and the new texts file
  // when compacting), Commit puts them in place. portal build writes while
  // it publishes the site and commits only when that succeeded.
  bool Write(const ContentCache& cache, std::string* error);
  bool Commit(std::string* error);

  // For tests and -v: the texts file's size and the live bytes in it at the
  // last Save.
  uint64_t texts_bytes() const { return texts_bytes_; }
  uint64_t live_bytes() const { return live_bytes_; }
  // The same as of the last Write.
  uint64_t written_texts_bytes() const { return written_.texts_bytes; }
  uint64_t written_live_bytes() const { return written_.live_bytes; }
  // The texts file is rewritten when it exceeds twice its live bytes plus
  // this (1 MB; tests lower it).
  void set_compact_slack(uint64_t bytes) { compact_slack_ = bytes; }
  // Threads for reading and writing the entries (0: all cores).
  void set_jobs(int jobs) { jobs_ = jobs; }
  // The folder the cache is in (other stages keep their memos there too).
  const std::filesystem::path& dir() const { return dir_; }
  // The texts file now in use.
  std::filesystem::path texts_path() const { return TextsPath(generation_); }

 private:
  std::filesystem::path TextsPath(uint64_t generation) const;
  bool StartEmpty(std::string* why);

  std::filesystem::path dir_;
  uint64_t binary_key_ = 0;
  uint64_t generation_ = 0;
  std::shared_ptr<TextStore> store_;
  uint64_t texts_bytes_ = 0, live_bytes_ = 0;
  // What Write left for Commit.
  struct Written {
    bool ready = false;
    bool compacted = false;
    std::shared_ptr<TextStore> store;
    uint64_t generation = 0, texts_bytes = 0, live_bytes = 0;
  } written_;
  uint64_t compact_slack_ = 1 << 20;
  int jobs_ = 0;
};

}  // namespace portal
