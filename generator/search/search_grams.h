// Tokens of a document for the index: which n-grams and words each field
// yields, gathered into per-block posting lists.
//
// A CJK run yields at each position its unigram and bigram (document-level:
// counts only, enough to answer one- and two-character queries exactly) and
// its trigram with positions. A frequent n-gram (its list passed
// IndexOptions::extend_bytes) is also indexed one character longer, up to kMaxGram, in a
// later pass, so a long query can be checked with a few rare long grams
// instead of the huge position lists of common ones (党组织, 建设).
// Words carry positions, for quoted phrases.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/search_postings.h"
#include "search/search_tokenizer.h"

namespace portal::search {

inline constexpr int kMaxGram = 6;

// Up to kMaxGram ideographs, 18 bits each (code point + 1), first in the low
// bits; 0 ends the gram.
using GramKey = unsigned __int128;

struct GramKeyHash {
  static uint64_t Mix(uint64_t x) {  // splitmix64 finalizer
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }
  size_t operator()(GramKey k) const {  // one multiply per half: the hot loop's hash
    uint64_t h = (static_cast<uint64_t>(k) ^ (static_cast<uint64_t>(k >> 64) * 0x9E3779B97F4A7C15ull)) *
                 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

GramKey MakeGram(const char32_t* cps, int n);
int GramLength(GramKey k);
// The first `n` ideographs of `k`.
GramKey GramPrefix(GramKey k, int n);
std::string GramUtf8(GramKey k);

// Gram -> dense number, open addressing: the index's hottest loop.
class GramTable {
 public:
  // The number of `key` (non-zero), adding it when new.
  uint32_t Intern(GramKey key);
  // The number of `key`, or -1.
  int64_t Find(GramKey key) const;
  const std::vector<GramKey>& keys() const { return keys_; }

 private:
  void Grow();
  std::vector<GramKey> slots_;   // 0 = empty
  std::vector<uint32_t> ids_;
  std::vector<GramKey> keys_;
};

// The units of each field of one document.
using DocumentUnits = std::array<std::vector<Unit>, kFieldCount>;

// The grams whose one-longer extensions are indexed: extended[n - 3] holds
// the extended n-grams, n = 3 .. kMaxGram - 1. Only an extended gram's
// extensions are candidates, so the plan is a chain of prefixes.
struct ExtensionPlan {
  std::array<GramTable, kMaxGram - 3> extended;
};

// The runs of joined ideographs of every field of a document, for planning.
std::vector<std::u32string> RunsOf(const DocumentUnits& units);

// Plans extensions from a sample of documents' runs: an n-gram is extended
// when its occurrences in the sample times `scale` reach `min_occurrences`
// (and its prefix is extended, for n > 3). Any plan is correct, since the
// query reads which grams are extended from the index; the plan only decides
// how cheaply long queries can be answered.
ExtensionPlan PlanExtensions(const std::vector<std::vector<std::u32string>>& sample, double scale,
                             uint64_t min_occurrences);

// Posting lists of a block of consecutive documents.
struct BlockPostings {
  GramTable grams;
  std::vector<Posting> gram_postings;  // by gram number
  std::unordered_map<std::string, Posting> words;
  // Per-document scratch, by gram number.
  std::vector<int64_t> seen_doc;
  std::vector<uint32_t> slot;
  std::vector<int32_t> unigram_ids;  // code point -> gram number, -1: none yet
};

// Adds document `doc` (greater than any already added) to *out: unigrams,
// bigrams, trigrams, words, and the extensions `plan` asks for.
void AddDocumentTokens(int64_t doc, const DocumentUnits& units, const ExtensionPlan& plan,
                       BlockPostings* out);

// Appends `next` (a later block) to *into, list by list.
void MergeBlock(BlockPostings* into, BlockPostings&& next);

}  // namespace portal::search
