// Tokens of documents for the index: which n-grams and words each field
// yields, gathered into posting lists one block of documents at a time.
//
// A CJK run yields at each position its unigram and bigram (document-level:
// counts only, enough to answer one- and two-character queries exactly) and
// its trigram with positions. A frequent n-gram (GramPlan) is also indexed
// one character longer, up to kMaxGram, so a long query can be checked with
// a few rare long grams instead of the huge position lists of common ones
// (党组织, 建设). Words carry positions, for quoted phrases.
//
// Speed. The work is a few hundred million table lookups and tens of
// millions of list appends, so it is bound by memory latency, not by
// arithmetic:
// - only trigrams are looked up at every position, by their packed code
//   points, a window of positions at a time with the table slots
//   prefetched; a document's bigram counts are the sums of its trigrams'
//   counts (each bigram either starts a trigram or ends its run), and its
//   unigram counts those of its bigrams, so those are derived per distinct
//   gram, not looked up per position;
// - a document's entries are not appended to their lists directly (one
//   cache miss per entry, on the list's tail): they go to a small buffer
//   per group of 64 tokens, and a full buffer is drained into its tokens'
//   lists, whose tails then stay in cache;
// - entries are written in the packed form (search_postings.h) with Rice
//   parameters the plan estimated from a sample, so nothing is re-encoded.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/search_postings.h"

namespace portal::search {

inline constexpr int kMaxGram = 6;

// Up to kMaxGram ideographs, 18 bits each (code point + 1), first in the low
// bits; 0 ends the gram.
using GramKey = unsigned __int128;

GramKey MakeGram(const char32_t* cps, int n);
int GramLength(GramKey k);
// The first `n` ideographs of `k`.
GramKey GramPrefix(GramKey k, int n);
std::string GramUtf8(GramKey k);

// Open addressing map from a non-zero integer key to a value: the index's
// hottest lookups. Keys and values are apart, so a probe reads only keys
// (eight to a cache line); Hash() and Prefetch() let a caller hash ahead.
template <typename Key, typename Value>
class FlatMap {
 public:
  static size_t Hash(Key k) {
    uint64_t lo = static_cast<uint64_t>(k);
    uint64_t hi = static_cast<uint64_t>(static_cast<unsigned __int128>(k) >> 64);
    uint64_t h = (lo ^ (hi * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void Prefetch(size_t hash) const {
    if (!keys_.empty()) {
      __builtin_prefetch(&keys_[hash & mask_]);
      __builtin_prefetch(&values_[hash & mask_]);
    }
  }
  // The value of `key` (whose Hash is `hash`), or nullptr.
  [[gnu::always_inline]] const Value* Find(Key key, size_t hash) const {
    if (keys_.empty()) return nullptr;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Key k = keys_[i];
      if (k == key) return &values_[i];
      if (k == 0) return nullptr;
    }
  }
  const Value* Find(Key key) const { return Find(key, Hash(key)); }
  // The value of `key` (whose Hash is `hash`), inserted as `fresh` when
  // absent; *added tells which. The reference is valid until the next
  // Insert. The table stays at most half full, so probes are short.
  Value& Insert(Key key, size_t hash, Value fresh, bool* added) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == key) {
        *added = false;
        return values_[i];
      }
      if (keys_[i] == 0) {
        keys_[i] = key;
        values_[i] = fresh;
        ++size_;
        *added = true;
        return values_[i];
      }
    }
  }
  Value& Insert(Key key, Value fresh, bool* added) { return Insert(key, Hash(key), fresh, added); }
  size_t size() const { return size_; }
  template <typename Fn>
  void ForEach(Fn fn) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) fn(keys_[i], values_[i]);
    }
  }

 private:
  void Grow() {
    std::vector<Key> old_keys = std::move(keys_);
    std::vector<Value> old_values = std::move(values_);
    size_t size = old_keys.empty() ? 1024 : old_keys.size() * 2;
    keys_.assign(size, 0);
    values_.assign(size, Value());
    mask_ = size - 1;
    for (size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == 0) continue;
      size_t i = Hash(old_keys[j]) & mask_;
      while (keys_[i] != 0) i = (i + 1) & mask_;
      keys_[i] = old_keys[j];
      values_[i] = std::move(old_values[j]);
    }
  }
  std::vector<Key> keys_;
  std::vector<Value> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Hash and equality for maps keyed by std::string that are searched with
// std::string_view (no string built per lookup).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
struct StringEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, StringEqual>;

// The trigrams of a block, each slot holding the key, the token and the
// token's slot in the current document (BlockIndex::SlotOf), so one cache
// line answers both "which token" and "counted yet in this document".
class TrigramTable {
 public:
  static constexpr uint32_t kExtended = 1u << 31;  // in `token`: its extensions are indexed
  struct Slot {
    uint64_t key = 0;  // 0: empty
    uint32_t token = 0;
    uint32_t mark = 0;
  };
  static size_t Hash(uint64_t key) { return FlatMap<uint64_t, uint32_t>::Hash(key); }
  void Prefetch(size_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  // The slot of `key`, or nullptr. Valid until the next Insert.
  [[gnu::always_inline]] Slot* Find(uint64_t key, size_t hash) {
    if (slots_.empty()) return nullptr;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return &slots_[i];
      if (slots_[i].key == 0) return nullptr;
    }
  }
  // Adds `key` (absent) for `token`; the table stays at most half full.
  Slot* Insert(uint64_t key, size_t hash, uint32_t token) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t i = hash & mask_;
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    slots_[i] = {key, token, 0};
    ++size_;
    return &slots_[i];
  }

 private:
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot());
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      size_t i = Hash(s.key) & mask_;
      while (slots_[i].key != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// The units of one field of a document: per unit a code point (an
// ideograph; kJoins when it follows another ideograph directly) or kWord |
// the number of a word whose text is in `word_chars`.
struct FieldTokens {
  static constexpr uint32_t kJoins = 1u << 21;
  static constexpr uint32_t kWord = 1u << 31;
  static constexpr uint32_t kCodePoint = kJoins - 1;
  std::vector<uint32_t> units;
  std::string word_chars;
  std::vector<uint32_t> word_ends;  // end of word k in word_chars
  // Each unit's position, when it is not the unit's index: the body's
  // paragraphs start at multiples of kParagraphAlign (AlignParagraphs).
  std::vector<uint32_t> positions;

  uint32_t Position(size_t i) const { return positions.empty() ? static_cast<uint32_t>(i) : positions[i]; }
  std::string_view Word(uint32_t k) const {
    uint32_t begin = k == 0 ? 0 : word_ends[k - 1];
    return std::string_view(word_chars).substr(begin, word_ends[k] - begin);
  }
  void AddWord(std::string_view w) {
    units.push_back(kWord | static_cast<uint32_t>(word_ends.size()));
    word_chars.append(w);
    word_ends.push_back(static_cast<uint32_t>(word_chars.size()));
  }
  void Clear() {
    units.clear();
    word_chars.clear();
    word_ends.clear();
    positions.clear();
  }
};
using DocTokens = std::array<FieldTokens, kFieldCount>;

// How each token is written: its Rice parameters, and for n-grams whether
// its one-longer extensions are indexed.
struct TokenCoding {
  uint8_t kd = 0, kp = 0;
  bool extended = false;
  bool operator==(const TokenCoding&) const = default;
};

// Occurrence statistics of a token over some documents, for planning.
struct TokenStats {
  uint32_t df = 0;
  uint64_t occurrences = 0;
  uint64_t position_sum = 0;  // of the coded position values (search_postings.h)
};

class BlockIndex;
class GramPlan;

// A gram key as plain data, for the build cache (its low and high halves).
void PutGram(GramKey k, ByteWriter* out);
GramKey GetGram(ByteReader* in);

// What a plan is made from: over a sample of documents, the statistics of
// every gram of up to three characters and of every word, and the sample's
// body length. Sums over documents, so portal serve takes a changed sampled
// document's counts out and puts its new ones in, instead of counting the
// whole sample again (counting is most of a plan's time).
class PlanCounts {
 public:
  // Counts every document of `sample` (on `jobs` threads; the sums do not
  // depend on how the sample is split).
  void Count(const std::vector<const DocTokens*>& sample, int jobs);
  // One sampled document changed from `before` to `after`.
  void Replace(const DocTokens& before, const DocTokens& after);

 private:
  friend class GramPlan;
  // Adds (or takes out) a counting BlockIndex's statistics.
  void Merge(const BlockIndex& counter, bool subtract);

  FlatMap<GramKey, TokenStats> grams_;  // a gram whose df fell to 0 is ignored
  StringMap<TokenStats> words_;
  uint64_t body_units_ = 0;
};

// Decided from a sample of the documents before the index is written.
class GramPlan {
 public:
  // Plans for `docs` documents from the tokens of every k-th one (`sample`,
  // the scale is docs / sample size): an n-gram (3 <= n < kMaxGram) is
  // extended when its occurrences in the sample times the scale reach
  // `extend_occurrences` (and its prefix is extended, for n > 3); Rice
  // parameters follow the sample's document frequencies and positions.
  // Any plan gives a correct index: the query reads which grams are
  // extended from the index, and parameters only change sizes.
  static GramPlan FromSample(const std::vector<DocTokens>& sample, size_t docs, uint64_t extend_occurrences,
                             int jobs);
  // The same from the sample's counts (`counts` are of `sample`).
  static GramPlan FromCounts(const PlanCounts& counts, const std::vector<const DocTokens*>& sample, size_t docs,
                             uint64_t extend_occurrences);

  TokenCoding Gram(GramKey key, int length) const;
  TokenCoding Word(std::string_view word) const;
  // The grams and words whose coding differs between the two plans (a gram
  // one plan has not seen counts as that plan's unseen coding); false when
  // every token may differ (their unseen codings do).
  bool Differences(const GramPlan& other, FlatMap<GramKey, uint8_t>* grams, StringMap<uint8_t>* words) const;
  // The plan as plain data, for the build cache (search_memo_cache.h); Load
  // is false on damage.
  void Save(ByteWriter* out) const;
  bool Load(ByteReader* in);

 private:
  FlatMap<GramKey, TokenCoding> grams_;
  StringMap<TokenCoding> words_;
  TokenCoding unseen_;
};

// Posting lists of a run of consecutive documents.
class BlockIndex {
 public:
  // `plan` == nullptr: count statistics only (planning), no extensions.
  explicit BlockIndex(const GramPlan* plan) : plan_(plan) {}
  // Adds document `doc` (greater than any added before).
  void Add(uint32_t doc, const DocTokens& tokens);
  // Drains the last entries into the lists and frees the buffers.
  void Finish();
  // Whether the block has one of these grams or words (GramPlan::Differences):
  // its lists were then written with codings a new plan does not give.
  bool HasAny(const FlatMap<GramKey, uint8_t>& grams, const StringMap<uint8_t>& words) const;
  // Indexes the tokens by key, for Find (a memo's rebuild); idempotent.
  void IndexKeys();
  // The token of gram `key` (not 0) or of `word` (key 0), or -1. Gram
  // lookups need IndexKeys first.
  int64_t Find(GramKey key, std::string_view word) const;
  // Adds `delta` to every document number (a memo's block whose documents
  // moved: a page was added or removed before them). The lists' bits hold
  // only gaps, so only each part's first and last document change.
  void Renumber(int64_t delta);
  // A finished block cut before each document of `cuts` (ascending): the
  // blocks of its documents before cuts[0], from cuts[0] to before
  // cuts[1], ..., from cuts.back() on, each with the very parts a block
  // built from those documents alone has (bits copied, not tokenized
  // again). Empty when a part does not parse, which a part this class wrote
  // always does.
  // On `jobs` threads; the slices do not depend on their number.
  std::vector<std::shared_ptr<BlockIndex>> Slices(const std::vector<uint32_t>& cuts, int jobs = 1) const;
  // A finished block as plain data, for the build cache
  // (search_memo_cache.h): Load gives back the block Save was given, reading
  // codings from the bytes, not from `plan`; null on damage. With `owner`
  // (keeping `in`'s bytes alive), each part's bits are read only when the
  // part is first asked for: an edit joins a few lists of each block, and a
  // block reused where it was is never written again.
  void Save(ByteWriter* out) const;
  static std::shared_ptr<BlockIndex> Load(ByteReader* in, const GramPlan* plan,
                                          std::shared_ptr<const void> owner = nullptr);

  size_t token_count() const { return keys_.size(); }
  GramKey key(uint32_t t) const { return keys_[t]; }  // 0 for a word
  const std::string& word(uint32_t t) const { return words_by_token_[t]; }
  int length(uint32_t t) const { return lengths_[t]; }  // 0 for a word
  TokenCoding coding(uint32_t t) const { return codings_[t]; }
  PostingPart& part(uint32_t t) {
    ReadBits(t);
    return parts_[t];
  }
  const TokenStats& stats(uint32_t t) const { return stats_[t]; }

 private:
  uint32_t NewGram(GramKey key, int length);
  // A new token like `from`'s token t, with an empty part.
  uint32_t Adopt(const BlockIndex& from, uint32_t t);
  // Slices (as Slices) of tokens [from, to) only.
  std::vector<std::shared_ptr<BlockIndex>> SliceTokens(const std::vector<uint32_t>& cuts, uint32_t from,
                                                       uint32_t to) const;
  uint32_t Short(uint64_t packed, size_t hash, const uint32_t* units, size_t at, int length);
  TrigramTable::Slot* NewTrigram(uint64_t packed, size_t hash, const uint32_t* units, size_t at);
  uint32_t Bigram(const uint32_t* units, size_t at);
  uint32_t Extension(uint32_t prefix, char32_t c);
  uint32_t Unigram(char32_t c);
  uint32_t WordToken(std::string_view w);
  void AddField(int field, const FieldTokens& tokens);
  // Counts of a token in one document: the body's here, the other fields'
  // (rare) in a side table.
  struct SlotCounts {
    uint32_t body = 0;
    uint32_t more = 0;  // 1 + index in more_, or 0
  };
  // The slot of token `id` in this document, made when new (a sparse set:
  // marks_ is never cleared). A new trigram or bigram slot is listed in
  // trigram_slots_ or bigram_slots_, for Flush's sums.
  enum Kind { kOther, kBigramSlot, kTrigramSlot };
  template <Kind kind = kOther>
  [[gnu::always_inline]] uint32_t SlotOf(uint32_t id) {
    uint32_t slot = marks_[id];
    if (slot < touched_.size() && touched_[slot] == id) return slot;
    slot = static_cast<uint32_t>(touched_.size());
    marks_[id] = slot;
    touched_.push_back(id);
    counts_.emplace_back();
    if constexpr (kind == kBigramSlot) bigram_slots_.push_back(slot);
    if constexpr (kind == kTrigramSlot) trigram_slots_.push_back(slot);
    return slot;
  }
  // Counts a hit of token `id` in `field`; returns its slot.
  template <Kind kind = kOther>
  [[gnu::always_inline]] uint32_t Touch(uint32_t id, int field) {
    uint32_t slot = SlotOf<kind>(id);
    if (field == kBody) {
      counts_[slot].body++;
    } else {
      MoreOf(slot)[field]++;
    }
    return slot;
  }
  template <Kind kind = kOther>
  [[gnu::always_inline]] void TouchAt(uint32_t id, int field, uint32_t position) {
    hits_.push_back({Touch<kind>(id, field), position});
  }
  std::array<uint32_t, kFieldCount>& MoreOf(uint32_t slot) {
    if (counts_[slot].more == 0) {
      more_.emplace_back();
      counts_[slot].more = static_cast<uint32_t>(more_.size());
    }
    return more_[counts_[slot].more - 1];
  }
  // Adds the counts of `from` (a slot) to token `id`'s.
  template <Kind kind>
  [[gnu::always_inline]] void AddCounts(uint32_t id, uint32_t from) {
    uint32_t slot = SlotOf<kind>(id);
    counts_[slot].body += counts_[from].body;
    if (uint32_t m = counts_[from].more) {
      std::array<uint32_t, kFieldCount> add = more_[m - 1];
      std::array<uint32_t, kFieldCount>& into = MoreOf(slot);
      for (int f = 0; f < kFieldCount; ++f) into[f] += add[f];
    }
  }
  void Flush(uint32_t doc);
  void Drain(size_t bucket);

  const GramPlan* plan_;
  // Tokens, by number.
  std::vector<GramKey> keys_;
  std::vector<std::string> words_by_token_;
  std::vector<uint8_t> lengths_;
  std::vector<uint8_t> positional_;
  std::vector<uint8_t> extended_;
  std::vector<TokenCoding> codings_;
  std::vector<uint32_t> prefixes_;  // bigram -> its first character's token, trigram -> its bigram
  std::vector<PostingPart> parts_;
  // A block loaded lazily (Load with an owner): part t's bytes start at
  // bits_at_[t] of source_; unread_[t] until its bits are read (ReadBits,
  // on any thread, never two at once for one part).
  void ReadBits(uint32_t t) const;
  std::shared_ptr<const void> source_owner_;
  std::string_view source_;
  std::vector<uint64_t> bits_at_;
  mutable std::vector<uint8_t> unread_;
  std::vector<TokenStats> stats_;  // planning only
  // Lookups.
  std::vector<int32_t> bmp_unigrams_;   // code point -> token, -1: none yet
  TrigramTable trigrams_;  // code points, 21 bits each -> token
  FlatMap<uint64_t, uint32_t> short_;   // a bigram's or an astral unigram's code points -> token
  FlatMap<GramKey, uint32_t> long_;     // longer grams -> token
  StringMap<uint32_t> words_;
  // Per document: which tokens it touched (slots), their counts, positions.
  std::vector<uint32_t> marks_;  // token -> its slot, when touched_[slot] is the token
  std::vector<uint32_t> touched_;
  std::vector<uint32_t> trigram_slots_, bigram_slots_;
  std::vector<SlotCounts> counts_;
  std::vector<std::array<uint32_t, kFieldCount>> more_;
  struct Hit {
    uint32_t slot, position;
  };
  std::vector<Hit> hits_;
  std::vector<uint32_t> offsets_, ordered_;
  uint32_t doc_ = 0;
  // Entries waiting for their lists, per group of 64 tokens. An entry is a
  // word: token & 63 | field mask << 6 | total count << 11 (all ones: the
  // total follows in a word), then the count of each field of the mask when
  // there are several, then the positions. A word with mask 0 says the
  // next word is the document of the entries that follow.
  struct Buffer {  // grows without zero-filling
    static constexpr size_t kFirstCapacity = 16384 + 1024;
    std::unique_ptr<uint32_t[]> words;
    size_t size = 0, capacity = 0;
    uint32_t doc = 0;  // + 1: the document its last entries belong to
    uint32_t* Extend(size_t n) {
      if (size + n > capacity) {
        // Once to the size it is drained at, so it is rarely copied.
        size_t grown = std::max(size + n, capacity == 0 ? kFirstCapacity : capacity * 2);
        std::unique_ptr<uint32_t[]> more(new uint32_t[grown]);
        std::copy(words.get(), words.get() + size, more.get());
        words = std::move(more);
        capacity = grown;
      }
      uint32_t* at = words.get() + size;
      size += n;
      return at;
    }
  };
  std::vector<Buffer> buckets_;
  FlatMap<GramKey, uint32_t> by_key_;  // Find's index, made by IndexKeys
  bool by_key_made_ = false;
};

}  // namespace portal::search
