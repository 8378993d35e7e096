#include "serve/watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace portal {
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                           IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

// Swap files and backups editors write beside the real one.
bool IsScratchName(const std::string& name) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return name.size() >= n && name.compare(name.size() - n, n, s) == 0;
  };
  return name.empty() || name[0] == '.' || name == "4913" || ends("~") || ends(".swp") || ends(".swx") ||
         ends(".tmp");
}

}  // namespace

Watcher::Watcher() {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || wake_fd_ < 0) error_ = std::string("cannot watch files: ") + std::strerror(errno);
}

Watcher::~Watcher() {
  if (inotify_fd_ >= 0) close(inotify_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

bool Watcher::ok(std::string* error) const {
  if (error_.empty()) return true;
  *error = error_;
  return false;
}

void Watcher::AddTree(const fs::path& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  fs::path root = dir.lexically_normal();
  trees_.insert(root);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    pending_.insert(root);
    if (fs::is_directory(root.parent_path(), ec)) AddWatch(root.parent_path());
    return;
  }
  pending_.erase(root);
  AddWatch(root);
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) AddWatch(it->path());
  }
}

void Watcher::AddWatch(const fs::path& dir) {
  if (inotify_fd_ < 0) return;
  int wd = inotify_add_watch(inotify_fd_, dir.c_str(), kMask);
  if (wd >= 0) dirs_[wd] = dir;  // the same folder twice gives the same wd
}

bool Watcher::Drain(std::set<fs::path>* changed) {
  alignas(inotify_event) char buf[64 * 1024];
  for (;;) {
    ssize_t n = read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) return true;
    std::lock_guard<std::mutex> lock(mu_);
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {  // events were lost: rebuild anyway
        changed->insert(fs::path());
        continue;
      }
      auto dir = dirs_.find(ev->wd);
      if (dir == dirs_.end()) continue;
      if (ev->mask & IN_IGNORED) {
        dirs_.erase(dir);
        continue;
      }
      std::string name = ev->len > 0 ? std::string(ev->name) : "";
      fs::path path = name.empty() ? dir->second : dir->second / name;
      bool in_tree = false;
      for (const fs::path& root : trees_) {
        auto rel = path.lexically_relative(root);
        if (!rel.empty() && *rel.begin() != "..") in_tree = true;
      }
      if (pending_.count(path) && (ev->mask & IN_ISDIR)) {
        in_tree = true;  // a watched root appeared
        pending_.erase(path);
      }
      if (!in_tree || (!name.empty() && IsScratchName(name))) continue;
      if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
        std::error_code ec;
        AddWatch(path);
        for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
          if (it->is_directory(ec) && !it->is_symlink(ec)) AddWatch(it->path());
        }
      }
      changed->insert(path);
    }
  }
}

std::vector<fs::path> Watcher::WaitForChanges(std::chrono::milliseconds quiet) {
  std::set<fs::path> changed;
  if (inotify_fd_ < 0) return {};
  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  auto first = std::chrono::steady_clock::time_point();
  for (;;) {
    int timeout = -1;
    if (!changed.empty()) {
      // Settle: wait for `quiet` without events, but never starve the rebuild.
      auto elapsed = std::chrono::steady_clock::now() - first;
      if (elapsed > std::chrono::seconds(1)) break;
      timeout = static_cast<int>(quiet.count());
    }
    int r = poll(fds, 2, timeout);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (fds[1].revents & POLLIN)) return {};
    if (r == 0) break;  // quiet long enough
    bool was_empty = changed.empty();
    Drain(&changed);
    if (was_empty && !changed.empty()) first = std::chrono::steady_clock::now();
  }
  return {changed.begin(), changed.end()};
}

void Watcher::Interrupt() {
  if (wake_fd_ < 0) return;
  uint64_t one = 1;
  ssize_t ignored = write(wake_fd_, &one, sizeof one);
  (void)ignored;
}

}  // namespace portal
