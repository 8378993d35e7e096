#include "base/text_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace portal {

TextStore::~TextStore() {
  if (fd_ >= 0) ::close(fd_);
}

bool TextStore::Open(const std::filesystem::path& dir, std::string* error) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {  // file systems without O_TMPFILE: a named file, unlinked at once
    std::string name = (dir / (".portal-texts-" + std::to_string(::getpid()) + ".XXXXXX")).string();
    fd = ::mkstemp(name.data());
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) {
    *error = "cannot create a temporary file in " + dir.string() + ": " + std::generic_category().message(errno);
    return false;
  }
  fd_ = fd;
  return true;
}

bool TextStore::OpenFile(const std::filesystem::path& path, uint64_t keep, std::string* error) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    *error = "cannot open " + path.string() + ": " + std::generic_category().message(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) < keep) {
    *error = path.string() + " is shorter than expected";
    ::close(fd);
    return false;
  }
  if (static_cast<uint64_t>(st.st_size) > keep && ::ftruncate(fd, static_cast<off_t>(keep)) != 0) {
    *error = "cannot truncate " + path.string() + ": " + std::generic_category().message(errno);
    ::close(fd);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  end_ = keep;
  return true;
}

TextStore::Ref TextStore::Put(std::string_view bytes) {
  if (fd_ >= 0) {
    uint64_t at = end_.fetch_add(bytes.size());
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(at + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done == bytes.size()) return Ref{at, bytes.size(), false};
  }
  std::lock_guard<std::mutex> lock(mu_);
  kept_.emplace_back(bytes);
  return Ref{kept_.size() - 1, bytes.size(), true};
}

std::string TextStore::Get(const Ref& ref) const {
  if (ref.in_memory) {
    std::lock_guard<std::mutex> lock(mu_);
    return kept_[ref.offset];
  }
  std::string out(ref.size, '\0');
  size_t done = 0;
  while (done < ref.size) {
    ssize_t n = ::pread(fd_, out.data() + done, ref.size - done, static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // cannot happen for bytes we wrote; leaves the rest zero
    done += static_cast<size_t>(n);
  }
  return out;
}

}  // namespace portal
