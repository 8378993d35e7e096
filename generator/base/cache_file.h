// A cache file kept between builds: a magic line naming its format, the key
// of the portal binary that wrote it, the payload, and a checksum of all of
// it. Written through a temporary file and a rename, so a reader sees a
// whole file or none; read back only when magic, binary and checksum all
// hold (anything else is a cache to drop, never an error).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace portal {

bool WriteCacheFile(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key,
                    std::string_view payload, std::string* error);

// True with the payload in *payload; false with *why ("no ... yet",
// "made by another portal binary", "damaged", ...).
bool ReadCacheFile(const std::filesystem::path& file, std::string_view magic, uint64_t binary_key,
                   std::string* payload, std::string* why);

}  // namespace portal
