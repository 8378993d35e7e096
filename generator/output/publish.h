// Publishing an OutputPlan to the destination folder, all or nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/diagnostic.h"
#include "output/output_plan.h"

namespace portal {

struct PublishStats {
  int files_written = 0;   // generated files
  int files_copied = 0;    // copied assets
  uint64_t bytes = 0;       // generated plus copied
};

// Writes every file of `plan` into a staging folder next to `dest`
// (".<name>.staging-<pid>"), flushes it to disk (one syncfs), then
// atomically exchanges it with `dest` (renameat2 RENAME_EXCHANGE; a plain
// rename when `dest` does not exist yet) and removes the old tree. A failure at any point (disk full,
// permission, kill) leaves `dest` exactly as it was; stale staging folders of
// dead builds are removed by the next build. The caller holds a
// DestinationLock for `dest` around the whole build. Missing parent folders
// are created; a symlinked `dest` is followed. `stats` may be null. Returns
// false with a diagnostic (path and errno text) on failure.
bool Publish(const OutputPlan& plan, const std::filesystem::path& dest, PublishStats* stats,
             Diagnostics* diags);

// Holds an exclusive lock for one destination while a build runs (flock).
class DestinationLock {
 public:
  DestinationLock() = default;
  ~DestinationLock();
  DestinationLock(const DestinationLock&) = delete;
  DestinationLock& operator=(const DestinationLock&) = delete;
  // Locks ".<name>.lock" beside `dest` (created if missing). Returns false
  // (with *error set) when another holder has it: another process, or another
  // DestinationLock in this one (flock is per open file description).
  bool Acquire(const std::filesystem::path& dest, std::string* error);

 private:
  int fd_ = -1;
};

}  // namespace portal
