#include "search/search_first_page.h"

#include <algorithm>

#include "search/search_postings.h"

namespace portal::search {
namespace {

// Without contraction into fused multiply-adds, so the doubles are the ones
// search.mjs computes.
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

double Score(const uint32_t* tf, double norm) {
  double s = 0;
  if (tf[kTitle]) s += 10;
  if (tf[kTags] || tf[kPinyin]) s += 6;
  if (tf[kHeadings]) s += 3;
  if (tf[kBody]) {
    double b = tf[kBody];
    s += (b * 2.2) / (b + 1.2 * norm);
  }
  return s;
}

#pragma GCC pop_options

void PutCounts(const uint32_t* tf, std::string* out) {
  uint32_t mask = 0;
  for (int f = 0; f < kFieldCount; ++f) {
    if (tf[f]) mask |= 1u << f;
  }
  PutVarint(mask, out);
  for (int f = 0; f < kFieldCount; ++f) {
    if (tf[f]) PutVarint(tf[f], out);
  }
}

}  // namespace

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

std::vector<double> LengthNorms(double avg_body) {
  std::vector<double> norms(256);
  double power = 1;  // 1.06^q
  double avg = std::max(1.0, avg_body);
  for (int q = 0; q < 256; ++q) {
    norms[q] = 0.25 + 0.75 * ((power - 1) / avg);
    power *= 1.06;
  }
  return norms;
}

#pragma GCC pop_options

std::string FirstPageBytes(std::string_view packed, const FirstPageInputs& in) {
  thread_local std::vector<CountedEntry> entries;
  entries.clear();
  if (!DecodeCounts(packed, true, &entries)) return "";
  std::vector<const CountedEntry*> docs, terms;
  for (const CountedEntry& e : entries) (e.doc < in.first_term ? docs : terms).push_back(&e);
  if (docs.empty()) return "";
  // As search.mjs: the length norm only when more than one document matches.
  std::vector<double> norm_of = LengthNorms(in.avg_body);
  std::vector<std::pair<double, const CountedEntry*>> scored;
  scored.reserve(docs.size());
  for (const CountedEntry* e : docs) {
    size_t d = static_cast<size_t>(e->doc);
    double norm = docs.size() > 1 && in.norms && d < in.norms->size() ? norm_of[(*in.norms)[d]] : 1;
    scored.emplace_back(Score(e->counts, norm), e);
  }
  size_t k = std::min(kFirstPageSize, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(k), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second->doc < b.second->doc;
  });
  std::string body;
  PutVarint(docs.size(), &body);
  PutVarint(k, &body);
  for (size_t i = 0; i < k; ++i) {
    const CountedEntry& e = *scored[i].second;
    PutVarint(e.doc, &body);
    PutVarint(e.first_body == UINT32_MAX ? 0 : uint64_t{e.first_body} + 1, &body);
    PutCounts(e.counts, &body);
  }
  // Policy-term pages: title hits, then tag hits, then the rest, by number.
  auto rank = [](const CountedEntry* e) { return e->counts[kTitle] ? 0 : e->counts[kTags] ? 1 : 2; };
  std::stable_sort(terms.begin(), terms.end(), [&](const CountedEntry* a, const CountedEntry* b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a->doc < b->doc;
  });
  size_t m = std::min<size_t>(3, terms.size());
  PutVarint(m, &body);
  for (size_t i = 0; i < m; ++i) {
    PutVarint(terms[i]->doc, &body);
    PutCounts(terms[i]->counts, &body);
  }
  std::string out;
  PutVarint(body.size(), &out);
  return out + body;
}

}  // namespace portal::search
