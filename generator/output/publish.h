// Publishing an OutputPlan to the destination folder, all or nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "output/staging_tree.h"

namespace portal {

// Publishes a plan that kept its bytes (tests, tools): the same staging
// tree and swap as a streamed build (staging_tree.h), all or nothing.
// `stats` may be null. Returns false with a diagnostic (path and errno text)
// on failure; `dest` is then exactly as it was.
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
