#include "output/tree_manifest.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>

#include "base/file.h"

namespace portal {
namespace {

constexpr char kHeader[] = "portal-tree-manifest 1\n";

bool ParseLine(std::string_view line, std::string* path, FileRecord* r) {
  // <hash hex> <size> <mtime_ns> <inode> <path>
  unsigned long long hash = 0, size = 0, inode = 0;
  long long mtime = 0;
  int consumed = 0;
  std::string copy(line);
  if (std::sscanf(copy.c_str(), "%llx %llu %lld %llu %n", &hash, &size, &mtime, &inode, &consumed) != 4) return false;
  if (consumed <= 0 || static_cast<size_t>(consumed) >= copy.size()) return false;
  *path = copy.substr(static_cast<size_t>(consumed));
  r->hash = hash;
  r->size = size;
  r->mtime_ns = mtime;
  r->inode = inode;
  return true;
}

}  // namespace

bool ReadManifest(const std::filesystem::path& file, TreeManifest* out) {
  std::string text, error;
  if (!ReadFile(file, &text, &error, uint64_t{4} << 30)) return false;
  std::string_view rest(text);
  if (rest.substr(0, sizeof kHeader - 1) != kHeader) return false;
  rest.remove_prefix(sizeof kHeader - 1);
  TreeManifest m;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return false;  // a cut-off file is no manifest
    std::string path;
    FileRecord r;
    if (!ParseLine(rest.substr(0, nl), &path, &r)) return false;
    m.emplace(std::move(path), r);
    rest.remove_prefix(nl + 1);
  }
  *out = std::move(m);
  return true;
}

namespace {

// Walks `dir` (site-relative `prefix`): every file must be in the manifest
// with its stat unchanged; counts them in *seen.
bool Matches(const std::filesystem::path& dir, const std::string& prefix, const TreeManifest& manifest, size_t* seen) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return false;
  bool ok = true;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string rel = prefix + name;
    std::filesystem::path full = dir / name;
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0) {
      ok = false;
      break;
    }
    if (S_ISDIR(st.st_mode)) {
      size_t before = *seen;
      if (!Matches(full, rel + "/", manifest, seen) || *seen == before) {  // an empty folder is not ours either
        ok = false;
        break;
      }
      continue;
    }
    auto it = manifest.find(rel);
    if (it == manifest.end() || !StatMatches(it->second, st)) {
      ok = false;
      break;
    }
    ++*seen;
  }
  ::closedir(d);
  return ok;
}

}  // namespace

bool StatMatches(const FileRecord& record, const struct stat& st) {
  int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return S_ISREG(st.st_mode) && record.size == static_cast<uint64_t>(st.st_size) && record.mtime_ns == mtime &&
         record.inode == static_cast<uint64_t>(st.st_ino);
}

bool TreeMatchesManifest(const std::filesystem::path& tree, const TreeManifest& manifest, size_t* checked) {
  size_t seen = 0;
  bool ok = Matches(tree, "", manifest, &seen) && seen == manifest.size();
  if (checked) *checked = seen;
  return ok;
}

bool WriteManifest(const std::filesystem::path& file, const TreeManifest& manifest, std::string* error) {
  std::vector<const std::pair<const std::string, FileRecord>*> sorted;
  sorted.reserve(manifest.size());
  for (const auto& e : manifest) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string text = kHeader;
  text.reserve(manifest.size() * 96);
  char line[128];
  for (const auto* e : sorted) {
    const FileRecord& r = e->second;
    std::snprintf(line, sizeof line, "%016" PRIx64 " %" PRIu64 " %" PRId64 " %" PRIu64 " ", r.hash, r.size,
                  r.mtime_ns, r.inode);
    text += line;
    text += e->first;
    text += '\n';
  }
  std::filesystem::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      *error = "cannot write " + tmp.string();
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    *error = "cannot rename " + tmp.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace portal
