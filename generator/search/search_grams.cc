#pragma GCC optimize("O3")
#include "search/search_grams.h"

#include <algorithm>
#include <cassert>
#include <memory>

#include "base/parallel.h"
#include "search/search_tokenizer.h"

namespace portal::search {

GramKey MakeGram(const char32_t* cps, int n) {
  GramKey k = 0;
  for (int i = 0; i < n; ++i) k |= static_cast<GramKey>(cps[i] + 1) << (18 * i);
  return k;
}

int GramLength(GramKey k) {
  int n = 0;
  while (k != 0) {
    k >>= 18;
    ++n;
  }
  return n;
}

GramKey GramPrefix(GramKey k, int n) {
  if (n >= kMaxGram) return k;
  return k & ((static_cast<GramKey>(1) << (18 * n)) - 1);
}

std::string GramUtf8(GramKey k) {
  std::u32string s;
  for (; k != 0; k >>= 18) s.push_back(static_cast<char32_t>(k & 0x3FFFF) - 1);
  return Utf8(s);
}

namespace {

constexpr uint32_t kCodePoint = FieldTokens::kCodePoint;
constexpr int kBucketShift = 6;        // 64 tokens share an entry buffer
constexpr size_t kDrainWords = 16384;  // 64 KB: then the buffer goes to its lists
constexpr uint32_t kTotalEscape = (1u << 21) - 1;
constexpr size_t kWindow = 32;         // positions hashed and prefetched ahead

// Calls emit(begin, end) for each run of joined ideographs in `units`.
template <typename Emit>
void ForEachRun(const std::vector<uint32_t>& units, Emit emit) {
  for (size_t i = 0; i < units.size();) {
    if (units[i] & FieldTokens::kWord) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < units.size() && !(units[j] & FieldTokens::kWord) && (units[j] & FieldTokens::kJoins)) ++j;
    emit(i, j);
    i = j;
  }
}

GramKey GramOf(const uint32_t* units, int n) {
  GramKey k = 0;
  for (int i = 0; i < n; ++i) k |= static_cast<GramKey>((units[i] & kCodePoint) + 1) << (18 * i);
  return k;
}

TokenCoding CodingFor(double df, double docs, double position_mean) {
  TokenCoding c;
  df = std::clamp(df, 1.0, std::max(1.0, docs));
  c.kd = static_cast<uint8_t>(RiceParameterForMean((docs - df) / df));
  c.kp = static_cast<uint8_t>(RiceParameterForMean(position_mean));
  return c;
}

// Statistics of a gram gathered one occurrence at a time, in document,
// field and position order.
struct RunningStats {
  TokenStats stats;
  uint32_t doc = 0;  // + 1; 0: none yet
  uint32_t field = 0, count = 0, last = 0;
  void Close() {
    if (count) stats.position_sum += last - (count - 1);
    count = 0;
  }
  void Add(uint32_t d, uint32_t f, uint32_t position) {
    if (doc != d + 1 || field != f) {
      Close();
      if (doc != d + 1) stats.df++;
      doc = d + 1;
      field = f;
    }
    ++count;
    ++stats.occurrences;
    last = position;
  }
};

}  // namespace

void PlanCounts::Count(const std::vector<const DocTokens*>& sample, int jobs) {
  grams_ = FlatMap<GramKey, TokenStats>();
  words_.clear();
  body_units_ = 0;
  // Counted as the index would write them, in parallel blocks.
  size_t block_count = std::min<size_t>(sample.size(), static_cast<size_t>(ResolveJobs(jobs)));
  std::vector<std::unique_ptr<BlockIndex>> counters(block_count);
  ParallelFor(block_count, jobs, [&](size_t b) {
    counters[b] = std::make_unique<BlockIndex>(nullptr);
    size_t begin = sample.size() * b / block_count, end = sample.size() * (b + 1) / block_count;
    for (size_t d = begin; d < end; ++d) counters[b]->Add(static_cast<uint32_t>(d), *sample[d]);
  });
  for (auto& counter : counters) Merge(*counter, false);
  for (const DocTokens* d : sample) body_units_ += (*d)[kBody].units.size();
}

void PlanCounts::Merge(const BlockIndex& counter, bool subtract) {
  for (uint32_t t = 0; t < counter.token_count(); ++t) {
    bool added = false;
    const TokenStats& s = counter.stats(t);
    TokenStats& into = counter.length(t) ? grams_.Insert(counter.key(t), TokenStats(), &added)
                                         : words_[counter.word(t)];
    if (subtract) {  // exact: only what was added before is taken out
      into.df -= s.df;
      into.occurrences -= s.occurrences;
      into.position_sum -= s.position_sum;
    } else {
      into.df += s.df;
      into.occurrences += s.occurrences;
      into.position_sum += s.position_sum;
    }
  }
}

void PlanCounts::Replace(const DocTokens& before, const DocTokens& after) {
  BlockIndex old_counter(nullptr), new_counter(nullptr);
  old_counter.Add(0, before);
  new_counter.Add(0, after);
  Merge(old_counter, true);
  Merge(new_counter, false);
  body_units_ = body_units_ - before[kBody].units.size() + after[kBody].units.size();
}

GramPlan GramPlan::FromSample(const std::vector<DocTokens>& sample, size_t docs, uint64_t extend_occurrences,
                              int jobs) {
  std::vector<const DocTokens*> pointers;
  for (const DocTokens& d : sample) pointers.push_back(&d);
  PlanCounts counts;
  counts.Count(pointers, jobs);
  return FromCounts(counts, pointers, docs, extend_occurrences);
}

GramPlan GramPlan::FromCounts(const PlanCounts& counts, const std::vector<const DocTokens*>& sample, size_t docs,
                              uint64_t extend_occurrences) {
  GramPlan plan;
  double scale = sample.empty() ? 1.0 : static_cast<double>(docs) / static_cast<double>(sample.size());
  double n = static_cast<double>(docs);
  auto frequent = [&](uint64_t occurrences) {
    return static_cast<double>(occurrences) * scale >= static_cast<double>(extend_occurrences);
  };
  // Grams of one to three characters and words, from the counts; a gram
  // whose documents were all taken out is not in the sample.
  FlatMap<GramKey, TokenStats> grams;
  counts.grams_.ForEach([&](GramKey key, const TokenStats& s) {
    bool added = false;
    if (s.df > 0) grams.Insert(key, s, &added);
  });
  // Longer grams, level by level: only an extended gram's extensions exist.
  FlatMap<GramKey, uint8_t> extended;  // grams whose extensions are indexed
  grams.ForEach([&](GramKey key, const TokenStats& s) {
    bool added = false;
    if (GramLength(key) == 3 && frequent(s.occurrences)) extended.Insert(key, 1, &added);
  });
  for (int length = 4; length <= kMaxGram && extended.size() > 0; ++length) {
    FlatMap<GramKey, RunningStats> level;
    for (size_t d = 0; d < sample.size(); ++d) {
      for (int f = 0; f < kFieldCount; ++f) {
        const FieldTokens& tokens = (*sample[d])[f];
        const std::vector<uint32_t>& u = tokens.units;
        ForEachRun(u, [&](size_t begin, size_t end) {
          for (size_t k = begin; k + length <= end; ++k) {
            if (!extended.Find(GramOf(&u[k], length - 1))) continue;
            bool added = false;
            level.Insert(GramOf(&u[k], length), RunningStats(), &added)
                .Add(static_cast<uint32_t>(d), static_cast<uint32_t>(f), tokens.Position(k));
          }
        });
      }
    }
    level.ForEach([&](GramKey key, RunningStats s) {
      s.Close();
      bool added = false;
      grams.Insert(key, s.stats, &added);
      if (length < kMaxGram && frequent(s.stats.occurrences)) extended.Insert(key, 1, &added);
    });
  }
  grams.ForEach([&](GramKey key, const TokenStats& s) {
    double position_mean = s.occurrences ? static_cast<double>(s.position_sum) / static_cast<double>(s.occurrences) : 0;
    TokenCoding c = CodingFor(static_cast<double>(s.df) * scale, n, position_mean);
    c.extended = extended.Find(key) != nullptr;
    bool added = false;
    plan.grams_.Insert(key, c, &added);
  });
  for (const auto& [word, s] : counts.words_) {
    if (s.df == 0) continue;
    double position_mean = s.occurrences ? static_cast<double>(s.position_sum) / static_cast<double>(s.occurrences) : 0;
    plan.words_.emplace(word, CodingFor(static_cast<double>(s.df) * scale, n, position_mean));
  }
  // A token the sample never saw is rare: about half a sampled document's
  // worth of documents, each with one hit somewhere in the body.
  uint64_t body_units = counts.body_units_;
  double mean_body = sample.empty() ? 1.0 : static_cast<double>(body_units) / static_cast<double>(sample.size());
  plan.unseen_ = CodingFor(scale / 2, n, mean_body / 2);
  return plan;
}

bool GramPlan::Differences(const GramPlan& other, FlatMap<GramKey, uint8_t>* grams, StringMap<uint8_t>* words) const {
  if (!(unseen_ == other.unseen_)) return false;
  bool added = false;
  grams_.ForEach([&](GramKey k, const TokenCoding& c) {
    if (!(other.Gram(k, 0) == c)) grams->Insert(k, 1, &added);
  });
  other.grams_.ForEach([&](GramKey k, const TokenCoding& c) {
    if (!(Gram(k, 0) == c)) grams->Insert(k, 1, &added);
  });
  for (const auto& [w, c] : words_) {
    if (!(other.Word(w) == c)) words->emplace(w, 1);
  }
  for (const auto& [w, c] : other.words_) {
    if (!(Word(w) == c)) words->emplace(w, 1);
  }
  return true;
}

bool BlockIndex::HasAny(const FlatMap<GramKey, uint8_t>& grams, const StringMap<uint8_t>& words) const {
  if (grams.size() > 0) {
    for (GramKey k : keys_) {
      if (k != 0 && grams.Find(k)) return true;
    }
  }
  if (!words.empty()) {
    for (size_t t = 0; t < keys_.size(); ++t) {
      if (lengths_[t] == 0 && words.count(words_by_token_[t])) return true;
    }
  }
  return false;
}

void BlockIndex::IndexKeys() {
  if (by_key_made_) return;
  bool added = false;
  for (uint32_t t = 0; t < keys_.size(); ++t) {
    if (keys_[t] != 0) by_key_.Insert(keys_[t], t, &added);
  }
  by_key_made_ = true;
}

int64_t BlockIndex::Find(GramKey key, std::string_view word) const {
  if (key == 0) {
    auto it = words_.find(word);
    return it == words_.end() ? int64_t{-1} : static_cast<int64_t>(it->second);
  }
  assert(by_key_made_);
  const uint32_t* t = by_key_.Find(key);
  return t ? static_cast<int64_t>(*t) : int64_t{-1};
}

TokenCoding GramPlan::Gram(GramKey key, int) const {
  if (const TokenCoding* c = grams_.Find(key)) return *c;
  return unseen_;
}

TokenCoding GramPlan::Word(std::string_view word) const {
  auto it = words_.find(word);
  return it == words_.end() ? unseen_ : it->second;
}

uint32_t BlockIndex::NewGram(GramKey key, int length) {
  auto id = static_cast<uint32_t>(keys_.size());
  keys_.push_back(key);
  words_by_token_.emplace_back();
  lengths_.push_back(static_cast<uint8_t>(length));
  positional_.push_back(length == 0 || length >= 3);
  codings_.push_back(plan_ && length ? plan_->Gram(key, length) : TokenCoding());
  extended_.push_back(codings_.back().extended);
  prefixes_.push_back(0);
  parts_.emplace_back();
  if (!plan_) stats_.emplace_back();
  marks_.push_back(0);
  if ((id >> kBucketShift) >= buckets_.size()) buckets_.emplace_back();
  return id;
}

uint32_t BlockIndex::Short(uint64_t packed, size_t hash, const uint32_t* units, size_t at, int length) {
  if (const uint32_t* known = short_.Find(packed, hash)) return *known;
  bool added = false;
  uint32_t* id = &short_.Insert(packed, hash, 0, &added);
  if (!added) return *id;
  uint32_t fresh = NewGram(GramOf(units + at, length), length);
  *id = fresh;
  if (length == 2) {  // the prefix may grow short_: do it after the new slot is filled
    prefixes_[fresh] = Unigram(units[at] & kCodePoint);
  }
  return fresh;
}

TrigramTable::Slot* BlockIndex::NewTrigram(uint64_t packed, size_t hash, const uint32_t* units, size_t at) {
  uint32_t fresh = NewGram(GramOf(units + at, 3), 3);
  prefixes_[fresh] = Bigram(units, at);
  return trigrams_.Insert(packed, hash, fresh | (extended_[fresh] ? TrigramTable::kExtended : 0));
}

uint32_t BlockIndex::Bigram(const uint32_t* u, size_t at) {
  uint64_t key = (u[at] & kCodePoint) | static_cast<uint64_t>(u[at + 1] & kCodePoint) << 21;
  return Short(key, FlatMap<uint64_t, uint32_t>::Hash(key), u, at, 2);
}

uint32_t BlockIndex::Extension(uint32_t prefix, char32_t c) {
  int n = lengths_[prefix];
  GramKey key = keys_[prefix] | static_cast<GramKey>(c + 1) << (18 * n);
  size_t hash = FlatMap<GramKey, uint32_t>::Hash(key);
  if (const uint32_t* known = long_.Find(key, hash)) return *known;
  bool added = false;
  uint32_t& id = long_.Insert(key, hash, 0, &added);
  if (added) id = NewGram(key, n + 1);
  return id;
}

uint32_t BlockIndex::Unigram(char32_t c) {
  if (c >= 0x10000) {
    uint32_t u = static_cast<uint32_t>(c);
    return Short(u, FlatMap<uint64_t, uint32_t>::Hash(u), &u, 0, 1);
  }
  if (bmp_unigrams_.empty()) bmp_unigrams_.assign(0x10000, -1);
  int32_t& known = bmp_unigrams_[c];
  if (known < 0) {
    uint32_t u = static_cast<uint32_t>(c);
    known = static_cast<int32_t>(Short(u, FlatMap<uint64_t, uint32_t>::Hash(u), &u, 0, 1));
  }
  return static_cast<uint32_t>(known);
}

uint32_t BlockIndex::WordToken(std::string_view w) {
  auto it = words_.find(w);
  if (it != words_.end()) return it->second;
  uint32_t id = NewGram(0, 0);
  words_by_token_[id] = std::string(w);
  if (plan_) codings_[id] = plan_->Word(w);
  words_.emplace(std::string(w), id);
  return id;
}

void BlockIndex::AddField(int field, const FieldTokens& tokens) {
  const std::vector<uint32_t>& u = tokens.units;
  size_t n = u.size();
  for (size_t i = 0; i < n; ++i) {
    if (u[i] & FieldTokens::kWord) TouchAt(WordToken(tokens.Word(u[i] & ~FieldTokens::kWord)), field, tokens.Position(i));
  }
  // Runs: their ends, and the bigram and unigram that start no trigram (the
  // others come from the trigrams' counts, Flush).
  thread_local std::vector<uint32_t> run_ends;
  run_ends.resize(n);
  for (size_t i = 0; i < n;) {
    if (u[i] & FieldTokens::kWord) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && (u[j] & (FieldTokens::kWord | FieldTokens::kJoins)) == FieldTokens::kJoins) ++j;
    for (size_t k = i; k < j; ++k) run_ends[k] = static_cast<uint32_t>(j);
    if (j - i >= 2) Touch<kBigramSlot>(Bigram(u.data(), j - 2), field);
    Touch(Unigram(u[j - 1] & kCodePoint), field);
    i = j;
  }
  // Trigrams, a chunk of positions at a time: the keys first, then the
  // lookups and counts with each table slot prefetched a fixed distance
  // ahead.
  constexpr size_t kChunk = 512, kAhead = 16;
  uint64_t keys[kChunk];
  size_t hashes[kChunk];
  for (size_t c = 0; c < n; c += kChunk) {
    size_t m = std::min(kChunk, n - c);
    for (size_t i = 0; i < m; ++i) {
      size_t k = c + i;
      if ((u[k] & FieldTokens::kWord) || k + 2 >= run_ends[k]) {
        keys[i] = 0;
        continue;
      }
      keys[i] = (u[k] & kCodePoint) | static_cast<uint64_t>(u[k + 1] & kCodePoint) << 21 |
                static_cast<uint64_t>(u[k + 2] & kCodePoint) << 42;
      hashes[i] = TrigramTable::Hash(keys[i]);
    }
    for (size_t i = 0; i < std::min(m, kAhead); ++i) {
      if (keys[i]) trigrams_.Prefetch(hashes[i]);
    }
    for (size_t i = 0; i < m; ++i) {
      if (i + kAhead < m && keys[i + kAhead]) trigrams_.Prefetch(hashes[i + kAhead]);
      if (!keys[i]) continue;
      size_t k = c + i;
      TrigramTable::Slot* t = trigrams_.Find(keys[i], hashes[i]);
      if (!t) t = NewTrigram(keys[i], hashes[i], u.data(), k);
      uint32_t g = t->token & ~TrigramTable::kExtended;
      // SlotOf, with the mark in the table slot instead of marks_.
      uint32_t slot = t->mark;
      if (!(slot < touched_.size() && touched_[slot] == g)) {
        slot = static_cast<uint32_t>(touched_.size());
        t->mark = slot;
        touched_.push_back(g);
        counts_.emplace_back();
        trigram_slots_.push_back(slot);
      }
      if (field == kBody) {
        counts_[slot].body++;
      } else {
        MoreOf(slot)[field]++;
      }
      hits_.push_back({slot, tokens.Position(k)});
      if (!(t->token & TrigramTable::kExtended)) continue;
      for (size_t len = 3; len < kMaxGram && k + len < run_ends[k] && extended_[g]; ++len) {
        g = Extension(g, u[k + len] & kCodePoint);
        TouchAt(g, field, tokens.Position(k));
      }
    }
  }
}

void BlockIndex::Add(uint32_t doc, const DocTokens& tokens) {
  doc_ = doc;
  for (int f = 0; f < kFieldCount; ++f) AddField(f, tokens[f]);
  Flush(doc);
}

void BlockIndex::Flush(uint32_t doc) {
  // Bigram counts are their trigrams' counts plus their own (at run ends),
  // and unigram counts their bigrams'.
  for (uint32_t s : trigram_slots_) AddCounts<kBigramSlot>(prefixes_[touched_[s]], s);
  for (uint32_t s : bigram_slots_) AddCounts<kOther>(prefixes_[touched_[s]], s);
  // Hits arrive per token in field then position order, so a stable
  // counting sort by slot groups them without comparing.
  // After the scatter, offsets_[s] is where slot s ends (and s + 1 starts).
  size_t slots = touched_.size();
  offsets_.assign(slots + 1, 0);
  for (const Hit& h : hits_) offsets_[h.slot + 1]++;
  for (size_t s = 0; s < slots; ++s) offsets_[s + 1] += offsets_[s];
  ordered_.resize(hits_.size());
  for (const Hit& h : hits_) ordered_[offsets_[h.slot]++] = h.position;
  uint32_t counts[kFieldCount] = {};
  for (size_t s = 0; s < slots; ++s) {
    uint32_t id = touched_[s];
    const uint32_t* positions = ordered_.data() + (s == 0 ? 0 : offsets_[s - 1]);
    const SlotCounts& sc = counts_[s];
    bool positional = positional_[id];
    uint32_t mask = sc.body ? 1u << kBody : 0u, total = sc.body;
    if (sc.more) {
      const std::array<uint32_t, kFieldCount>& m = more_[sc.more - 1];
      for (int f = 0; f < kFieldCount; ++f) {
        counts[f] = f == kBody ? sc.body : m[f];
        if (f != kBody) total += m[f];
        mask |= (counts[f] ? 1u : 0u) << f;
      }
    }
    if (!plan_) {  // planning: statistics only
      TokenStats& st = stats_[id];
      st.df++;
      st.occurrences += total;
      if (!positional) continue;
      if (!sc.more) {
        st.position_sum += positions[total - 1] - (total - 1);
        continue;
      }
      for (uint32_t f = 0, seen = 0; f < kFieldCount; ++f) {
        seen += counts[f];
        if (counts[f]) st.position_sum += positions[seen - 1] - (counts[f] - 1);
      }
      continue;
    }
    bool several = (mask & (mask - 1)) != 0;
    Buffer& bucket = buckets_[id >> kBucketShift];
    bool new_doc = bucket.doc != doc + 1;
    bool big = total >= kTotalEscape;
    uint32_t* out = bucket.Extend((new_doc ? 2 : 0) + 1 + (big ? 1 : 0) + (several ? kFieldCount : 0) +
                                  (positional ? total : 0));
    if (new_doc) {
      *out++ = 0;
      *out++ = doc;
      bucket.doc = doc + 1;
    }
    *out++ = (id & 63) | mask << 6 | (big ? kTotalEscape : total) << 11;
    if (big) *out++ = total;
    if (several) {
      for (int f = 0; f < kFieldCount; ++f) out[f] = counts[f];
      out += kFieldCount;
    }
    if (positional) {
      for (uint32_t i = 0; i < total; ++i) out[i] = positions[i];
    }
    if (bucket.size >= kDrainWords) Drain(id >> kBucketShift);
  }
  touched_.clear();
  trigram_slots_.clear();
  bigram_slots_.clear();
  counts_.clear();
  more_.clear();
  hits_.clear();
}

void BlockIndex::Drain(size_t b) {
  Buffer& bucket = buckets_[b];
  const uint32_t* p = bucket.words.get();
  const uint32_t* end = p + bucket.size;
  uint32_t first = static_cast<uint32_t>(b << kBucketShift), doc = 0;
  while (p < end) {
    uint32_t head = *p++;
    uint32_t mask = (head >> 6) & 31;
    if (mask == 0) {
      doc = *p++;
      continue;
    }
    uint32_t id = first | (head & 63), total = head >> 11;
    if (total == kTotalEscape) total = *p++;
    const uint32_t* counts = p;
    if (mask & (mask - 1)) p += kFieldCount;
    bool positional = positional_[id];
    const TokenCoding& c = codings_[id];
    parts_[id].Add(doc, mask, total, counts, p, positional, c.kd, c.kp);
    if (positional) p += total;
  }
  bucket.size = 0;
  bucket.doc = 0;
}

void BlockIndex::Finish() {
  for (size_t b = 0; b < buckets_.size(); ++b) {
    Drain(b);
    buckets_[b] = Buffer();
  }
  // Lists grew by doubling; the blocks wait for each other holding them, so
  // give back the slack (a third of the index, on average).
  for (PostingPart& p : parts_) p.bits.ShrinkToFit();
}

uint32_t BlockIndex::Adopt(const BlockIndex& from, uint32_t t) {
  uint32_t id = NewGram(from.keys_[t], from.lengths_[t]);
  codings_[id] = from.codings_[t];
  extended_[id] = from.extended_[t];
  positional_[id] = from.positional_[t];
  if (from.lengths_[t] == 0) {
    words_by_token_[id] = from.words_by_token_[t];
    words_.emplace(from.words_by_token_[t], id);
  }
  return id;
}

std::vector<std::shared_ptr<BlockIndex>> BlockIndex::Slices(const std::vector<uint32_t>& cuts, int jobs) const {
  // Runs of tokens cut on their own threads, then the runs' slices joined.
  const size_t runs = std::min<size_t>(static_cast<size_t>(ResolveJobs(jobs)), std::max<size_t>(1, keys_.size() / 1024));
  std::vector<std::vector<std::shared_ptr<BlockIndex>>> pieces(runs);
  ParallelFor(runs, jobs, [&](size_t r) {
    pieces[r] = SliceTokens(cuts, static_cast<uint32_t>(keys_.size() * r / runs),
                            static_cast<uint32_t>(keys_.size() * (r + 1) / runs));
  });
  for (const auto& p : pieces) {
    if (p.empty()) return {};
  }
  std::vector<std::shared_ptr<BlockIndex>> out = std::move(pieces[0]);
  for (size_t r = 1; r < runs; ++r) {
    for (size_t s = 0; s < out.size(); ++s) {
      BlockIndex& into = *out[s];
      BlockIndex& more = *pieces[r][s];
      for (uint32_t t = 0; t < more.keys_.size(); ++t) into.parts_[into.Adopt(more, t)] = std::move(more.parts_[t]);
    }
  }
  return out;
}

std::vector<std::shared_ptr<BlockIndex>> BlockIndex::SliceTokens(const std::vector<uint32_t>& cuts, uint32_t from,
                                                                uint32_t to) const {
  std::vector<std::shared_ptr<BlockIndex>> out(cuts.size() + 1);
  for (auto& b : out) b = std::make_shared<BlockIndex>(plan_);
  auto adopt = [&](BlockIndex& into, uint32_t t) { return into.Adopt(*this, t); };
  std::vector<EntrySpan> entries;
  for (uint32_t t = from; t < to; ++t) {
    ReadBits(t);
    const PostingPart& part = parts_[t];
    if (part.df == 0) continue;
    // A part whose documents all lie in one slice goes there whole (most
    // tokens are in a few documents): no need to walk its entries.
    size_t first_slice = static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), part.first_doc) - cuts.begin());
    size_t last_slice = static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), part.last_doc) - cuts.begin());
    if (first_slice == last_slice) {
      BlockIndex& into = *out[first_slice];
      into.parts_[adopt(into, t)] = part;
      continue;
    }
    // Walked up to the last cut only: from there the part is one slice.
    const TokenCoding c = codings_[t];
    if (!PartEntries(part, positional_[t] != 0, c.kd, c.kp, &entries, cuts.back())) return {};
    size_t e = 0;
    uint64_t walked = 0;  // occurrences of the entries before e
    for (size_t s = 0; s <= cuts.size() && e < entries.size(); ++s) {
      const uint32_t end = s < cuts.size() ? cuts[s] : UINT32_MAX;
      size_t first = e;
      uint64_t occurrences = 0;
      for (; e < entries.size() && entries[e].doc < end; ++e) occurrences += entries[e].total;
      if (e == first) continue;
      BlockIndex& into = *out[s];
      PostingPart& p = into.parts_[adopt(into, t)];
      // The first entry of a part has no gap: it starts at its body.
      p.bits.AppendBits(part.bits, entries[first].body_begin, e < entries.size() ? entries[e].gap_begin : part.bits.bits());
      p.bits.ShrinkToFit();
      p.first_doc = entries[first].doc;
      if (s == cuts.size()) {  // the rest of the part, not walked
        p.df = part.df - static_cast<uint32_t>(first);
        p.last_doc = part.last_doc;
        p.occurrences = part.occurrences - walked;
      } else {
        p.df = static_cast<uint32_t>(e - first);
        p.last_doc = entries[e - 1].doc;
        p.occurrences = occurrences;
      }
      walked += occurrences;
    }
  }
  return out;
}

void BlockIndex::Renumber(int64_t delta) {
  if (delta == 0) return;
  for (PostingPart& p : parts_) {
    if (p.df == 0) continue;
    p.first_doc = static_cast<uint32_t>(p.first_doc + delta);
    p.last_doc = static_cast<uint32_t>(p.last_doc + delta);
  }
  doc_ = static_cast<uint32_t>(doc_ + delta);
}

void PutGram(GramKey k, ByteWriter* out) {
  out->U64(static_cast<uint64_t>(k));
  out->U64(static_cast<uint64_t>(k >> 64));
}

GramKey GetGram(ByteReader* in) {
  GramKey lo = in->U64();
  GramKey hi = in->U64();
  return lo | hi << 64;
}

namespace {

void PutCoding(TokenCoding c, ByteWriter* out) {
  out->U64(c.kd);
  out->U64(c.kp);
  out->Bool(c.extended);
}

TokenCoding GetCoding(ByteReader* in) {
  TokenCoding c;
  uint64_t kd = in->U64(), kp = in->U64();
  c.kd = static_cast<uint8_t>(kd);
  c.kp = static_cast<uint8_t>(kp);
  c.extended = in->Bool();
  if (kd > 31 || kp > 31) in->Invalidate();
  return c;
}

}  // namespace

void GramPlan::Save(ByteWriter* out) const {
  out->U64(grams_.size());
  grams_.ForEach([&](GramKey k, TokenCoding c) {
    PutGram(k, out);
    PutCoding(c, out);
  });
  out->U64(words_.size());
  for (const auto& [w, c] : words_) {
    out->Str(w);
    PutCoding(c, out);
  }
  PutCoding(unseen_, out);
}

bool GramPlan::Load(ByteReader* in) {
  *this = GramPlan();
  for (size_t n = in->Count(); n > 0 && in->ok(); --n) {
    GramKey k = GetGram(in);
    TokenCoding c = GetCoding(in);
    bool added = false;
    if (k == 0) in->Invalidate();
    else grams_.Insert(k, c, &added);
  }
  for (size_t n = in->Count(); n > 0 && in->ok(); --n) {
    std::string w = in->Str();
    words_.emplace(std::move(w), GetCoding(in));
  }
  unseen_ = GetCoding(in);
  return in->ok();
}

void BlockIndex::Save(ByteWriter* out) const {
  out->U64(doc_);
  out->U64(keys_.size());
  for (size_t t = 0; t < keys_.size(); ++t) {
    PutGram(keys_[t], out);
    out->U64(lengths_[t]);
    if (lengths_[t] == 0) out->Str(words_by_token_[t]);
    out->Bool(positional_[t] != 0);
    out->Bool(extended_[t] != 0);
    PutCoding(codings_[t], out);
    ReadBits(t);
    parts_[t].Save(out);
  }
}

void BlockIndex::ReadBits(uint32_t t) const {
  if (unread_.empty() || !unread_[t]) return;
  ByteReader in(source_.substr(bits_at_[t]));
  // The block's bytes were checked against their digest when it was
  // loaded. Only the bits are taken: the header may have been renumbered.
  PostingPart read;
  bool ok = read.Load(&in);
  assert(ok);
  (void)ok;
  const_cast<PostingPart&>(parts_[t]).bits = std::move(read.bits);
  unread_[t] = 0;
}

std::shared_ptr<BlockIndex> BlockIndex::Load(ByteReader* in, const GramPlan* plan, std::shared_ptr<const void> owner) {
  auto b = std::make_shared<BlockIndex>(plan);
  const bool lazy = owner != nullptr;
  if (lazy) {
    b->source_owner_ = std::move(owner);
    b->source_ = in->input();
  }
  b->doc_ = in->U32();
  size_t n = in->Count();
  b->keys_.reserve(n);
  b->words_by_token_.reserve(n);
  b->lengths_.reserve(n);
  b->positional_.reserve(n);
  b->extended_.reserve(n);
  b->codings_.reserve(n);
  b->prefixes_.reserve(n);
  b->parts_.reserve(n);
  b->marks_.reserve(n);
  if (lazy) b->bits_at_.reserve(n);
  for (size_t t = 0; t < n && in->ok(); ++t) {
    GramKey key = GetGram(in);
    auto length = static_cast<int>(std::min<uint64_t>(in->U64(), kMaxGram + 1));
    if (length > kMaxGram || (length == 0) != (key == 0)) in->Invalidate();
    b->keys_.push_back(key);
    b->lengths_.push_back(static_cast<uint8_t>(length));
    b->words_by_token_.emplace_back(length == 0 ? in->Str() : std::string());
    if (length == 0) b->words_.emplace(b->words_by_token_.back(), static_cast<uint32_t>(t));
    b->positional_.push_back(in->Bool());
    b->extended_.push_back(in->Bool());
    b->codings_.push_back(GetCoding(in));
    b->prefixes_.push_back(0);
    b->marks_.push_back(0);
    b->parts_.emplace_back();
    if (lazy) {
      b->bits_at_.push_back(in->position());
      b->parts_.back().LoadHeader(in);
    } else {
      b->parts_.back().Load(in);
    }
  }
  if (lazy) b->unread_.assign(b->parts_.size(), 1);
  if (!in->ok() || b->keys_.size() != n) return nullptr;
  return b;
}

}  // namespace portal::search
