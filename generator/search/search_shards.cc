#include "search/search_shards.h"

#include <algorithm>

#include "search/search_postings.h"

namespace portal::search {

uint32_t Fnv1a32(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

std::string_view ShardRoot(std::string_view key) {
  // Three code points of UTF-8; only grams of ideographs are that long and
  // still share a root (words are their own root).
  size_t pos = 0;
  int points = 0;
  bool all_wide = true;
  while (pos < key.size() && points < 3) {
    uint8_t b = static_cast<uint8_t>(key[pos]);
    size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    all_wide &= len >= 3;
    pos += len;
    ++points;
  }
  if (points < 3 || !all_wide) return key;
  return key.substr(0, pos);
}

uint32_t ShardCount(const std::vector<TokenEntry>& tokens) {
  uint64_t shard_bytes = 0;
  for (const TokenEntry& t : tokens) {
    shard_bytes += t.key.size() + 8 + ((t.flags & kExternal) ? 0 : t.size) + t.first_page.size();
  }
  return static_cast<uint32_t>(std::max<uint64_t>(1, shard_bytes / kShardTargetBytes));
}

std::vector<std::string> WriteShards(const std::vector<TokenEntry>& tokens, uint32_t shard_count,
                                     const std::vector<char>* only) {
  std::vector<std::string> shards(shard_count);
  for (const TokenEntry& t : tokens) {  // sorted by key, so each shard is too
    uint32_t s = Fnv1a32(ShardRoot(t.key)) % shard_count;
    if (only && !(*only)[s]) continue;
    std::string& shard = shards[s];
    PutVarint(t.key.size(), &shard);
    shard.append(t.key);
    PutVarint(t.flags, &shard);
    PutVarint(t.df, &shard);
    PutVarint(t.size, &shard);
    if (t.flags & kExternal) {
      PutVarint(t.pack, &shard);
      PutVarint(t.offset, &shard);
    } else {
      shard.append(t.postings);
    }
    if (t.flags & kFirstPage) shard.append(t.first_page);
  }
  return shards;
}

bool ReadShard(std::string_view s, std::vector<ShardEntry>* out) {
  size_t pos = 0;
  while (pos < s.size()) {
    ShardEntry e;
    uint64_t len = 0, flags = 0, df = 0, size = 0, pack = 0, offset = 0;
    if (!GetVarint(s, &pos, &len) || pos + len > s.size()) return false;
    e.key.assign(s.substr(pos, len));
    pos += len;
    if (!GetVarint(s, &pos, &flags) || !GetVarint(s, &pos, &df) || !GetVarint(s, &pos, &size)) return false;
    e.flags = static_cast<uint32_t>(flags);
    e.df = static_cast<uint32_t>(df);
    e.size = static_cast<uint32_t>(size);
    if (flags & kExternal) {
      if (!GetVarint(s, &pos, &pack) || !GetVarint(s, &pos, &offset)) return false;
      e.pack = static_cast<uint32_t>(pack);
      e.offset = static_cast<uint32_t>(offset);
    } else {
      if (pos + size > s.size()) return false;
      e.inline_postings.assign(s.substr(pos, size));
      pos += size;
    }
    if (flags & kFirstPage) {
      size_t start = pos;
      uint64_t length = 0;
      if (!GetVarint(s, &pos, &length) || pos + length > s.size()) return false;
      pos += length;
      e.first_page.assign(s.substr(start, pos - start));
    }
    out->push_back(std::move(e));
  }
  return true;
}

}  // namespace portal::search
