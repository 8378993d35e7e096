#include "knowledge/related.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "base/parallel.h"
#include "base/utf8.h"

namespace portal {
namespace {

bool IsWordChar(char32_t c) {
  if (IsCjkIdeograph(c)) return true;
  if (c < 128) return std::isalnum(static_cast<int>(c)) != 0;
  return false;
}

char32_t Fold(char32_t c) { return c < 128 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c; }

struct Weighted {
  uint64_t key;
  float weight;
};

// Open-addressing map from a 64-bit key to a slot number, for the hot
// counting loops (std::unordered_map allocated per key and dominated this
// stage). Reset() is O(1): entries of older generations count as empty, so
// one table serves every page of a thread.
class KeySlots {
 public:
  explicit KeySlots(size_t expected = 1024) {
    size_t size = 16;
    while (size < expected * 2) size *= 2;
    keys_.assign(size, 0);
    slots_.assign(size, 0);
    stamps_.assign(size, 0);
  }
  void Reset() {
    count_ = 0;
    if (++generation_ == 0) {  // wrapped: clear for real
      std::fill(stamps_.begin(), stamps_.end(), 0);
      generation_ = 1;
    }
  }
  // The slot of `key` (0, 1, 2, ... in order of first insertion).
  uint32_t Intern(uint64_t key) {
    if ((count_ + 1) * 2 > keys_.size()) Grow();
    size_t mask = keys_.size() - 1;
    for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
      if (stamps_[i] != generation_) {
        stamps_[i] = generation_;
        keys_[i] = key;
        slots_[i] = static_cast<uint32_t>(count_++);
        return slots_[i];
      }
      if (keys_[i] == key) return slots_[i];
    }
  }
  // The slot of `key`, or -1.
  int64_t Find(uint64_t key) const {
    size_t mask = keys_.size() - 1;
    for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
      if (stamps_[i] != generation_) return -1;
      if (keys_[i] == key) return slots_[i];
    }
  }
  size_t size() const { return count_; }

 private:
  static uint64_t Mix(uint64_t x) {
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    return x ^ (x >> 32);
  }
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> slots = std::move(slots_), stamps = std::move(stamps_);
    keys_.assign(keys.size() * 2, 0);
    slots_.assign(keys.size() * 2, 0);
    stamps_.assign(keys.size() * 2, 0);
    size_t mask = keys_.size() - 1;
    for (size_t j = 0; j < keys.size(); ++j) {
      if (stamps[j] != generation_) continue;
      size_t i = Mix(keys[j]) & mask;
      while (stamps_[i] == generation_) i = (i + 1) & mask;
      stamps_[i] = generation_;
      keys_[i] = keys[j];
      slots_[i] = slots[j];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> stamps_;
  uint32_t generation_ = 1;
  size_t count_ = 0;
};

// Bigram counts of `text` appended to `counts` (keys in order of first
// appearance), through a table reused across pages.
void CountBigrams(std::string_view text, KeySlots* table, std::vector<std::pair<uint64_t, uint32_t>>* counts) {
  char32_t prev = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    if (!IsWordChar(c)) {
      prev = 0;
      continue;
    }
    c = Fold(c);
    if (prev) {
      uint64_t key = (static_cast<uint64_t>(prev) << 21) | c;
      uint32_t slot = table->Intern(key);
      if (slot == counts->size()) counts->push_back({key, 0});
      ++(*counts)[slot].second;
    }
    prev = c;
  }
}

// A page's bigrams by count, at most `keep`, sorted by key.
std::vector<std::pair<uint64_t, uint32_t>> SalientBigrams(const Page& page, size_t keep) {
  thread_local KeySlots table(8192);
  thread_local std::vector<std::pair<uint64_t, uint32_t>> counts;  // every bigram: reused, not kept
  table.Reset();
  counts.clear();
  CountBigrams(page.meta.title, &table, &counts);
  CountBigrams(page.Text(), &table, &counts);
  auto stronger = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  if (counts.size() > keep) {
    std::nth_element(counts.begin(), counts.begin() + static_cast<long>(keep), counts.end(), stronger);
  }
  std::vector<std::pair<uint64_t, uint32_t>> salient(counts.begin(), counts.begin() + static_cast<long>(std::min(keep, counts.size())));
  std::sort(salient.begin(), salient.end());
  return salient;
}

}  // namespace

std::vector<std::pair<uint64_t, uint32_t>> CharacterBigrams(std::string_view text) {
  KeySlots table;
  std::vector<std::pair<uint64_t, uint32_t>> out;
  CountBigrams(text, &table, &out);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::vector<const Page*>> ComputeRelated(const Site& site,
                                                     const std::vector<std::vector<uint32_t>>& page_terms,
                                                     const std::vector<std::vector<uint32_t>>& term_pages,
                                                     const RelatedOptions& o, int jobs, RelatedMemo* memo) {
  const size_t n = site.pages.size();
  std::vector<std::vector<const Page*>> result(n);
  if (n < 2) return result;

  // 1. Each page's most frequent bigrams (its salient ones) and, over those,
  // document frequencies. Counting df over every bigram of every page cost
  // more than the rest of the stage; a bigram common enough to matter for
  // IDF is salient in the pages that use it, so the ranking hardly changes.
  // A clean build frees each page's counts once weighted; serve keeps them.
  using Counts = std::vector<std::pair<uint64_t, uint32_t>>;
  std::vector<Counts> owned;
  std::vector<const Counts*> counts = Memoized(site, memo ? &memo->salient : nullptr, o.salient_bigrams, &owned, jobs,
                                               [&](size_t i) { return SalientBigrams(*site.pages[i], o.salient_bigrams); });
  KeySlots df_slots(n * 16);
  std::vector<uint32_t> df;
  std::vector<std::vector<uint32_t>> slot_of(n);  // per page, the df slot of each salient bigram
  for (size_t i = 0; i < n; ++i) {
    slot_of[i].reserve(counts[i]->size());
    for (const auto& [k, tf] : *counts[i]) {
      uint32_t slot = df_slots.Intern(k);
      if (slot == df.size()) df.push_back(0);
      ++df[slot];
      slot_of[i].push_back(slot);
    }
  }
  // The logarithms, once per bigram and per count rather than per use.
  const double N = static_cast<double>(n);
  std::vector<double> idf(df.size());
  for (size_t slot = 0; slot < df.size(); ++slot) idf[slot] = std::log(N / df[slot]);
  std::vector<double> log_tf(256);
  for (size_t tf = 1; tf < log_tf.size(); ++tf) log_tf[tf] = 1 + std::log(static_cast<double>(tf));

  // 2. Each page's strongest bigrams, TF-IDF weighted and L2-normalized over
  // its salient vector (so a short page is not favoured). Bigrams in one page
  // only cannot link two pages and are skipped.
  std::vector<std::vector<Weighted>> top(n);
  ParallelFor(n, jobs, [&](size_t i) {
    std::vector<Weighted> w;
    double norm = 0;
    for (size_t j = 0; j < counts[i]->size(); ++j) {
      const auto& [k, tf] = (*counts[i])[j];
      uint32_t slot = slot_of[i][j], d = df[slot];
      double x = (tf < log_tf.size() ? log_tf[tf] : 1 + std::log(static_cast<double>(tf))) * idf[slot];
      norm += x * x;
      if (d >= 2 && x > 0) w.push_back({k, static_cast<float>(x)});
    }
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (Weighted& x : w) x.weight = static_cast<float>(x.weight / norm);
    }
    size_t keep = std::min(o.top_bigrams, w.size());
    std::partial_sort(w.begin(), w.begin() + static_cast<long>(keep), w.end(), [](const Weighted& a, const Weighted& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.key < b.key;
    });
    w.resize(keep);
    top[i] = std::move(w);
    if (!memo) {
      owned[i].clear();
      owned[i].shrink_to_fit();
    }
  });

  // 3. Inverted index of the kept bigrams; each list keeps its strongest pages.
  KeySlots list_slots(n * 8);
  std::vector<std::vector<std::pair<float, uint32_t>>> postings;
  std::vector<std::vector<uint32_t>> list_of(n);  // per page, the list of each kept bigram
  for (uint32_t i = 0; i < n; ++i) {
    for (const Weighted& w : top[i]) {
      uint32_t slot = list_slots.Intern(w.key);
      if (slot == postings.size()) postings.emplace_back();
      postings[slot].push_back({w.weight, i});
      list_of[i].push_back(slot);
    }
  }
  ParallelFor(postings.size(), jobs, [&](size_t s) {
    auto& list = postings[s];
    auto stronger = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
    if (list.size() > o.posting_cap) {
      std::partial_sort(list.begin(), list.begin() + static_cast<long>(o.posting_cap), list.end(), stronger);
      list.resize(o.posting_cap);
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  });

  // Each tag's first list_cap pages, as indices.
  std::unordered_map<const Page*, uint32_t> index_of;
  for (uint32_t i = 0; i < n; ++i) index_of[site.pages[i].get()] = i;
  std::vector<std::vector<uint32_t>> tag_lists(site.tags.terms.size());  // by tag, as site.tags.terms
  for (size_t t = 0; t < site.tags.terms.size(); ++t) {
    const Term& term = site.tags.terms[t];
    for (size_t k = 0; k < term.pages.size() && k < o.list_cap; ++k) tag_lists[t].push_back(index_of.at(term.pages[k]));
  }

  // 4. Per page: score the candidates the index, tags and terms give, in a
  // dense per-thread array (only the touched entries are reset).
  ParallelFor(n, jobs, [&](size_t i) {
    thread_local std::vector<double> score;
    thread_local std::vector<uint32_t> touched;
    if (score.size() != n) score.assign(n, 0.0);
    touched.clear();
    auto add = [&](uint32_t j, double x) {
      if (j == i) return;
      if (score[j] == 0.0) touched.push_back(j);
      score[j] += x;
      if (score[j] == 0.0) score[j] = 1e-300;  // stays "touched"
    };
    for (size_t b = 0; b < top[i].size(); ++b) {
      for (const auto& [weight, j] : postings[list_of[i][b]]) add(j, static_cast<double>(top[i][b].weight) * weight);
    }
    const Page& page = *site.pages[i];
    for (const std::string& tag : page.meta.tags) {
      auto t = site.tag_index.find(tag);
      if (t == site.tag_index.end()) continue;
      for (uint32_t j : tag_lists[t->second]) add(j, o.tag_weight);
    }
    if (i < page_terms.size()) {
      for (uint32_t term : page_terms[i]) {
        if (term >= term_pages.size()) continue;
        const auto& list = term_pages[term];
        for (size_t k = 0; k < list.size() && k < o.list_cap; ++k) add(list[k], o.term_weight);
      }
    }
    // Scores are summed in a fixed order; rounding them to 1e-6 as well
    // keeps float noise from deciding between equally similar pages.
    std::vector<std::pair<int64_t, const Page*>> ranked;
    ranked.reserve(touched.size());
    for (uint32_t j : touched) {
      ranked.push_back({std::llround(score[j] * 1e6), site.pages[j].get()});
      score[j] = 0.0;
    }
    size_t keep = std::min(o.max_related, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(keep), ranked.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      return NewerFirst(a.second, b.second);
    });
    for (size_t k = 0; k < keep; ++k) result[i].push_back(ranked[k].second);
  });
  return result;
}

}  // namespace portal
