// The search index's memo (IndexMemo) on disk, so portal build can keep it
// between runs as portal serve keeps it in memory: the gram plan, each
// block of documents' posting parts, passages and keys, every posting
// list's dictionary entry (inline lists with their bytes), and the keys and
// digests of the packs, shards, passage packs and record blocks. Files'
// bytes are not kept: they are in the output trees (IndexMemo::keep_bytes).
// The plan's sample counts are not kept either: an edit of a sampled page
// counts the sample again.
//
// Blocks are the bulk (the index's posting bits again, 110 MB at 10,000
// documents) and most stay as they are after an edit, so they are kept
// apart (BlockStore): a block is written once, when it is new, and read
// back by its place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/binary_io.h"
#include "base/text_store.h"
#include "search/search_index.h"

namespace portal::search {

// Where a memo's blocks are kept.
class BlockStore {
 public:
  virtual ~BlockStore() = default;
  // Keeps `bytes`; *at gets their place (offset, length; hash is set by the
  // caller). False with *error when it cannot.
  virtual bool Append(std::string_view bytes, IndexMemo::Block::Stored* at, std::string* error) = 0;
  // The bytes at `at`, or false when they cannot be read. They stay valid
  // while *owner is held (blocks read their bits later from them).
  virtual bool Read(const IndexMemo::Block::Stored& at, std::string_view* bytes,
                    std::shared_ptr<const void>* owner) = 0;
  // Those bytes are read and will not be asked for again.
  virtual void Done(const IndexMemo::Block::Stored& at) { (void)at; }
};

// Hands `memo` as bytes to `write`, piece by piece: blocks not held by
// `blocks` yet (Stored::length 0) are appended to it first, a few at a time
// on `jobs` threads (the bytes do not depend on them), then the rest and
// where each block is. Frees the memo as it goes: *memo is left empty.
// False with *error when `blocks` could not take a block.
bool WriteIndexMemo(IndexMemo* memo, int jobs, BlockStore* blocks,
                    const std::function<void(std::string_view)>& write, std::string* error);
// False when the bytes, or a block's, are damaged or cannot be read; *memo
// is then empty. A memo read back keeps no bytes (keep_bytes is false).
bool ReadIndexMemo(ByteReader* in, int jobs, BlockStore* blocks, IndexMemo* memo);

// The memo in a cache folder: search.cache (base/cache_file.h) holds all
// but the blocks, which are appended to search.<n>.blocks when new. Once
// dead blocks are most of that file, the next write starts generation n + 1.
class IndexMemoCache {
 public:
  IndexMemoCache(std::filesystem::path dir, uint64_t binary_key, int jobs);
  ~IndexMemoCache();

  // Reads the memo into *memo (left empty when it cannot: *why says why).
  bool Load(IndexMemo* memo, std::string* why);
  // Writes *memo (freeing it) to search.cache.tmp and its new blocks;
  // *written: bytes written. Commit makes it the cache.
  bool Write(IndexMemo* memo, uint64_t* written, std::string* error);
  // After a successful build: the written memo into place, other
  // generations' blocks removed.
  bool Commit(std::string* error);
  // No memo to keep (the site has no search index): every file removed.
  void Remove();

 private:
  class Blocks;
  std::filesystem::path BlocksPath(uint64_t generation) const;

  std::filesystem::path dir_;
  uint64_t binary_key_ = 0;
  int jobs_ = 0;
  uint64_t generation_ = 0;  // of the blocks file in use
  uint64_t end_ = 0;         // its bytes the last good memo vouches for
  bool written_ = false;
  uint64_t written_end_ = 0;  // the blocks file's size after Write
};

}  // namespace portal::search
