// Dictionary shards: where the query module finds a token. A token lives in
// shard fnv1a32(root) % shard_count, where root is the token itself, or its
// first three ideographs for longer grams, so one shard holds a trigram and
// all its longer extensions (one fetch tells the query which exist and how
// big they are, before it picks the cheapest cover).
//
// Shard file s/<n>.bin: entries sorted by key, each
//   varint key length, key (UTF-8), varint flags, varint df, varint size,
//   then either `size` bytes of postings (inline) or, when flags has
//   kExternal, varint file number: postings in p/<number>.bin.
// Small lists travel inside the shard; big ones get a file of their own so a
// query downloads only the tokens it uses.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace portal::search {

enum TokenFlags : uint32_t { kPositional = 1, kExtended = 2, kExternal = 4 };

inline constexpr size_t kInlineMaxBytes = 768;
inline constexpr size_t kShardTargetBytes = 2048;

struct TokenEntry {
  std::string key;        // folded UTF-8
  uint32_t flags = 0;     // kPositional | kExtended
  uint32_t df = 0;
  std::string postings;   // search_postings.h format
};

// FNV-1a, 32 bits, over UTF-8 bytes (search.mjs has the same function).
uint32_t Fnv1a32(std::string_view s);

// The part of a token that picks its shard.
std::string_view ShardRoot(std::string_view key);

// Lays out `tokens` (sorted by key, unique) as files: "s/<n>.bin" and
// "p/<n>.bin" paths relative to the search folder, with their bytes.
// *shard_count receives the number of shards chosen for ~kShardTargetBytes
// each.
std::map<std::string, std::string> WriteShards(std::vector<TokenEntry>&& tokens,
                                               uint32_t* shard_count);

// One decoded shard entry, for tests.
struct ShardEntry {
  std::string key;
  uint32_t flags = 0, df = 0, size = 0, file = 0;
  std::string inline_postings;
};
bool ReadShard(std::string_view bytes, std::vector<ShardEntry>* out);

}  // namespace portal::search
