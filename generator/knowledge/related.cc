#include "knowledge/related.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "base/hash.h"
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

using Counts = std::vector<std::pair<uint64_t, uint32_t>>;

// Each page's place in NewerFirst order (ties between equal scores go to
// the newer page).
std::vector<uint32_t> NewerRanks(const Site& site) {
  const size_t n = site.pages.size();
  std::vector<uint32_t> order(n), rank(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return NewerFirst(site.pages[a].get(), site.pages[b].get()); });
  for (uint32_t r = 0; r < n; ++r) rank[order[r]] = r;
  return rank;
}

// A page's strongest bigrams: TF-IDF weighted, L2-normalized over its
// salient vector (so a short page is not favoured) and rounded to units of
// 1/kWeightUnit, so that a small edit seldom moves another page's kept
// weights and scores are exact integer sums in any order. Bigrams in one
// page only cannot link two pages and are skipped. `idf(j, &df)` gives the
// idf and df of counts[j].
constexpr double kWeightUnit = 1024.0;

template <typename Idf>
std::vector<Kept> KeptWeights(const Counts& counts, size_t keep_at_most, const std::vector<double>& log_tf, Idf idf) {
  thread_local std::vector<std::pair<uint64_t, double>> w;
  w.clear();
  double norm = 0;
  for (size_t j = 0; j < counts.size(); ++j) {
    const auto& [k, tf] = counts[j];
    uint32_t d = 0;
    double x = (tf < log_tf.size() ? log_tf[tf] : 1 + std::log(static_cast<double>(tf))) * idf(j, &d);
    norm += x * x;
    if (d >= 2 && x > 0) w.emplace_back(k, x);
  }
  norm = std::sqrt(norm);
  std::vector<Kept> kept;
  if (norm > 0) {
    for (const auto& [k, x] : w) {
      auto units = static_cast<uint32_t>(std::lround(x / norm * kWeightUnit));
      if (units > 0) kept.push_back({k, units});
    }
  }
  size_t keep = std::min(keep_at_most, kept.size());
  std::partial_sort(kept.begin(), kept.begin() + static_cast<long>(keep), kept.end(),
                    [](const Kept& a, const Kept& b) { return a.weight != b.weight ? a.weight > b.weight : a.key < b.key; });
  kept.resize(keep);
  return kept;
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
  if (n < 2 || o.max_related == 0) return result;

  // Which pages these are: with a memo holding the same pages in the same
  // order (and the same options), page i is the memo's page i and only what
  // changed is worked out again.
  std::vector<uint32_t> newer = NewerRanks(site);
  uint64_t pages_key = HashCombine(Hash64(std::to_string(n) + "|" + std::to_string(o.max_related) + "|" +
                                          std::to_string(o.salient_bigrams) + "|" + std::to_string(o.top_bigrams) + "|" +
                                          std::to_string(o.posting_cap) + "|" + std::to_string(o.list_cap) + "|" +
                                          std::to_string(o.tag_weight) + "|" + std::to_string(o.term_weight)),
                                   term_pages.size());
  for (uint32_t i = 0; i < n; ++i) pages_key = HashCombine(HashCombine(pages_key, Hash64(site.pages[i]->source)), newer[i]);
  bool same_pages = memo && memo->scored && memo->pages_key == pages_key && memo->top.size() == n &&
                    memo->versions.size() == n;

  // 1. Each page's most frequent bigrams (its salient ones) and, over those,
  // document frequencies. Counting df over every bigram of every page cost
  // more than the rest of the stage; a bigram common enough to matter for
  // IDF is salient in the pages that use it, so the ranking hardly changes.
  // A clean build frees each page's counts once weighted; serve keeps them.
  std::vector<uint64_t> versions(n);
  for (size_t i = 0; i < n; ++i) versions[i] = site.pages[i]->version;
  std::vector<std::pair<size_t, Counts>> replaced;  // edited pages' counts of the last build
  if (same_pages) {
    for (size_t i = 0; i < n; ++i) {
      if (versions[i] == memo->versions[i]) continue;
      auto it = memo->salient.entries.find(memo->versions[i]);
      if (it == memo->salient.entries.end()) {  // not counted last time: start afresh
        same_pages = false;
        replaced.clear();
        break;
      }
      replaced.emplace_back(i, it->second);
    }
  }
  std::vector<Counts> owned;
  std::vector<const Counts*> counts = Memoized(site, memo ? &memo->salient : nullptr, o.salient_bigrams, &owned, jobs,
                                               [&](size_t i) { return SalientBigrams(*site.pages[i], o.salient_bigrams); });
  const double N = static_cast<double>(n);
  std::vector<double> log_tf(256);
  for (size_t tf = 1; tf < log_tf.size(); ++tf) log_tf[tf] = 1 + std::log(static_cast<double>(tf));

  // 2. Each page's strongest bigrams (KeptWeights). With the same pages as
  // the memo, df is updated by the edited pages' counts, and only the pages
  // holding a bigram whose df moved (and the edited ones) are weighed again.
  std::vector<std::vector<Kept>> top(n);
  if (same_pages) {
    std::unordered_map<uint64_t, int> delta;
    for (const auto& [i, old] : replaced) {
      for (const auto& [k, tf] : old) --delta[k];
      for (const auto& [k, tf] : *counts[i]) ++delta[k];
    }
    std::unordered_set<uint64_t> moved;
    for (const auto& [k, d] : delta) {
      if (d == 0) continue;
      moved.insert(k);
      auto it = memo->df.find(k);
      int64_t now = (it == memo->df.end() ? 0 : int64_t{it->second}) + d;
      if (now <= 0) {
        if (it != memo->df.end()) memo->df.erase(it);
      } else {
        memo->df[k] = static_cast<uint32_t>(now);
      }
    }
    std::vector<char> weigh(n, 0);
    for (const auto& [i, old] : replaced) weigh[i] = 1;
    if (!moved.empty()) {
      ParallelFor(n, jobs, [&](size_t i) {
        for (const auto& [k, tf] : *counts[i]) {
          if (moved.count(k)) {
            weigh[i] = 1;
            return;
          }
        }
      });
    }
    const auto& df = memo->df;
    ParallelFor(n, jobs, [&](size_t i) {
      if (!weigh[i]) {
        top[i] = memo->top[i];
        return;
      }
      top[i] = KeptWeights(*counts[i], o.top_bigrams, log_tf, [&](size_t j, uint32_t* d) {
        *d = df.at((*counts[i])[j].first);
        return std::log(N / *d);
      });
    });
  } else {
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
    // The logarithms, once per bigram rather than per use.
    std::vector<double> idf(df.size());
    for (size_t slot = 0; slot < df.size(); ++slot) idf[slot] = std::log(N / df[slot]);
    ParallelFor(n, jobs, [&](size_t i) {
      top[i] = KeptWeights(*counts[i], o.top_bigrams, log_tf, [&](size_t j, uint32_t* d) {
        *d = df[slot_of[i][j]];
        return idf[slot_of[i][j]];
      });
      if (!memo) {
        owned[i].clear();
        owned[i].shrink_to_fit();
      }
    });
    if (memo) {
      memo->df.clear();
      memo->df.reserve(df.size());
      for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < counts[i]->size(); ++j) memo->df.emplace((*counts[i])[j].first, df[slot_of[i][j]]);
      }
    }
  }

  // 3. Inverted index of the kept bigrams; each list keeps its strongest
  // pages (ordered by page, so that equal lists hash equal).
  KeySlots list_slots(n * 8);
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> postings;  // (weight, page)
  std::vector<uint64_t> list_key;                                    // per list, its bigram
  std::vector<std::vector<uint32_t>> list_of(n);  // per page, the list of each kept bigram
  for (uint32_t i = 0; i < n; ++i) {
    for (const Kept& w : top[i]) {
      uint32_t slot = list_slots.Intern(w.key);
      if (slot == postings.size()) {
        postings.emplace_back();
        list_key.push_back(w.key);
      }
      postings[slot].push_back({w.weight, i});
      list_of[i].push_back(slot);
    }
  }
  std::vector<uint64_t> list_hash(postings.size());
  ParallelFor(postings.size(), jobs, [&](size_t s) {
    auto& list = postings[s];
    auto stronger = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
    if (list.size() > o.posting_cap) {
      std::partial_sort(list.begin(), list.begin() + static_cast<long>(o.posting_cap), list.end(), stronger);
      list.resize(o.posting_cap);
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    uint64_t h = list_key[s];
    for (const auto& [weight, j] : list) h = HashCombine(h, uint64_t{weight} << 32 | j);
    list_hash[s] = h;
  });

  // Each tag's and term's first list_cap pages, as indices.
  std::unordered_map<const Page*, uint32_t> index_of;
  for (uint32_t i = 0; i < n; ++i) index_of[site.pages[i].get()] = i;
  std::vector<std::vector<uint32_t>> tag_lists(site.tags.terms.size());  // by tag, as site.tags.terms
  for (size_t t = 0; t < site.tags.terms.size(); ++t) {
    const Term& term = site.tags.terms[t];
    for (size_t k = 0; k < term.pages.size() && k < o.list_cap; ++k) tag_lists[t].push_back(index_of.at(term.pages[k]));
  }
  auto capped_hash = [&](const std::vector<uint32_t>& list) {
    uint64_t h = list.size() < o.list_cap ? list.size() : o.list_cap;
    for (size_t k = 0; k < list.size() && k < o.list_cap; ++k) h = HashCombine(h, list[k]);
    return h;
  };
  // What each page's list is made from: with a memo, a page is scored again
  // only when its own kept weights, tags or terms changed, or a list it
  // draws candidates from did; the same inputs give the same list.
  std::vector<uint64_t> page_inputs(n);
  ParallelFor(n, jobs, [&](size_t i) {
    uint64_t h = 0;
    for (const Kept& w : top[i]) h = HashCombine(HashCombine(h, w.key), w.weight);
    h = HashCombine(h, site.pages[i]->meta.tags.size());
    for (const std::string& tag : site.pages[i]->meta.tags) h = HashCombine(h, Hash64(tag));
    if (i < page_terms.size()) {
      h = HashCombine(h, page_terms[i].size());
      for (uint32_t t : page_terms[i]) h = HashCombine(h, t);
    }
    page_inputs[i] = h;
  });
  std::vector<uint64_t> tag_hash(tag_lists.size()), term_hash(term_pages.size());
  for (size_t t = 0; t < tag_lists.size(); ++t) tag_hash[t] = capped_hash(tag_lists[t]);
  for (size_t t = 0; t < term_pages.size(); ++t) term_hash[t] = capped_hash(term_pages[t]);
  std::vector<char> rescore(n, 1);
  if (same_pages && memo->related.size() == n) {
    std::fill(rescore.begin(), rescore.end(), 0);
    for (size_t i = 0; i < n; ++i) rescore[i] = page_inputs[i] != memo->page_inputs[i];
    std::vector<char> list_changed(postings.size());
    for (size_t s = 0; s < postings.size(); ++s) {
      auto it = memo->bigram_lists.find(list_key[s]);
      list_changed[s] = it == memo->bigram_lists.end() || it->second != list_hash[s];
    }
    for (size_t i = 0; i < n; ++i) {
      for (uint32_t slot : list_of[i]) rescore[i] |= list_changed[slot];
    }
    for (size_t t = 0; t < tag_lists.size(); ++t) {
      auto it = memo->tag_lists.find(site.tags.terms[t].name);
      if (it != memo->tag_lists.end() && it->second == tag_hash[t]) continue;
      for (const Page* p : site.tags.terms[t].pages) rescore[index_of.at(p)] = 1;
    }
    for (size_t t = 0; t < term_pages.size(); ++t) {
      if (t < memo->term_lists.size() && memo->term_lists[t] == term_hash[t]) continue;
      for (uint32_t i : term_pages[t]) rescore[i] = 1;
    }
  }

  // 4. Per page to score: the candidates the index, tags and terms give,
  // summed in a dense per-thread array (only the touched entries are reset).
  const auto tag_score = static_cast<int64_t>(std::llround(o.tag_weight * kWeightUnit * kWeightUnit));
  const auto term_score = static_cast<int64_t>(std::llround(o.term_weight * kWeightUnit * kWeightUnit));
  std::vector<std::vector<uint32_t>> related(n);
  ParallelFor(n, jobs, [&](size_t i) {
    if (!rescore[i]) {
      related[i] = memo->related[i];
      return;
    }
    thread_local std::vector<int64_t> score;
    thread_local std::vector<uint32_t> touched;
    if (score.size() != n) score.assign(n, 0);
    touched.clear();
    auto add = [&](uint32_t j, int64_t x) {  // x > 0, so a touched entry is never 0
      if (score[j] == 0) touched.push_back(j);
      score[j] += x;
    };
    for (size_t b = 0; b < top[i].size(); ++b) {
      const int64_t mine = top[i][b].weight;
      for (const auto& [weight, j] : postings[list_of[i][b]]) add(j, mine * weight);
    }
    const Page& page = *site.pages[i];
    for (const std::string& tag : page.meta.tags) {
      auto t = site.tag_index.find(tag);
      if (t == site.tag_index.end()) continue;
      for (uint32_t j : tag_lists[t->second]) add(j, tag_score);
    }
    if (i < page_terms.size()) {
      for (uint32_t term : page_terms[i]) {
        if (term >= term_pages.size()) continue;
        const auto& list = term_pages[term];
        for (size_t k = 0; k < list.size() && k < o.list_cap; ++k) add(list[k], term_score);
      }
    }
    // The best max_related: higher score first, then the newer page.
    struct Best {
      int64_t score;
      uint32_t newer, page;
    };
    std::vector<Best> best;
    best.reserve(o.max_related + 1);
    auto better = [](const Best& a, const Best& b) { return a.score != b.score ? a.score > b.score : a.newer < b.newer; };
    for (uint32_t j : touched) {
      Best c{score[j], newer[j], j};
      score[j] = 0;
      if (j == i || (best.size() == o.max_related && !better(c, best.back()))) continue;
      best.insert(std::upper_bound(best.begin(), best.end(), c, better), c);
      if (best.size() > o.max_related) best.pop_back();
    }
    for (const Best& b : best) related[i].push_back(b.page);
  });
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t j : related[i]) result[i].push_back(site.pages[j].get());
  }
  if (memo) {
    memo->scored = true;
    memo->pages_key = pages_key;
    memo->versions = std::move(versions);
    memo->top = std::move(top);
    memo->page_inputs = std::move(page_inputs);
    memo->bigram_lists.clear();
    memo->bigram_lists.reserve(postings.size());
    for (size_t s = 0; s < postings.size(); ++s) memo->bigram_lists.emplace(list_key[s], list_hash[s]);
    memo->tag_lists.clear();
    for (size_t t = 0; t < tag_lists.size(); ++t) memo->tag_lists.emplace(site.tags.terms[t].name, tag_hash[t]);
    memo->term_lists = std::move(term_hash);
    memo->rescored = static_cast<size_t>(std::count(rescore.begin(), rescore.end(), 1));
    memo->related = std::move(related);
  }
  return result;
}

}  // namespace portal
