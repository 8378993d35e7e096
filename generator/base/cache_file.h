// A cache file kept between builds: a magic line naming its format, the key
// of the portal binary that wrote it, the payload, and a checksum of all of
// it. Written through a temporary file and a rename, so a reader sees a
// whole file or none; read back only when magic, binary and checksum all
// hold (anything else is a cache to drop, never an error).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/mapped_file.h"

namespace portal {

bool WriteCacheFile(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key,
                    std::string_view payload, std::string* error);

// WriteCacheFile without the rename: `file`.tmp, for CacheFileWriter::Commit
// to put in place later (a build writes its cache while it publishes the
// site, and commits it only when that succeeded).
bool PrepareCacheFile(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key,
                      std::string_view payload, std::string* error);

// The same for a payload written in pieces, so a big one is never held
// whole: Open, Append..., Finish; the file is then `file`.tmp until Commit
// renames it (a build writes its cache before it knows it succeeded).
class CacheFileWriter {
 public:
  CacheFileWriter();
  ~CacheFileWriter();
  CacheFileWriter(const CacheFileWriter&) = delete;
  CacheFileWriter& operator=(const CacheFileWriter&) = delete;

  bool Open(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key, std::string* error);
  void Append(std::string_view bytes);
  // Writes the checksum and closes; false (the temporary file removed) when
  // a write failed.
  bool Finish(std::string* error);
  // Renames the finished `file`.tmp into place.
  static bool Commit(const std::filesystem::path& file, std::string* error);
  // Removes `file`.tmp, if any.
  static void Discard(const std::filesystem::path& file);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A cache file read back: its payload, mapped rather than copied (a page
// cache of 32 MB was read, then moved down by its 30-byte head), valid
// while this object is.
class CachePayload {
 public:
  std::string_view bytes() const { return bytes_; }

 private:
  friend bool ReadCacheFile(const std::filesystem::path&, std::string_view, uint64_t, CachePayload*, std::string*);
  MappedFile file_;
  std::string_view bytes_;
};

// True with the payload in *payload; false with *why ("none yet",
// "made by another portal binary", "damaged", ...).
bool ReadCacheFile(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key,
                   CachePayload* payload, std::string* why);

}  // namespace portal
