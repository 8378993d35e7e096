// A stable 64-bit hash for cache keys: the same bytes give the same value
// on every run and machine (unlike std::hash), so keys can live on disk.
#pragma once

#include <cstdint>
#include <string_view>

namespace portal {

// FNV-1a over `data`, continuing from `seed` (chain calls to hash several
// pieces; separate pieces with HashCombine so "ab"+"c" != "a"+"bc").
inline uint64_t Hash64(std::string_view data, uint64_t seed = 0xcbf29ce484222325ull) {
  uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Mixes `value` into `seed` (boost-style combine with a 64-bit constant).
inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ull + (seed << 12) + (seed >> 4));
}

}  // namespace portal
