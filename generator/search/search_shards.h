// Dictionary shards: where the query module finds a token. A token lives in
// shard fnv1a32(root) % shard_count, where root is the token itself, or its
// first three ideographs for longer grams, so one shard holds a trigram and
// all its longer extensions (one fetch tells the query which exist and how
// big they are, before it picks the cheapest cover).
//
// Shard file s/<n>.bin: entries sorted by key, each
//   varint key length, key (UTF-8), varint flags, varint df, varint size,
//   then either `size` bytes of postings (inline) or, when flags has
//   kExternal, varint pack, varint offset: the postings are bytes
//   [offset, offset + size) of p/<pack>.bin; then, with kFirstPage (big
//   positional lists, search_first_page.h), the first page of a one-term
//   query.
// Small lists travel inside the shard; big ones lie in packs of about
// kPackBytes, in key order, which the query reads with HTTP range requests
// (or whole, from a server without them), so a query downloads only the
// lists it uses and the site has a few hundred files, not one per list.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace portal::search {

enum TokenFlags : uint32_t { kPositional = 1, kExtended = 2, kExternal = 4, kFirstPage = 8 };

inline constexpr size_t kInlineMaxBytes = 768;
inline constexpr size_t kShardTargetBytes = 2048;
inline constexpr size_t kPackBytes = 128 * 1024;

struct TokenEntry {
  std::string key;        // folded UTF-8
  uint32_t flags = 0;     // kPositional | kExtended | kExternal
  uint32_t df = 0;
  uint32_t size = 0;      // bytes of postings (search_postings.h format)
  std::string postings;   // inline ones
  uint32_t pack = 0, offset = 0;  // external ones
  std::string first_page;         // with kFirstPage: FirstPageBytes
};

// FNV-1a, 32 bits, over UTF-8 bytes (search.mjs has the same function).
uint32_t Fnv1a32(std::string_view s);

// The part of a token that picks its shard.
std::string_view ShardRoot(std::string_view key);

// The number of shards for ~kShardTargetBytes each.
uint32_t ShardCount(const std::vector<TokenEntry>& tokens);

// The shard files of `tokens` (sorted by key, unique; flags, sizes and
// places decided), by shard number; with `only`, just the shards s with
// (*only)[s] set (the others are left empty).
std::vector<std::string> WriteShards(const std::vector<TokenEntry>& tokens, uint32_t shard_count,
                                     const std::vector<char>* only = nullptr);

// One decoded shard entry, for tests.
struct ShardEntry {
  std::string key;
  uint32_t flags = 0, df = 0, size = 0, pack = 0, offset = 0;
  std::string inline_postings;
  std::string first_page;  // with kFirstPage, its length prefix included
};
bool ReadShard(std::string_view bytes, std::vector<ShardEntry>* out);

}  // namespace portal::search
