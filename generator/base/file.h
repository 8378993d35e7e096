// Reading whole files, with errors a user can act on.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace portal {

// Reads `path` into *out. On failure returns false and sets *error to a
// sentence with the reason (strerror). Files over `max_bytes` are refused.
bool ReadFile(const std::filesystem::path& path, std::string* out, std::string* error,
              uint64_t max_bytes = 64ull << 20);

// Removes the files in `dir` named `prefix`...`suffix` but `keep` (the
// generations of a cache file); errors are ignored, as caches may fail.
void RemoveFilesNamed(const std::filesystem::path& dir, std::string_view prefix, std::string_view suffix,
                      const std::filesystem::path& keep = {});

// `path` relative to `root` with '/' separators, for messages; falls back to
// the path as given when it is not under root.
std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace portal
