// Related reading by content similarity, in time linear in the number of
// pages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/page_memo.h"
#include "site/site.h"

namespace portal {

struct RelatedOptions {
  size_t max_related = 5;
  size_t salient_bigrams = 192;  // a page's most frequent bigrams, over which df is counted
  size_t top_bigrams = 32;    // a page's strongest bigrams kept for matching
  size_t posting_cap = 64;    // pages kept per bigram (the strongest ones)
  size_t list_cap = 64;       // pages taken from one tag's or term's list
  double tag_weight = 0.08;   // added per shared tag
  double term_weight = 0.05;  // added per shared policy term
};

// What portal serve keeps between rebuilds: each page's salient bigrams
// under the page's version (title and text are part of its source), and
// what the last build scored with, so that only pages whose scoring inputs
// changed are scored again (the others keep their lists: the same inputs
// give the same list).
// A kept bigram of a page and its weight in units of 1/1024.
struct Kept {
  uint64_t key;
  uint32_t weight;
};

struct RelatedMemo {
  PageMemo<std::vector<std::pair<uint64_t, uint32_t>>> salient;  // context: the salient_bigrams option
  bool scored = false;
  std::vector<uint64_t> versions;             // per page, the version its counts are of
  std::unordered_map<uint64_t, uint32_t> df;  // salient bigram -> pages it is salient in
  std::vector<std::vector<Kept>> top;         // per page, its kept bigrams
  uint64_t pages_key = 0;                  // the pages in order, their NewerFirst ranks, the options
  std::vector<uint64_t> page_inputs;       // per page: its kept weights, tags and terms
  std::unordered_map<uint64_t, uint64_t> bigram_lists;  // kept bigram -> hash of its capped list
  std::unordered_map<std::string, uint64_t> tag_lists;  // tag -> hash of its capped list
  std::vector<uint64_t> term_lists;        // per term -> hash of its capped list
  std::vector<std::vector<uint32_t>> related;  // per page, as indices
  size_t rescored = 0;                     // pages the last build scored
};

// For every page (site.pages order), up to max_related other pages, best
// first. Similarity: cosine of TF-IDF vectors over character bigrams (CJK,
// letters and digits, not across punctuation; document frequency counted
// over each page's salient_bigrams most frequent ones), reduced to each
// page's top_bigrams strongest bigrams with weights rounded to 1/1024 (so
// that a small edit seldom changes another page's weights, and sums are
// exact integers), plus tag_weight per shared tag and term_weight per
// shared term. Candidates come only through an inverted
// index of those bigrams (each posting list capped) and the capped tag and
// term lists, so the work per page is bounded: O(pages) overall, never
// O(pages²). Ties go to the newer page, so the result is deterministic and
// independent of `jobs`. With a memo, only pages not in it are counted.
// `page_terms[i]`: ascending term ids of page i (may be empty);
// `term_pages[t]`: indices of the pages using term t, newest first.
std::vector<std::vector<const Page*>> ComputeRelated(const Site& site,
                                                     const std::vector<std::vector<uint32_t>>& page_terms,
                                                     const std::vector<std::vector<uint32_t>>& term_pages,
                                                     const RelatedOptions& options, int jobs,
                                                     RelatedMemo* memo = nullptr);

// The bigram keys of `text` with their counts, sorted by key (exposed for tests).
std::vector<std::pair<uint64_t, uint32_t>> CharacterBigrams(std::string_view text);

}  // namespace portal
