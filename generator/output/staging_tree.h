// StagingTree: the folder a build writes into before it replaces the
// destination, all or nothing.
//
// It is the tree the destination held two builds ago (.<name>.staging beside
// it), updated in place: a file whose bytes did not change is left alone, so
// a rebuild writes only what changed and never deletes a whole site (deleting
// tens of thousands of files is the slowest thing a build could do). The
// first builds start from an empty folder. Publish then removes what the new
// site does not have and swaps the tree with the destination in one rename
// (renameat2 RENAME_EXCHANGE); the old site becomes the next staging tree.
//
// A failure at any point (disk full, permission, kill) leaves the destination
// exactly as it was. The caller holds a DestinationLock for the destination.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>

#include "base/diagnostic.h"
#include "output/destination.h"
#include "output/output_plan.h"
#include "output/tree_manifest.h"

namespace portal {

struct PublishStats {
  int files_written = 0;    // generated files written (new or changed)
  int files_copied = 0;     // assets copied (new or changed)
  int files_unchanged = 0;  // left as they were in the staging tree
  int files_removed = 0;    // stale files removed from the staging tree
  uint64_t bytes = 0;       // bytes of the whole site
};

class StagingTree : public OutputSink {
 public:
  StagingTree() = default;
  ~StagingTree() override;
  StagingTree(const StagingTree&) = delete;
  StagingTree& operator=(const StagingTree&) = delete;

  // Prepares the staging tree for `dest`: reuses .<name>.staging (with its
  // manifest, if any), else creates it; removes leftovers of dead builds of
  // older versions. False with a diagnostic when it cannot.
  bool Open(const std::filesystem::path& dest, Diagnostics* diags);

  bool Write(const std::string& path, std::string_view bytes, uint64_t hash, std::string* error) override;
  bool Copy(const std::string& path, const std::filesystem::path& source, uint64_t* size,
            std::string* error) override;
  // True when the staging tree holds those bytes at `path` (its manifest
  // says so and the file is as recorded), or the destination does (then
  // they are copied from it).
  bool Keep(const std::string& path, uint64_t hash, uint64_t* size) override;
  bool Has(const std::string& path, uint64_t hash) override;
  // From the destination (the last build's output, which no build writes
  // into), checked against `hash`.
  std::shared_ptr<const std::string> Read(const std::string& path, uint64_t hash) override;

  // Makes the tree hold exactly `plan` (every entry filled), records its
  // manifest, flushes it to disk and swaps it in as the destination.
  bool Publish(const OutputPlan& plan, Diagnostics* diags);

  // Flush the tree to disk (one syncfs) before the swap. Off by default: a
  // killed or failed build never needs it (the old site is untouched until
  // the rename, and the page cache outlives the process); only a power cut
  // right after a build does, and on a 10,000-page site the flush took
  // longer than everything else the build does.
  void set_fsync(bool on) { fsync_ = on; }

  const PublishStats& stats() const { return stats_; }
  const Destination& destination() const { return dest_; }

 private:
  bool EnsureParent(const std::string& relative, std::string* error);
  bool WriteBytes(const std::string& path, std::string_view bytes, uint64_t hash, bool copy, std::string* error);
  // Removes every entry under the open folder `fd` (`dir`, site-relative
  // `prefix`) that `plan` does not have; takes `fd`.
  bool Prune(const OutputPlan& plan, int fd, const std::filesystem::path& dir, const std::string& prefix,
             std::string* error);
  bool Swap(Diagnostics* diags);
  std::filesystem::path ManifestPath(uint64_t tree_inode) const;
  void RemoveOtherManifests();
  void Fail(Diagnostics* diags, const std::string& what, int err);

  Destination dest_;
  std::filesystem::path staging_;
  uint64_t staging_inode_ = 0;
  bool opened_ = false;
  bool published_ = false;
  bool dest_exists_ = false;
  bool fsync_ = false;
  bool known_ = false;    // manifest_ describes the tree (else files are compared byte by byte)
  TreeManifest manifest_;  // what the tree held, as far as we know
  // Reads live_ once, on the first call; true when `path` there is recorded
  // with `hash` and its file is as recorded (*st).
  bool LiveHolds(const std::string& path, uint64_t hash, struct stat* st);
  std::once_flag live_once_;
  TreeManifest live_;      // what the destination holds (read on the first Keep)
  std::mutex mu_;          // guards written_, dirs_, stats_
  TreeManifest written_;   // this build's files: written or found unchanged
  std::set<std::string> dirs_;  // folders known to exist in the tree
  PublishStats stats_;
};

}  // namespace portal
