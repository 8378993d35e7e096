#include "output/output_plan.h"

#include <string_view>

namespace portal {
namespace {

// Linux NAME_MAX and a margin under PATH_MAX once the destination is prefixed.
constexpr size_t kMaxSegmentBytes = 255;
constexpr size_t kMaxPathBytes = 4000;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool OutputPlan::IsSafePath(const std::string& path) {
  if (path.empty() || path.size() > kMaxPathBytes || path.front() == '/') return false;
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7F || c == '\\') return false;
  }
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view segment =
        std::string_view(path).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty() || segment == "." || segment == ".." || segment.size() > kMaxSegmentBytes) {
      return false;
    }
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

std::string OutputPlan::DisplayPath(const std::string& path) const {
  if (display_root_.empty()) return path;
  if (display_root_.back() == '/') return display_root_ + path;
  return display_root_ + "/" + path;
}

const std::string* OutputPlan::FileFolderClash(const std::string& path) const {
  // An ancestor of `path` already claimed as a file.
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    auto it = owners_.find(path.substr(0, slash));
    if (it != owners_.end()) return &it->first;
  }
  // A claimed path below `path`: it sorts right after "path/".
  auto it = owners_.lower_bound(path + "/");
  if (it != owners_.end() && it->first.compare(0, path.size() + 1, path + "/") == 0) return &it->first;
  return nullptr;
}

bool OutputPlan::Claim(const std::string& path, const std::string& owner, Diagnostics* diags) {
  if (!IsSafePath(path)) {
    diags->Error(owner, 0, 0, "output path \"" + path + "\" is not a safe path inside " + DisplayPath(""),
                 "use a relative path without \"..\", \".\", empty or over-long parts, backslashes "
                 "or control characters (check the slug and file names)");
    return false;
  }
  auto taken = owners_.find(path);
  if (taken != owners_.end()) {
    const std::string& first = taken->second;
    bool both_pages = EndsWith(first, ".md") && EndsWith(owner, ".md");
    std::string hint = both_pages
        ? "give one of them a different slug: add `slug: another-name` to the front matter of " + owner
        : "rename or move one of them so they write different files";
    diags->Error(owner, 0, 0,
                 std::string(both_pages ? "two pages write " : "two sources write ") + DisplayPath(path) +
                     ": " + first + " and " + owner,
                 hint);
    return false;
  }
  if (const std::string* other = FileFolderClash(path)) {
    const std::string& other_owner = owners_.at(*other);
    diags->Error(owner, 0, 0,
                 DisplayPath(path) + " cannot be written: " + DisplayPath(*other) + " (from " + other_owner +
                     ") needs one of them to be a folder and the other a file",
                 "rename or move one of them: " + other_owner + " or " + owner);
    return false;
  }
  owners_.emplace(path, owner);
  return true;
}

bool OutputPlan::AddFile(const std::string& path, std::string bytes, const std::string& owner,
                         Diagnostics* diags) {
  if (!Claim(path, owner, diags)) return false;
  files_.emplace(path, std::move(bytes));
  return true;
}

bool OutputPlan::AddCopy(const std::string& path, const std::filesystem::path& source,
                         const std::string& owner, Diagnostics* diags) {
  if (!Claim(path, owner, diags)) return false;
  copies_.emplace(path, source);
  return true;
}

const std::string* OutputPlan::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

std::string OutputPlan::OwnerOf(const std::string& path) const {
  auto it = owners_.find(path);
  return it == owners_.end() ? std::string() : it->second;
}

}  // namespace portal
