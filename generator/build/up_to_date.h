// Up-to-date check: a build whose inputs did not change since the last
// successful build into the same destination, and whose destination is still
// exactly what that build wrote, has nothing to do (as ninja says "no work
// to do"). The check costs a stat of every input and output file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "build/build.h"

namespace portal {

// What a successful build leaves beside its destination
// (.<name>.trees/build.state) for the next one.
struct BuildState {
  uint64_t inputs = 0;       // InputFingerprint of the build
  uint64_t tree_inode = 0;   // the destination folder it published
  int64_t valid_until = 0;   // epoch seconds: a future-dated page appears then (INT64_MAX: never)
  int pages = 0, files = 0;
  uint64_t bytes = 0;
  std::string diagnostics;   // warnings printed by that build, printed again on a no-op
};

// Hash of everything the output depends on: the portal binary, the options
// that change output, and the path, kind, size, mtime and inode of every
// file under the site's content/, site-config/, layouts/, static/ and
// themes/ and under the built-in theme folders.
uint64_t InputFingerprint(const BuildOptions& options);

// The running portal binary's identity (its stat key): caches made by
// another binary are not trusted.
uint64_t BinaryKey();

bool ReadBuildState(const std::filesystem::path& file, BuildState* out);
bool WriteBuildState(const std::filesystem::path& file, const BuildState& state);

// <parent of dest>/.<name>.trees/build.state
std::filesystem::path BuildStatePath(const std::filesystem::path& destination);

// True when `dest` holds exactly the files its manifest lists, each with the
// recorded size, mtime and inode, and nothing else. *checked gets the number
// of files compared.
bool DestinationIsIntact(const std::filesystem::path& dest, size_t* checked);

}  // namespace portal
