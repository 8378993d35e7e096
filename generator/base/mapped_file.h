// MappedFile: the first bytes of a file, mapped read-only, so a reader takes
// what it needs from the kernel's page cache without copying the file into
// fresh memory first (which costs a page fault and a zero-fill per 4 KB).
// The file must not be cut shorter while it is mapped: the caches that use
// it are written only by builds holding the destination's lock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace portal {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps bytes [0, size) of `path`; false with *error when the file cannot
  // be opened or is shorter.
  bool Open(const std::filesystem::path& path, uint64_t size, std::string* error);
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  // Unmaps the whole pages inside bytes [offset, offset + length) once read
  // (they stay in the page cache), so they do not count as this process's
  // memory; reading them again maps them again.
  void Release(uint64_t offset, uint64_t length);

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace portal
