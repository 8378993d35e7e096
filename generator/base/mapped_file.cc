#include "base/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace portal {

MappedFile::~MappedFile() {
  if (data_ && size_ > 0) ::munmap(data_, size_);
}

void MappedFile::Release(uint64_t offset, uint64_t length) {
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t begin = (offset + page - 1) / page * page, end = std::min<uint64_t>(offset + length, size_) / page * page;
  if (data_ && begin < end) ::madvise(static_cast<char*>(data_) + begin, end - begin, MADV_DONTNEED);
}

bool MappedFile::Open(const std::filesystem::path& path, uint64_t size, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<uint64_t>(st.st_size) < size) {
    *error = path.string() + " is shorter than expected";
    ::close(fd);
    return false;
  }
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      *error = "cannot map " + path.string() + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    ::madvise(p, size, MADV_WILLNEED);
    data_ = p;
  }
  size_ = size;
  ::close(fd);
  return true;
}

}  // namespace portal
