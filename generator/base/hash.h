// A stable 64-bit hash for cache keys: the same bytes give the same value
// on every run and machine (unlike std::hash), so keys can live on disk.
#pragma once

#include <cstdint>
#include <string_view>

#include <xxhash.h>

namespace portal {

// XXH3 over `data`, seeded with `seed` (chain calls to hash several pieces;
// separate pieces with HashCombine so "ab"+"c" != "a"+"bc"). XXH3 rather
// than a byte loop: the build hashes every source and output byte.
inline uint64_t Hash64(std::string_view data, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

// Mixes `value` into `seed` (boost-style combine with a 64-bit constant).
inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ull + (seed << 12) + (seed >> 4));
}

}  // namespace portal
