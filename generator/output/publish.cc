#include "output/publish.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <system_error>

#include "output/destination.h"

namespace portal {
namespace fs = std::filesystem;
namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

}  // namespace

bool Publish(const OutputPlan& plan, const fs::path& dest, PublishStats* stats, Diagnostics* diags) {
  StagingTree tree;
  if (!tree.Open(dest, diags)) return false;
  OutputPlan streamed(&tree);
  streamed.set_display_root(tree.destination().display);
  for (const auto& [path, entry] : plan.entries()) {
    const std::string* bytes = plan.Find(path);
    if (!entry.is_copy && !bytes) {
      diags->Error(plan.DisplayPath(path), 0, 0, "internal error: no bytes for a claimed path (" + entry.owner + ")");
      return false;
    }
    bool ok = entry.is_copy ? streamed.AddCopy(path, entry.source, entry.owner, diags)
                            : streamed.AddFile(path, *bytes, entry.owner, diags);
    if (!ok) return false;
  }
  if (!tree.Publish(streamed, diags)) return false;
  if (stats) *stats = tree.stats();
  return true;
}

DestinationLock::~DestinationLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

bool DestinationLock::Acquire(const fs::path& dest, std::string* error) {
  Destination where;
  if (!ResolveDestination(dest, &where, error)) return false;
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  std::error_code ec;
  fs::create_directories(where.parent, ec);
  fs::path lock_path = where.LockPath();
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "cannot open the lock file " + lock_path.string() + ": " + ErrnoText(errno);
    return false;
  }
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd);
    std::string folder = where.display;
    if (folder.empty() || folder.back() != '/') folder += '/';
    if (err == EWOULDBLOCK) {
      *error = "another portal build is writing " + folder + " (lock " + lock_path.filename().string() +
               "); wait for it to finish";
    } else {
      *error = "cannot lock " + lock_path.string() + ": " + ErrnoText(err);
    }
    return false;
  }
  fd_ = fd;
  return true;
}

}  // namespace portal
