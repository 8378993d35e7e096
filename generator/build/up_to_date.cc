#include "build/up_to_date.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/file.h"
#include "base/hash.h"
#include "output/destination.h"
#include "output/tree_manifest.h"

#ifndef PORTAL_THEMES_DIR
#define PORTAL_THEMES_DIR ""
#endif

namespace portal {
namespace fs = std::filesystem;
namespace {

// A file's identity and version. ctime as well as mtime: tools that copy
// files with their old mtime (cp -p, rsync -a, an archive) still change it.
uint64_t StatKey(const struct stat& st) {
  uint64_t h = HashCombine(static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_ino));
  h = HashCombine(h, static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_mtim.tv_nsec));
  h = HashCombine(h, static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_ctim.tv_nsec));
  return HashCombine(h, static_cast<uint64_t>(st.st_mode));
}

// Mixes every entry under `dir` into *h, in sorted order. Folders are
// entered but symlinked folders are not (the build does not follow them);
// files are stat'ed through symlinks (the build reads the target).
void HashTree(const fs::path& dir, const std::string& prefix, int depth, uint64_t* h) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    *h = HashCombine(*h, Hash64("missing:" + prefix));
    return;
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    fs::path full = dir / name;
    std::string rel = prefix + name;
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0) continue;
    *h = HashCombine(*h, Hash64(rel));
    if (S_ISDIR(st.st_mode)) {  // its entries are hashed; its own mtime says nothing more
      if (depth < 64) HashTree(full, rel + "/", depth + 1, h);
      continue;
    }
    if (S_ISLNK(st.st_mode)) {
      struct stat target {};
      if (::stat(full.c_str(), &target) == 0 && !S_ISDIR(target.st_mode)) st = target;
    }
    *h = HashCombine(*h, StatKey(st));
  }
}

}  // namespace

uint64_t BinaryKey() {
  struct stat self {};
  return ::stat("/proc/self/exe", &self) == 0 ? StatKey(self) : 0;
}

uint64_t InputFingerprint(const BuildOptions& o) {
  uint64_t h = Hash64("portal-inputs-1");
  // The binary itself: a new portal may render differently.
  h = HashCombine(h, BinaryKey());
  std::error_code ec;
  fs::path root = fs::absolute(o.site_root, ec);
  h = HashCombine(h, Hash64(root.lexically_normal().string()));
  h = HashCombine(h, Hash64(o.base_url + "|" + std::to_string(o.build_drafts) + std::to_string(o.build_future)));
  for (const char* folder : {"content", "site-config", "layouts", "static", "themes", "archetypes"}) {
    h = HashCombine(h, Hash64(folder));
    HashTree(root / folder, "", 0, &h);
  }
  const char* env = std::getenv("PORTAL_THEMES");
  h = HashCombine(h, Hash64(env ? env : ""));
  if (env) HashTree(env, "", 0, &h);
  if (*PORTAL_THEMES_DIR) HashTree(PORTAL_THEMES_DIR, "", 0, &h);
  return h;
}

fs::path BuildStatePath(const fs::path& destination) {
  Destination d;
  std::string error;
  if (!ResolveDestination(destination, &d, &error)) return {};
  return d.TreesPath() / "build.state";
}

bool ReadBuildState(const fs::path& file, BuildState* out) {
  std::string text, error;
  if (file.empty() || !ReadFile(file, &text, &error)) return false;
  std::istringstream in(text);
  std::string magic;
  BuildState s;
  size_t diag_bytes = 0;
  if (!(in >> magic >> s.inputs >> s.tree_inode >> s.valid_until >> s.pages >> s.files >> s.bytes >> diag_bytes) ||
      magic != "portal-build-state-1") {
    return false;
  }
  in.get();  // the newline before the diagnostics
  s.diagnostics.resize(diag_bytes);
  if (diag_bytes && !in.read(s.diagnostics.data(), static_cast<std::streamsize>(diag_bytes))) return false;
  *out = std::move(s);
  return true;
}

bool WriteBuildState(const fs::path& file, const BuildState& s) {
  if (file.empty()) return false;
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << "portal-build-state-1 " << s.inputs << ' ' << s.tree_inode << ' ' << s.valid_until << ' ' << s.pages
        << ' ' << s.files << ' ' << s.bytes << ' ' << s.diagnostics.size() << '\n'
        << s.diagnostics;
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  return !ec;
}

bool DestinationIsIntact(const fs::path& dest, size_t* checked) {
  Destination d;
  std::string error;
  if (!ResolveDestination(dest, &d, &error)) return false;
  struct stat st {};
  if (::lstat(d.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  TreeManifest manifest;
  if (!ReadManifest(d.TreesPath() / (std::to_string(st.st_ino) + ".manifest"), &manifest)) return false;
  return TreeMatchesManifest(d.dir, manifest, checked);
}

}  // namespace portal
