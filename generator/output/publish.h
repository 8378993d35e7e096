// Publishing an OutputPlan to the destination folder, all or nothing.
#pragma once

#include <filesystem>
#include <string>

#include "base/diagnostic.h"
#include "output/output_plan.h"

namespace portal {

struct PublishStats {
  int files_written = 0;   // generated files
  int files_copied = 0;    // copied assets
  uint64_t bytes = 0;
};

// Writes every file of `plan` into a staging folder next to `dest`
// (".<name>.staging-<pid>"), fsyncs it, then atomically exchanges it with
// `dest` (renameat2 RENAME_EXCHANGE; a plain rename when `dest` does not
// exist yet) and removes the old tree. A failure at any point (disk full,
// permission, kill) leaves `dest` exactly as it was; stale staging folders of
// dead builds are removed by the next build. The caller holds a
// DestinationLock for `dest` around the whole build. Returns false with a
// diagnostic on failure.
bool Publish(const OutputPlan& plan, const std::filesystem::path& dest, PublishStats* stats,
             Diagnostics* diags);

// Holds an exclusive lock for one destination while a build runs (flock).
class DestinationLock {
 public:
  DestinationLock() = default;
  ~DestinationLock();
  DestinationLock(const DestinationLock&) = delete;
  DestinationLock& operator=(const DestinationLock&) = delete;
  // Locks ".<name>.lock" beside `dest`. Returns false (with *error set) when
  // another process holds it.
  bool Acquire(const std::filesystem::path& dest, std::string* error);

 private:
  int fd_ = -1;
};

}  // namespace portal
