// Watcher: folder trees watched with inotify, changes collected until the
// writes settle, so one save gives one rebuild.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace portal {

class Watcher {
 public:
  Watcher();
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // False (with *error) when inotify is unavailable.
  bool ok(std::string* error) const;

  // Watches `dir` and every folder below it, including folders created
  // later. When `dir` does not exist yet its parent is watched for it to
  // appear. Adding a tree twice is harmless.
  void AddTree(const std::filesystem::path& dir);

  // Blocks until something changes, then keeps collecting until `quiet`
  // passes without a further change (at most ~1 s in all). Returns the
  // changed paths, sorted; empty once Interrupt() was called. Editor
  // scratch files (.swp, ~, .#x, 4913) are ignored.
  std::vector<std::filesystem::path> WaitForChanges(std::chrono::milliseconds quiet);

  // Makes WaitForChanges return (empty) now and from now on. Thread-safe.
  void Interrupt();

 private:
  void AddWatch(const std::filesystem::path& dir);
  // Reads pending events; returns false when the wait was interrupted.
  bool Drain(std::set<std::filesystem::path>* changed);

  int inotify_fd_ = -1;
  int wake_fd_ = -1;
  std::string error_;
  std::mutex mu_;  // guards the maps: AddTree may run on another thread
  std::map<int, std::filesystem::path> dirs_;        // watch descriptor -> folder
  std::set<std::filesystem::path> trees_;           // roots given to AddTree
  std::set<std::filesystem::path> pending_;         // roots that do not exist yet
};

}  // namespace portal
