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

}  // namespace

std::vector<std::pair<uint64_t, uint32_t>> CharacterBigrams(std::string_view text) {
  std::vector<uint64_t> keys;
  char32_t prev = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    if (!IsWordChar(c)) {
      prev = 0;
      continue;
    }
    c = Fold(c);
    if (prev) keys.push_back((static_cast<uint64_t>(prev) << 21) | c);
    prev = c;
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::pair<uint64_t, uint32_t>> out;
  for (uint64_t k : keys) {
    if (!out.empty() && out.back().first == k) ++out.back().second;
    else out.push_back({k, 1});
  }
  return out;
}

std::vector<std::vector<const Page*>> ComputeRelated(const Site& site,
                                                     const std::vector<std::vector<uint32_t>>& page_terms,
                                                     const std::vector<std::vector<uint32_t>>& term_pages,
                                                     const RelatedOptions& o, int jobs) {
  const size_t n = site.pages.size();
  std::vector<std::vector<const Page*>> result(n);
  if (n < 2) return result;

  // 1. Bigram counts per page, document frequencies.
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> counts(n);
  ParallelFor(n, jobs, [&](size_t i) {
    const Page& p = *site.pages[i];
    counts[i] = CharacterBigrams(p.meta.title + "\n" + p.body.plain_text);
  });
  std::unordered_map<uint64_t, uint32_t> df;
  for (const auto& c : counts) {
    for (const auto& [k, tf] : c) ++df[k];
  }

  // 2. Each page's strongest bigrams, TF-IDF weighted and L2-normalized over
  // the whole vector (so a short page is not favoured). Bigrams in one page
  // only cannot link two pages and are skipped.
  std::vector<std::vector<Weighted>> top(n);
  const double N = static_cast<double>(n);
  ParallelFor(n, jobs, [&](size_t i) {
    std::vector<Weighted> w;
    double norm = 0;
    for (const auto& [k, tf] : counts[i]) {
      uint32_t d = df.at(k);
      double x = (1 + std::log(static_cast<double>(tf))) * std::log(N / d);
      norm += x * x;
      if (d >= 2 && x > 0) w.push_back({k, static_cast<float>(x)});
    }
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (Weighted& x : w) x.weight = static_cast<float>(x.weight / norm);
    }
    size_t keep = std::min(o.top_bigrams, w.size());
    std::partial_sort(w.begin(), w.begin() + keep, w.end(), [](const Weighted& a, const Weighted& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.key < b.key;
    });
    w.resize(keep);
    std::sort(w.begin(), w.end(), [](const Weighted& a, const Weighted& b) { return a.key < b.key; });
    top[i] = std::move(w);
    counts[i].clear();
    counts[i].shrink_to_fit();
  });

  // 3. Inverted index of the kept bigrams; each list keeps its strongest pages.
  std::unordered_map<uint64_t, std::vector<std::pair<float, uint32_t>>> postings;
  for (uint32_t i = 0; i < n; ++i) {
    for (const Weighted& w : top[i]) postings[w.key].push_back({w.weight, i});
  }
  for (auto& [k, list] : postings) {
    auto stronger = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
    if (list.size() > o.posting_cap) {
      std::partial_sort(list.begin(), list.begin() + o.posting_cap, list.end(), stronger);
      list.resize(o.posting_cap);
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  }

  std::unordered_map<const Page*, uint32_t> index_of;
  for (uint32_t i = 0; i < n; ++i) index_of[site.pages[i].get()] = i;

  // 4. Per page: score the candidates the index, tags and terms give.
  ParallelFor(n, jobs, [&](size_t i) {
    std::unordered_map<uint32_t, double> score;
    for (const Weighted& w : top[i]) {
      auto it = postings.find(w.key);
      if (it == postings.end()) continue;
      for (const auto& [weight, j] : it->second) {
        if (j != i) score[j] += static_cast<double>(w.weight) * weight;
      }
    }
    const Page& page = *site.pages[i];
    for (const std::string& tag : page.meta.tags) {
      const Term* t = site.FindTag(tag);
      if (!t) continue;
      for (size_t k = 0; k < t->pages.size() && k < o.list_cap; ++k) {
        uint32_t j = index_of.at(t->pages[k]);
        if (j != i) score[j] += o.tag_weight;
      }
    }
    if (i < page_terms.size()) {
      for (uint32_t term : page_terms[i]) {
        if (term >= term_pages.size()) continue;
        const auto& list = term_pages[term];
        for (size_t k = 0; k < list.size() && k < o.list_cap; ++k) {
          if (list[k] != i) score[list[k]] += o.term_weight;
        }
      }
    }
    // Scores are summed in a fixed order; rounding them to 1e-6 as well
    // keeps float noise from deciding between equally similar pages.
    std::vector<std::pair<int64_t, const Page*>> ranked;
    ranked.reserve(score.size());
    for (const auto& [j, s] : score) ranked.push_back({std::llround(s * 1e6), site.pages[j].get()});
    size_t keep = std::min(o.max_related, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      return NewerFirst(a.second, b.second);
    });
    for (size_t k = 0; k < keep; ++k) result[i].push_back(ranked[k].second);
  });
  return result;
}

}  // namespace portal
