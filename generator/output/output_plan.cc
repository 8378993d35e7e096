#include "output/output_plan.h"

#include <string_view>

#include <xxhash.h>

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
    auto it = entries_.find(path.substr(0, slash));
    if (it != entries_.end()) return &it->first;
  }
  // A claimed path below `path`: it sorts right after "path/".
  auto it = entries_.lower_bound(path + "/");
  if (it != entries_.end() && it->first.compare(0, path.size() + 1, path + "/") == 0) return &it->first;
  return nullptr;
}

uint64_t ContentHash(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

MemoFile MakeMemoFile(uint64_t key, std::string bytes) {
  MemoFile file;
  file.key = key;
  file.hash = ContentHash(bytes);
  file.bytes = std::make_shared<const std::string>(std::move(bytes));
  return file;
}

const MemoFile* FindMemoFile(const FileMemo* memo, const std::string& path, uint64_t key) {
  if (!memo) return nullptr;
  auto it = memo->find(path);
  return it != memo->end() && it->second.key == key ? &it->second : nullptr;
}

OutputPlan::OutputPlan(OutputPlan&& other) noexcept
    : sink_(other.sink_),
      display_root_(std::move(other.display_root_)),
      entries_(std::move(other.entries_)),
      files_(std::move(other.files_)),
      copies_(std::move(other.copies_)) {}

OutputPlan& OutputPlan::operator=(OutputPlan&& other) noexcept {
  sink_ = other.sink_;
  display_root_ = std::move(other.display_root_);
  entries_ = std::move(other.entries_);
  files_ = std::move(other.files_);
  copies_ = std::move(other.copies_);
  return *this;
}

bool OutputPlan::Claim(const std::string& path, const std::string& owner, Diagnostics* diags) {
  if (!IsSafePath(path)) {
    diags->Error(owner, 0, 0, "output path \"" + path + "\" is not a safe path inside " + DisplayPath(""),
                 "use a relative path without \"..\", \".\", empty or over-long parts, backslashes "
                 "or control characters (check the slug and file names)");
    return false;
  }
  auto taken = entries_.find(path);
  if (taken != entries_.end()) {
    const std::string& first = taken->second.owner;
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
    const std::string& other_owner = entries_.at(*other).owner;
    diags->Error(owner, 0, 0,
                 DisplayPath(path) + " cannot be written: " + DisplayPath(*other) + " (from " + other_owner +
                     ") needs one of them to be a folder and the other a file",
                 "rename or move one of them: " + other_owner + " or " + owner);
    return false;
  }
  Entry e;
  e.owner = owner;
  entries_.emplace(path, std::move(e));
  return true;
}

bool OutputPlan::Put(const std::string& path, std::string bytes, Diagnostics* diags) {
  uint64_t hash = ContentHash(bytes);
  return Put(path, std::make_shared<const std::string>(std::move(bytes)), hash, diags);
}

bool OutputPlan::Put(const std::string& path, Bytes bytes, uint64_t hash, Diagnostics* diags) {
  Entry* e = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(path);
    if (it == entries_.end() || it->second.filled || it->second.is_copy) {
      diags->Error(DisplayPath(path), 0, 0, "internal error: bytes for a path that was not claimed once");
      return false;
    }
    e = &it->second;
  }
  if (sink_) {
    std::string error;
    if (!sink_->Write(path, *bytes, hash, &error)) {
      diags->Error(DisplayPath(path), 0, 0, error + " (for " + e->owner + ")", DisplayPath("") + " was left as it was");
      return false;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  e->filled = true;
  e->hash = hash;
  e->size = bytes->size();
  if (!sink_) files_.emplace(path, std::move(bytes));
  return true;
}

bool OutputPlan::Keep(const std::string& path, uint64_t hash) {
  if (!sink_) return false;
  Entry* e = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(path);
    if (it == entries_.end() || it->second.filled || it->second.is_copy) return false;
    e = &it->second;
  }
  uint64_t size = 0;
  if (!sink_->Keep(path, hash, &size)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  e->filled = true;
  e->hash = hash;
  e->size = size;
  return true;
}

bool OutputPlan::AddFile(const std::string& path, std::string bytes, const std::string& owner,
                         Diagnostics* diags) {
  return Claim(path, owner, diags) && Put(path, std::move(bytes), diags);
}

bool OutputPlan::AddCopy(const std::string& path, const std::filesystem::path& source,
                         const std::string& owner, Diagnostics* diags) {
  if (!Claim(path, owner, diags)) return false;
  Entry& e = entries_.at(path);
  e.is_copy = true;
  e.source = source;
  if (sink_) {
    std::string error;
    if (!sink_->Copy(path, source, &e.size, &error)) {
      diags->Error(DisplayPath(path), 0, 0, error + " (for " + owner + ")", DisplayPath("") + " was left as it was");
      return false;
    }
  } else {
    std::error_code ec;
    e.size = std::filesystem::file_size(source, ec);
    if (ec) e.size = 0;
  }
  e.filled = true;
  copies_.emplace(path, source);
  return true;
}

const std::string* OutputPlan::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second.get();
}

std::map<std::string, std::string> OutputPlan::FileBytes() const {
  std::map<std::string, std::string> out;
  for (const auto& [path, bytes] : files_) out.emplace_hint(out.end(), path, *bytes);
  return out;
}

std::string OutputPlan::OwnerOf(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? std::string() : it->second.owner;
}

}  // namespace portal
