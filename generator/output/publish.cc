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

// A dead build's leftover is recognised by its pid; our own pid can only be
// a leftover too (a recycled pid, e.g. in a container), since one process
// publishes one destination at a time under the lock.
bool PidIsAlive(long pid) {
  if (pid <= 0 || pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// Writes `bytes` to a new file. O_EXCL|O_NOFOLLOW: the staging folder is
// fresh, so an existing entry or symlink there means something is wrong.
bool WriteNewFile(const fs::path& path, const std::string& bytes, int* err) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    *err = errno;
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = errno;
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  // Network file systems report delayed write errors at close.
  if (::close(fd) != 0 && errno != EINTR) {
    *err = errno;
    return false;
  }
  return true;
}

// Flushes a folder's entries (after a rename into it) to disk.
bool SyncDirectory(const fs::path& dir, int* err) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return false;
  }
  bool ok = ::fsync(fd) == 0;
  if (!ok) *err = errno;
  ::close(fd);
  return ok;
}

// One publish: the staging folder's life from creation to swap or removal.
class Publisher {
 public:
  Publisher(const Destination& dest, PublishStats* stats, Diagnostics* diags)
      : dest_(dest), staging_(dest.StagingPath(::getpid())), stats_(stats), diags_(diags) {}

  bool Run(const OutputPlan& plan) {
    RemoveStaleStaging();
    if (!CheckDestination() || !CreateStaging()) return false;
    bool ok = WriteAll(plan) && SyncStaging() && Swap();
    if (!ok) RemoveQuietly(staging_);
    return ok;
  }

 private:
  void Fail(const std::string& what, int err) {
    std::string hint;
    if (err == ENOSPC || err == EDQUOT) {
      hint = "free some disk space and build again; ";
    } else if (err == EACCES || err == EPERM || err == EROFS) {
      hint = "check that you may write to " + dest_.parent.string() + "; ";
    }
    diags_->Error(dest_.display, 0, 0, what + ": " + ErrnoText(err),
                  hint + dest_.display + " was left as it was");
  }

  void RemoveQuietly(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);  // never follows symlinks
  }

  void RemoveStaleStaging() {
    std::error_code ec;
    const std::string prefix = dest_.StagingPrefix();
    for (const fs::directory_entry& entry : fs::directory_iterator(dest_.parent, ec)) {
      std::string name = entry.path().filename().string();
      if (name.compare(0, prefix.size(), prefix) != 0 || name.size() == prefix.size()) continue;
      std::string digits = name.substr(prefix.size());
      if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
      if (PidIsAlive(std::stol(digits))) continue;
      std::error_code rm;
      fs::remove_all(entry.path(), rm);
      if (rm) {
        diags_->Warning(entry.path().string(), 0, 0,
                        "cannot remove the leftover of an interrupted build: " + rm.message(),
                        "delete this folder by hand");
      }
    }
  }

  bool CheckDestination() {
    std::error_code ec;
    fs::create_directories(dest_.parent, ec);
    if (ec) {
      Fail("cannot create the folder " + dest_.parent.string(), ec.value());
      return false;
    }
    fs::file_status st = fs::symlink_status(dest_.dir, ec);
    dest_exists_ = fs::exists(st);
    if (dest_exists_ && !fs::is_directory(st)) {
      diags_->Error(dest_.display, 0, 0, dest_.display + " exists and is not a folder",
                    "move or delete it, or build into another folder");
      return false;
    }
    return true;
  }

  bool CreateStaging() {
    if (::mkdir(staging_.c_str(), 0755) != 0) {
      Fail("cannot create the staging folder " + staging_.string(), errno);
      return false;
    }
    return true;
  }

  // Creates the folders above `relative` once per folder, not once per file.
  bool MakeParents(const std::string& relative) {
    size_t slash = relative.rfind('/');
    if (slash == std::string::npos) return true;
    std::string dir = relative.substr(0, slash);
    if (made_dirs_.count(dir)) return true;
    std::error_code ec;
    fs::create_directories(staging_ / dir, ec);
    if (ec) {
      Fail("cannot create the folder " + dest_.DisplayPath(dir), ec.value());
      return false;
    }
    made_dirs_.insert(dir);
    return true;
  }

  bool WriteAll(const OutputPlan& plan) {
    for (const auto& [path, bytes] : plan.files()) {
      int err = 0;
      if (!MakeParents(path)) return false;
      if (!WriteNewFile(staging_ / path, bytes, &err)) {
        Fail("cannot write " + dest_.DisplayPath(path) + " (for " + plan.OwnerOf(path) + ")", err);
        return false;
      }
      stats_->files_written++;
      stats_->bytes += bytes.size();
    }
    for (const auto& [path, source] : plan.copies()) {
      // A copy, not a hard link: editing the source must not change a
      // published site.
      if (!MakeParents(path)) return false;
      std::error_code ec;
      fs::copy_file(source, staging_ / path, ec);
      uintmax_t size = ec ? 0 : fs::file_size(staging_ / path, ec);
      if (ec) {
        Fail("cannot copy " + source.string() + " to " + dest_.DisplayPath(path) + " (for " +
                 plan.OwnerOf(path) + ")",
             ec.value());
        return false;
      }
      stats_->files_copied++;
      stats_->bytes += size;
    }
    return true;
  }

  // One syncfs for the whole tree instead of an fsync per file: a site has
  // thousands of small files and each fsync forces its own journal commit,
  // while syncfs flushes all their data and folder entries in one pass (and,
  // since Linux 5.8, reports any write-back error). It also flushes unrelated
  // dirty data on the same file system, which costs far less than 10k
  // separate commits.
  bool SyncStaging() {
    int fd = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      Fail("cannot open " + staging_.string(), errno);
      return false;
    }
    bool ok = ::syncfs(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok) Fail("cannot flush " + staging_.string() + " to disk", err);
    return ok;
  }

  bool Swap() {
    if (!dest_exists_) {
      if (::rename(staging_.c_str(), dest_.dir.c_str()) != 0) {
        Fail("cannot move the new site into " + dest_.display, errno);
        return false;
      }
    } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dest_.dir.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        Fail("cannot exchange the new site with " + dest_.display, errno);
        return false;
      }
      if (!SwapByTwoRenames()) return false;
    }
    int err = 0;
    if (!SyncDirectory(dest_.parent, &err)) {
      diags_->Warning(dest_.parent.string(), 0, 0,
                      "the new site is in place but the folder could not be flushed: " + ErrnoText(err));
    }
    // The old site now sits at the staging path (or nothing, for a first build).
    std::error_code ec;
    fs::remove_all(staging_, ec);
    if (ec) {
      diags_->Warning(staging_.string(), 0, 0, "cannot remove the previous site: " + ec.message(),
                      "the next build removes it, or delete it by hand");
    }
    return true;
  }

  // For file systems without RENAME_EXCHANGE (NFS, some FUSE): not atomic,
  // there is a moment without `dest`, but a failure puts the old site back.
  // The old tree ends at the staging path, as after an exchange.
  bool SwapByTwoRenames() {
    fs::path old = dest_.parent / ("." + dest_.name + ".old-" + std::to_string(::getpid()));
    if (::rename(dest_.dir.c_str(), old.c_str()) != 0) {
      Fail("cannot move " + dest_.display + " aside", errno);
      return false;
    }
    if (::rename(staging_.c_str(), dest_.dir.c_str()) != 0) {
      int err = errno;
      ::rename(old.c_str(), dest_.dir.c_str());
      Fail("cannot move the new site into " + dest_.display, err);
      return false;
    }
    if (::rename(old.c_str(), staging_.c_str()) != 0) RemoveQuietly(old);
    return true;
  }

  const Destination& dest_;
  const fs::path staging_;
  PublishStats* stats_;
  Diagnostics* diags_;
  bool dest_exists_ = false;
  std::set<std::string> made_dirs_;
};

}  // namespace

bool Publish(const OutputPlan& plan, const fs::path& dest, PublishStats* stats, Diagnostics* diags) {
  Destination where;
  std::string error;
  if (!ResolveDestination(dest, &where, &error)) {
    diags->Error(dest.string(), 0, 0, error, "choose a folder such as public/");
    return false;
  }
  PublishStats local;
  Publisher publisher(where, stats ? stats : &local, diags);
  return publisher.Run(plan);
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
