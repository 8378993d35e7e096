#include "search/search_grams.h"

#include <algorithm>

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

uint32_t GramTable::Intern(GramKey key) {
  if (keys_.size() * 2 >= slots_.size()) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = GramKeyHash()(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return ids_[i];
    if (slots_[i] == 0) {
      slots_[i] = key;
      ids_[i] = static_cast<uint32_t>(keys_.size());
      keys_.push_back(key);
      return ids_[i];
    }
  }
}

int64_t GramTable::Find(GramKey key) const {
  if (slots_.empty()) return -1;
  size_t mask = slots_.size() - 1;
  for (size_t i = GramKeyHash()(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return ids_[i];
    if (slots_[i] == 0) return -1;
  }
}

void GramTable::Grow() {
  size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(size, 0);
  ids_.assign(size, 0);
  size_t mask = size - 1;
  for (uint32_t id = 0; id < keys_.size(); ++id) {
    size_t i = GramKeyHash()(keys_[id]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = keys_[id];
    ids_[i] = id;
  }
}

namespace {

struct SlotHit {
  uint32_t slot;
  Hit hit;
};

struct WordHit {
  const std::string* word;
  Hit hit;
};

// Calls emit(start, length) for each run of joined ideographs in `units`.
template <typename Emit>
void ForEachRun(const std::vector<Unit>& units, Emit emit) {
  size_t i = 0;
  while (i < units.size()) {
    if (units[i].cjk == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < units.size() && units[j].cjk != 0 && units[j].joins_previous) ++j;
    emit(i, j - i);
    i = j;
  }
}

struct Scratch {
  std::vector<SlotHit> hits;
  std::vector<uint32_t> touched;  // gram numbers, by slot
  std::vector<uint32_t> counts;   // hits, by slot; then offsets
  std::vector<Hit> ordered;
  std::vector<WordHit> words;
  std::u32string run;
};
thread_local Scratch tl;

}  // namespace

std::vector<std::u32string> RunsOf(const DocumentUnits& units) {
  std::vector<std::u32string> runs;
  for (const std::vector<Unit>& field : units) {
    ForEachRun(field, [&](size_t start, size_t length) {
      std::u32string run;
      for (size_t k = 0; k < length; ++k) run.push_back(field[start + k].cjk);
      runs.push_back(std::move(run));
    });
  }
  return runs;
}

ExtensionPlan PlanExtensions(const std::vector<std::vector<std::u32string>>& sample, double scale,
                             uint64_t min_occurrences) {
  ExtensionPlan plan;
  for (int n = 3; n < kMaxGram; ++n) {
    GramTable grams;
    std::vector<uint64_t> counts;
    for (const auto& runs : sample) {
      for (const std::u32string& run : runs) {
        for (size_t k = 0; k + n <= run.size(); ++k) {
          GramKey g = MakeGram(&run[k], n);
          if (n > 3 && plan.extended[n - 4].Find(GramPrefix(g, n - 1)) < 0) continue;
          uint32_t id = grams.Intern(g);
          if (id >= counts.size()) counts.resize(id + 1, 0);
          counts[id]++;
        }
      }
    }
    for (size_t id = 0; id < counts.size(); ++id) {
      if (static_cast<double>(counts[id]) * scale >= static_cast<double>(min_occurrences)) {
        plan.extended[n - 3].Intern(grams.keys()[id]);
      }
    }
    if (plan.extended[n - 3].keys().empty()) break;
  }
  return plan;
}

void AddDocumentTokens(int64_t doc, const DocumentUnits& units, const ExtensionPlan& plan,
                       BlockPostings* out) {
  Scratch& s = tl;
  s.hits.clear();
  s.touched.clear();
  s.counts.clear();
  s.words.clear();
  // Hits arrive per gram in field then position order, so a stable counting
  // sort by first appearance groups them without comparing keys.
  if (out->unigram_ids.empty()) out->unigram_ids.assign(0x40000, -1);
  auto add = [&](GramKey key, Hit hit) {
    uint32_t id;
    if (key < 0x40000) {  // unigram: skip the hash
      int32_t& known = out->unigram_ids[static_cast<size_t>(key)];
      if (known < 0) known = static_cast<int32_t>(out->grams.Intern(key));
      id = static_cast<uint32_t>(known);
    } else {
      id = out->grams.Intern(key);
    }
    if (id >= out->seen_doc.size()) {
      out->seen_doc.resize(id + 1, -1);
      out->slot.resize(id + 1, 0);
      out->gram_postings.resize(id + 1);
    }
    if (out->seen_doc[id] != doc) {
      out->seen_doc[id] = doc;
      out->slot[id] = static_cast<uint32_t>(s.touched.size());
      s.touched.push_back(id);
      s.counts.push_back(0);
    }
    uint32_t slot = out->slot[id];
    s.counts[slot]++;
    s.hits.push_back({slot, hit});
  };
  for (int f = 0; f < kFieldCount; ++f) {
    const std::vector<Unit>& field = units[f];
    for (size_t i = 0; i < field.size(); ++i) {
      if (field[i].cjk == 0) s.words.push_back({&field[i].word, {static_cast<uint8_t>(f), static_cast<uint32_t>(i)}});
    }
    ForEachRun(field, [&](size_t start, size_t length) {
      s.run.clear();
      for (size_t k = 0; k < length; ++k) s.run.push_back(field[start + k].cjk);
      for (size_t k = 0; k < length; ++k) {
        Hit hit{static_cast<uint8_t>(f), static_cast<uint32_t>(start + k)};
        for (int n = 1; n <= 3 && k + n <= length; ++n) add(MakeGram(&s.run[k], n), hit);
        GramKey g = 0;
        for (int n = 4; n <= kMaxGram && k + n <= length; ++n) {
          if (n == 4) g = MakeGram(&s.run[k], 3);
          if (plan.extended[n - 4].Find(g) < 0) break;
          g = MakeGram(&s.run[k], n);
          add(g, hit);
        }
      }
    });
  }
  uint32_t offset = 0;
  for (uint32_t& c : s.counts) {
    uint32_t n = c;
    c = offset;
    offset += n;
  }
  s.ordered.resize(s.hits.size());
  for (const SlotHit& h : s.hits) s.ordered[s.counts[h.slot]++] = h.hit;
  uint32_t begin = 0;
  for (size_t slot = 0; slot < s.touched.size(); ++slot) {
    uint32_t id = s.touched[slot], end = s.counts[slot];
    bool positional = GramLength(out->grams.keys()[id]) >= 3;
    AddDocument(&out->gram_postings[id], doc, &s.ordered[begin], end - begin, positional);
    begin = end;
  }
  std::sort(s.words.begin(), s.words.end(), [](const WordHit& a, const WordHit& b) {
    if (*a.word != *b.word) return *a.word < *b.word;
    if (a.hit.field != b.hit.field) return a.hit.field < b.hit.field;
    return a.hit.position < b.hit.position;
  });
  std::vector<Hit>& hits = s.ordered;
  for (size_t i = 0; i < s.words.size();) {
    size_t j = i;
    hits.clear();
    while (j < s.words.size() && *s.words[j].word == *s.words[i].word) hits.push_back(s.words[j++].hit);
    AddDocument(&out->words[*s.words[i].word], doc, hits.data(), hits.size(), true);
    i = j;
  }
}

void MergeBlock(BlockPostings* into, BlockPostings&& next) {
  const std::vector<GramKey>& keys = next.grams.keys();
  for (size_t id = 0; id < keys.size(); ++id) {
    uint32_t to = into->grams.Intern(keys[id]);
    if (to >= into->gram_postings.size()) into->gram_postings.resize(to + 1);
    AppendPosting(&into->gram_postings[to], next.gram_postings[id]);
  }
  for (auto& [word, posting] : next.words) AppendPosting(&into->words[word], posting);
  next = BlockPostings();
}

}  // namespace portal::search
