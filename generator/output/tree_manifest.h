// TreeManifest: what a published tree held when portal last wrote it, so the
// next build can tell an unchanged file from one it must write again.
//
// Kept beside the destination in .<name>.trees/<inode of the tree>.manifest,
// so a manifest follows its tree when the destination and the staging tree
// swap names. Entries are hints: each is trusted only while the file's size,
// mtime and inode are still the recorded ones.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>

namespace portal {

struct FileRecord {
  uint64_t hash = 0;      // ContentHash of the bytes
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
};

using TreeManifest = std::unordered_map<std::string, FileRecord>;  // by site-relative path

// True when `st` (an lstat) is still the file `record` was made from: a
// regular file of the recorded size, mtime and inode.
bool StatMatches(const FileRecord& record, const struct stat& st);

// Reads the manifest at `file`; false when it is missing or not one.
bool ReadManifest(const std::filesystem::path& file, TreeManifest* out);

// True when the folder `tree` holds exactly the files of `manifest`, each
// with its recorded size, mtime and inode, no other file or folder with
// nothing in it. *checked gets the number of files compared.
bool TreeMatchesManifest(const std::filesystem::path& tree, const TreeManifest& manifest, size_t* checked);

// Writes `manifest` to `file` (through a temporary file and a rename, so a
// reader never sees half of one). False with *error on failure.
bool WriteManifest(const std::filesystem::path& file, const TreeManifest& manifest, std::string* error);

}  // namespace portal
