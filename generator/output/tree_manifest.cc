#include "output/tree_manifest.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

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
