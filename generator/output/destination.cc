#include "output/destination.h"

#include <system_error>

namespace portal {

std::filesystem::path Destination::StagingPath(long pid) const {
  return parent / (StagingPrefix() + std::to_string(pid));
}

std::filesystem::path Destination::StagingTreePath() const { return parent / ("." + name + ".staging"); }

std::filesystem::path Destination::TreesPath() const { return parent / ("." + name + ".trees"); }

std::filesystem::path Destination::LockPath() const { return parent / ("." + name + ".lock"); }

std::string Destination::DisplayPath(const std::string& relative) const {
  if (display.empty() || display.back() == '/') return display + relative;
  return display + "/" + relative;
}

bool ResolveDestination(const std::filesystem::path& dest, Destination* out, std::string* error) {
  namespace fs = std::filesystem;
  out->display = dest.string();
  std::error_code ec;
  fs::path dir = fs::absolute(dest, ec);
  if (ec || dest.empty()) {
    *error = "cannot use \"" + dest.string() + "\" as the destination folder";
    return false;
  }
  dir = dir.lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "public/" -> "public"
  if (fs::is_symlink(fs::symlink_status(dir, ec))) {
    dir = fs::canonical(dir, ec);
    if (ec) {
      *error = "the destination " + dest.string() + " is a symlink that cannot be followed: " + ec.message();
      return false;
    }
  }
  std::string name = dir.filename().string();
  if (name.empty() || name == "." || name == ".." || dir == dir.root_path()) {
    *error = "cannot use \"" + dest.string() + "\" as the destination folder: it has no folder name";
    return false;
  }
  out->dir = dir;
  out->parent = dir.parent_path();
  out->name = name;
  return true;
}

}  // namespace portal
