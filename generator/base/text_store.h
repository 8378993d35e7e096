// TextStore: large texts (page bodies) parked in a temporary file while a
// build runs, so a big site's pages do not all sit in the build's memory.
//
// portal build renders every page first and uses the bodies later (terms,
// related reading, search, HTML); at 100,000 pages they are gigabytes. Here
// they live in an unnamed file beside the destination: the kernel keeps them
// in its page cache while memory is plentiful and can write them out and
// drop them when it is not, which anonymous memory cannot do. The file goes
// away with the process.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace portal {

class TextStore {
 public:
  struct Ref {
    uint64_t offset = 0;  // in the file, or the index of a text kept in memory
    uint64_t size = 0;
    bool in_memory = false;
  };

  TextStore() = default;
  ~TextStore();
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // Opens an unnamed temporary file in `dir` (O_TMPFILE; else a named one,
  // removed at once). False with *error when it cannot; the store then keeps
  // texts in memory.
  bool Open(const std::filesystem::path& dir, std::string* error);
  // Opens (creating it) the named file `path`, to keep texts between builds
  // (the page cache): its first `keep` bytes are kept, whatever is after
  // them (texts of a build that failed) is cut off, and new texts go after.
  // False with *error when it cannot, or when the file is shorter than
  // `keep` (then the texts the caller expects are not there).
  bool OpenFile(const std::filesystem::path& path, uint64_t keep, std::string* error);

  // Stores `bytes`. Thread-safe. Never fails: if the file cannot take them
  // (disk full), they stay in memory.
  Ref Put(std::string_view bytes);
  // The bytes stored at `ref`. Thread-safe.
  std::string Get(const Ref& ref) const;
  // Bytes written to the file so far.
  uint64_t file_bytes() const { return end_.load(); }

 private:
  int fd_ = -1;
  std::atomic<uint64_t> end_{0};
  mutable std::mutex mu_;
  std::deque<std::string> kept_;  // texts the file could not take (stable addresses)
};

}  // namespace portal
