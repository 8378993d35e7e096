// Reading whole files, with errors a user can act on.
#pragma once

#include <filesystem>
#include <string>

namespace portal {

// Reads `path` into *out. On failure returns false and sets *error to a
// sentence with the reason (strerror). Files over `max_bytes` are refused.
bool ReadFile(const std::filesystem::path& path, std::string* out, std::string* error,
              uint64_t max_bytes = 64ull << 20);

// `path` relative to `root` with '/' separators, for messages; falls back to
// the path as given when it is not under root.
std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace portal
