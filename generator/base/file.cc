#include "base/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace portal {

bool ReadFile(const std::filesystem::path& path, std::string* out, std::string* error,
              uint64_t max_bytes) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = "cannot read file: " + ec.message();
    return false;
  }
  if (size > max_bytes) {
    *error = "file is " + std::to_string(size >> 20) + " MB, over the limit of " +
             std::to_string(max_bytes >> 20) + " MB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string("cannot open file: ") + std::strerror(errno);
    return false;
  }
  out->resize(size);
  in.read(out->data(), static_cast<std::streamsize>(size));
  out->resize(static_cast<size_t>(in.gcount()));
  return true;
}

std::string DisplayPath(const std::filesystem::path& path, const std::filesystem::path& root) {
  std::filesystem::path rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return path.generic_string();
  return rel.generic_string();
}

void RemoveFilesNamed(const std::filesystem::path& dir, std::string_view prefix, std::string_view suffix,
                      const std::filesystem::path& keep) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() >= prefix.size() + suffix.size() && name.starts_with(prefix) && name.ends_with(suffix) &&
        e.path() != keep) {
      std::filesystem::remove(e.path(), ec);
    }
  }
}

}  // namespace portal
