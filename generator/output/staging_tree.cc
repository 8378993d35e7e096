#include "output/staging_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "base/file.h"

namespace portal {
namespace fs = std::filesystem;
namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// A dead build's leftover is recognised by its pid; our own pid can only be
// a leftover too (a recycled pid, e.g. in a container), since one process
// publishes one destination at a time under the lock.
bool PidIsAlive(long pid) {
  if (pid <= 0 || pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// True when the file at `path` holds exactly `bytes`.
bool FileEquals(const fs::path& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  std::string buf(64 * 1024, '\0');
  size_t at = 0;
  bool same = true;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      same = same && n == 0 && at == bytes.size();
      break;
    }
    if (at + static_cast<size_t>(n) > bytes.size() || bytes.compare(at, static_cast<size_t>(n), buf.data(), n) != 0) {
      same = false;
      break;
    }
    at += static_cast<size_t>(n);
  }
  ::close(fd);
  return same;
}

// Writes `bytes` to a new file and reports its stat. O_EXCL|O_NOFOLLOW: the
// caller removed whatever was at the path, so an entry there now means
// something else is writing the tree.
bool WriteNewFile(const fs::path& path, std::string_view bytes, struct stat* st, int* err) {
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
  if (::fstat(fd, st) != 0) {
    *err = errno;
    ::close(fd);
    return false;
  }
  // Network file systems report delayed write errors at close.
  if (::close(fd) != 0 && errno != EINTR) {
    *err = errno;
    return false;
  }
  return true;
}

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

void RemoveQuietly(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);  // never follows symlinks
}

FileRecord RecordOf(uint64_t hash, const struct stat& st) {
  return FileRecord{hash, static_cast<uint64_t>(st.st_size), MtimeNs(st), static_cast<uint64_t>(st.st_ino)};
}

}  // namespace

StagingTree::~StagingTree() {
  if (!opened_ || published_) return;
  // A failed build: record what the tree holds now, so the next build can
  // still skip the files that are right.
  TreeManifest merged = known_ ? manifest_ : TreeManifest();
  for (auto& [path, record] : written_) merged[path] = record;
  std::string error;
  WriteManifest(ManifestPath(staging_inode_), merged, &error);
}

fs::path StagingTree::ManifestPath(uint64_t tree_inode) const {
  return dest_.TreesPath() / (std::to_string(tree_inode) + ".manifest");
}

void StagingTree::Fail(Diagnostics* diags, const std::string& what, int err) {
  std::string hint;
  if (err == ENOSPC || err == EDQUOT) {
    hint = "free some disk space and build again; ";
  } else if (err == EACCES || err == EPERM || err == EROFS) {
    hint = "check that you may write to " + dest_.parent.string() + "; ";
  }
  diags->Error(dest_.display, 0, 0, what + ": " + ErrnoText(err), hint + dest_.display + " was left as it was");
}

bool StagingTree::Open(const fs::path& dest, Diagnostics* diags) {
  std::string error;
  if (!ResolveDestination(dest, &dest_, &error)) {
    diags->Error(dest.string(), 0, 0, error, "choose a folder such as public/");
    return false;
  }
  std::error_code ec;
  fs::create_directories(dest_.parent, ec);
  if (ec) {
    Fail(diags, "cannot create the folder " + dest_.parent.string(), ec.value());
    return false;
  }
  // Leftovers of builds of earlier versions, which staged into
  // .<name>.staging-<pid> and moved the old site to .<name>.old-<pid>.
  for (const fs::directory_entry& entry : fs::directory_iterator(dest_.parent, ec)) {
    std::string name = entry.path().filename().string();
    for (const std::string& prefix : {dest_.StagingPrefix(), "." + dest_.name + ".old-"}) {
      if (name.compare(0, prefix.size(), prefix) != 0 || name.size() == prefix.size()) continue;
      std::string digits = name.substr(prefix.size());
      if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
      if (PidIsAlive(std::stol(digits))) continue;
      std::error_code rm;
      fs::remove_all(entry.path(), rm);
      if (rm) {
        diags->Warning(entry.path().string(), 0, 0, "cannot remove the leftover of an interrupted build: " + rm.message(),
                       "delete this folder by hand");
      }
    }
  }
  struct stat st {};
  if (::lstat(dest_.dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      diags->Error(dest_.display, 0, 0, dest_.display + " exists and is not a folder",
                   "move or delete it, or build into another folder");
      return false;
    }
    dest_exists_ = true;
  }
  fs::create_directories(ManifestPath(0).parent_path(), ec);
  if (ec) {
    Fail(diags, "cannot create the folder " + ManifestPath(0).parent_path().string(), ec.value());
    return false;
  }
  staging_ = dest_.StagingTreePath();
  if (::lstat(staging_.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) ::unlink(staging_.c_str());
  if (::lstat(staging_.c_str(), &st) == 0) {
    staging_inode_ = st.st_ino;
    known_ = ReadManifest(ManifestPath(staging_inode_), &manifest_);
    // From here on the tree changes: its old manifest no longer describes it.
    fs::remove(ManifestPath(staging_inode_), ec);
  } else {
    if (::mkdir(staging_.c_str(), 0755) != 0 || ::lstat(staging_.c_str(), &st) != 0) {
      Fail(diags, "cannot create the staging folder " + staging_.string(), errno);
      return false;
    }
    staging_inode_ = st.st_ino;
    known_ = true;  // empty, and we know it
  }
  dirs_.insert("");
  opened_ = true;
  return true;
}

// Creates the folders above `relative`, replacing a file (or link) that
// stands where a folder must be.
bool StagingTree::EnsureParent(const std::string& relative, std::string* error) {
  size_t slash = relative.rfind('/');
  std::string dir = slash == std::string::npos ? "" : relative.substr(0, slash);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dirs_.count(dir)) return true;
  }
  if (!EnsureParent(dir, error)) return false;
  fs::path full = staging_ / dir;
  if (::mkdir(full.c_str(), 0755) != 0) {
    int err = errno;
    struct stat st {};
    if (err != EEXIST || ::lstat(full.c_str(), &st) != 0) {
      *error = "cannot create the folder " + dest_.DisplayPath(dir) + ": " + ErrnoText(err);
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      ::unlink(full.c_str());
      if (::mkdir(full.c_str(), 0755) != 0) {
        *error = "cannot create the folder " + dest_.DisplayPath(dir) + ": " + ErrnoText(errno);
        return false;
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  dirs_.insert(dir);
  return true;
}

bool StagingTree::WriteBytes(const std::string& path, std::string_view bytes, uint64_t hash, bool copy,
                             std::string* error) {
  fs::path full = staging_ / path;
  struct stat st {};
  bool exists = ::lstat(full.c_str(), &st) == 0;
  if (exists && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) == bytes.size()) {
    bool same = false;
    if (known_) {
      auto it = manifest_.find(path);
      same = it != manifest_.end() && it->second.hash == hash && StatMatches(it->second, st);
    } else {
      same = FileEquals(full, bytes);
    }
    if (same) {
      std::lock_guard<std::mutex> lock(mu_);
      written_[path] = RecordOf(hash, st);
      stats_.files_unchanged++;
      return true;
    }
  }
  if (!EnsureParent(path, error)) return false;
  if (exists) {
    // Never write into an existing file: a web server may still be reading
    // it from the site before last. A new file takes its place.
    if (S_ISDIR(st.st_mode)) {
      RemoveQuietly(full);
    } else {
      ::unlink(full.c_str());
    }
  }
  int err = 0;
  if (!WriteNewFile(full, bytes, &st, &err)) {
    *error = "cannot write " + dest_.DisplayPath(path) + ": " + ErrnoText(err);
    if (err == ENOSPC || err == EDQUOT) *error += " (free some disk space and build again)";
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  written_[path] = RecordOf(hash, st);
  (copy ? stats_.files_copied : stats_.files_written)++;
  return true;
}

bool StagingTree::Write(const std::string& path, std::string_view bytes, uint64_t hash, std::string* error) {
  return WriteBytes(path, bytes, hash, false, error);
}

bool StagingTree::Copy(const std::string& path, const fs::path& source, uint64_t* size, std::string* error) {
  // A copy, not a hard link: editing the source must not change a published site.
  std::string bytes, read_error;
  if (!ReadFile(source, &bytes, &read_error, uint64_t{4} << 30)) {
    *error = "cannot copy " + source.string() + " to " + dest_.DisplayPath(path) + ": " + read_error;
    return false;
  }
  *size = bytes.size();
  return WriteBytes(path, bytes, ContentHash(bytes), true, error);
}

namespace {

// `manifest` records `path` with `hash` and the file `full` is as recorded.
bool Holds(const TreeManifest& manifest, const std::string& path, uint64_t hash, const fs::path& full,
           struct stat* st) {
  auto it = manifest.find(path);
  return it != manifest.end() && it->second.hash == hash && ::lstat(full.c_str(), st) == 0 &&
         StatMatches(it->second, *st);
}

}  // namespace

bool StagingTree::LiveHolds(const std::string& path, uint64_t hash, struct stat* st) {
  std::call_once(live_once_, [&] {
    struct stat dest {};
    if (dest_exists_ && ::lstat(dest_.dir.c_str(), &dest) == 0) ReadManifest(ManifestPath(dest.st_ino), &live_);
  });
  return Holds(live_, path, hash, dest_.dir / path, st);
}

bool StagingTree::Keep(const std::string& path, uint64_t hash, uint64_t* size) {
  struct stat st {};
  if (known_ && Holds(manifest_, path, hash, staging_ / path, &st)) {
    std::lock_guard<std::mutex> lock(mu_);
    written_[path] = RecordOf(hash, st);
    stats_.files_unchanged++;
    *size = static_cast<uint64_t>(st.st_size);
    return true;
  }
  if (!LiveHolds(path, hash, &st)) return false;
  std::string bytes, error;
  if (!ReadFile(dest_.dir / path, &bytes, &error, uint64_t{4} << 30) || ContentHash(bytes) != hash) return false;
  *size = bytes.size();
  return WriteBytes(path, bytes, hash, false, &error);
}

bool StagingTree::Has(const std::string& path, uint64_t hash) {
  struct stat st {};
  return (known_ && Holds(manifest_, path, hash, staging_ / path, &st)) || LiveHolds(path, hash, &st);
}

std::shared_ptr<const std::string> StagingTree::Read(const std::string& path, uint64_t hash) {
  if (!dest_exists_) return nullptr;
  auto bytes = std::make_shared<std::string>();
  std::string error;
  if (!ReadFile(dest_.dir / path, bytes.get(), &error, uint64_t{4} << 30) || ContentHash(*bytes) != hash) return nullptr;
  return bytes;
}

bool StagingTree::Prune(const OutputPlan& plan, int fd, const fs::path& dir, const std::string& prefix,
                        std::string* error) {
  // Folders are opened relative to their parent (openat), not by their
  // whole path: a 10k site has 12,000 page folders, and resolving each
  // path from the root was most of the walk.
  DIR* d = ::fdopendir(fd);
  if (!d) {
    *error = "cannot read the staging folder " + dir.string() + ": " + ErrnoText(errno);
    ::close(fd);
    return false;
  }
  std::vector<std::pair<std::string, bool>> children;  // name, is a folder
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st {};
      is_dir = ::fstatat(::dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
    }
    children.emplace_back(std::move(name), is_dir);
  }
  const auto& entries = plan.entries();
  bool ok = true;
  for (const auto& [name, is_dir] : children) {
    std::string rel = prefix + name;
    if (is_dir) {
      std::string below = rel + "/";
      auto it = entries.lower_bound(below);
      if (it != entries.end() && it->first.compare(0, below.size(), below) == 0) {
        int sub = ::openat(::dirfd(d), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
          *error = "cannot read the staging folder " + (dir / name).string() + ": " + ErrnoText(errno);
          ok = false;
        } else {
          ok = Prune(plan, sub, dir / name, below, error);
        }
        if (!ok) break;
      } else {
        RemoveQuietly(dir / name);
        stats_.files_removed++;
      }
    } else if (!entries.count(rel)) {
      ::unlinkat(::dirfd(d), name.c_str(), 0);
      stats_.files_removed++;
    }
  }
  ::closedir(d);
  return ok;
}

bool StagingTree::Swap(Diagnostics* diags) {
  if (!dest_exists_) {
    if (::rename(staging_.c_str(), dest_.dir.c_str()) != 0) {
      Fail(diags, "cannot move the new site into " + dest_.display, errno);
      return false;
    }
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dest_.dir.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
      Fail(diags, "cannot exchange the new site with " + dest_.display, errno);
      return false;
    }
    // File systems without RENAME_EXCHANGE (NFS, some FUSE): not atomic,
    // there is a moment without the destination, but a failure puts the old
    // site back. The old tree ends at the staging path, as after an exchange.
    fs::path old = dest_.parent / ("." + dest_.name + ".old-" + std::to_string(::getpid()));
    if (::rename(dest_.dir.c_str(), old.c_str()) != 0) {
      Fail(diags, "cannot move " + dest_.display + " aside", errno);
      return false;
    }
    if (::rename(staging_.c_str(), dest_.dir.c_str()) != 0) {
      int err = errno;
      ::rename(old.c_str(), dest_.dir.c_str());
      Fail(diags, "cannot move the new site into " + dest_.display, err);
      return false;
    }
    if (::rename(old.c_str(), staging_.c_str()) != 0) RemoveQuietly(old);
  }
  int err = 0;
  if (fsync_ && !SyncDirectory(dest_.parent, &err)) {
    diags->Warning(dest_.parent.string(), 0, 0,
                   "the new site is in place but the folder could not be flushed: " + ErrnoText(err));
  }
  return true;
}

// Keeps the manifests of the two trees that exist (by inode), drops the rest.
void StagingTree::RemoveOtherManifests() {
  std::set<std::string> keep = {"build.state", "cache"};  // cache/: the page cache (site/page_cache.h)
  for (const fs::path& tree : {dest_.dir, staging_}) {
    struct stat st {};
    if (::lstat(tree.c_str(), &st) == 0) keep.insert(std::to_string(st.st_ino) + ".manifest");
  }
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(ManifestPath(0).parent_path(), ec)) {
    if (!keep.count(e.path().filename().string())) fs::remove(e.path(), ec);
  }
}

bool StagingTree::Publish(const OutputPlan& plan, Diagnostics* diags) {
  for (const auto& [path, entry] : plan.entries()) {
    if (!entry.filled) {
      diags->Error(plan.DisplayPath(path), 0, 0, "internal error: no bytes for a claimed path (" + entry.owner + ")");
      return false;
    }
    stats_.bytes += entry.size;
  }
  std::string error;
  int root = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) error = "cannot read the staging folder " + staging_.string() + ": " + ErrnoText(errno);
  if (root < 0 || !Prune(plan, root, staging_, "", &error)) {
    diags->Error(dest_.display, 0, 0, error, dest_.display + " was left as it was");
    return false;
  }
  struct stat st {};
  if (::lstat(staging_.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_ino) != staging_inode_) {
    diags->Error(dest_.display, 0, 0, "the staging folder " + staging_.string() + " was replaced during the build",
                 "build again; " + dest_.display + " was left as it was");
    return false;
  }
  if (!WriteManifest(ManifestPath(staging_inode_), written_, &error)) {
    diags->Warning(dest_.display, 0, 0, error, "the next build writes every file again");
  }
  // One syncfs for the whole tree instead of an fsync per file: each fsync
  // forces its own journal commit, while syncfs flushes all the data and
  // folder entries in one pass (and, since Linux 5.8, reports write-back
  // errors), so a power cut after the swap cannot leave empty files.
  if (fsync_) {
    int fd = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::syncfs(fd) != 0) {
      int err = errno;
      if (fd >= 0) ::close(fd);
      Fail(diags, "cannot flush " + staging_.string() + " to disk", err);
      return false;
    }
    ::close(fd);
  }
  if (!Swap(diags)) return false;
  published_ = true;
  RemoveOtherManifests();
  return true;
}

}  // namespace portal
