// Where a build publishes: the destination folder and the names beside it
// (staging folder, lock file) that Publish and DestinationLock agree on.
#pragma once

#include <filesystem>
#include <string>

namespace portal {

struct Destination {
  std::filesystem::path dir;     // absolute, normalized, symlink resolved
  std::filesystem::path parent;  // the folder holding `dir`
  std::string name;              // last component of `dir` ("public")
  std::string display;           // as the user wrote it, for messages ("public")

  // <parent>/.<name>.staging: the tree the next build fills (StagingTree).
  std::filesystem::path StagingTreePath() const;
  // <parent>/.<name>.staging-<pid>: where earlier versions staged a build.
  std::filesystem::path StagingPath(long pid) const;
  // Prefix of those per-build staging folder names: ".<name>.staging-"
  std::string StagingPrefix() const { return "." + name + ".staging-"; }
  // <parent>/.<name>.lock
  std::filesystem::path LockPath() const;
  // <parent>/.<name>.trees: the manifests of the destination and staging
  // trees (by inode) and the last build's state.
  std::filesystem::path TreesPath() const;
  // "public/speeches/a/index.html" for "speeches/a/index.html".
  std::string DisplayPath(const std::string& relative) const;
};

// Resolves `dest` against the working directory; a symlinked destination is
// followed so the staging folder sits on the same file system as the real
// folder (the final rename must not cross file systems). Returns false with
// *error set when `dest` names no folder ("/", "").
bool ResolveDestination(const std::filesystem::path& dest, Destination* out, std::string* error);

}  // namespace portal
