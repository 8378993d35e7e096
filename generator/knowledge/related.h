// Related reading by content similarity, in time linear in the number of
// pages.
#pragma once

#include <cstdint>
#include <string_view>
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

// Each page's salient bigrams, kept by portal serve between rebuilds under
// the page's version (title and text are part of its source).
struct RelatedMemo {
  PageMemo<std::vector<std::pair<uint64_t, uint32_t>>> salient;  // context: the salient_bigrams option
};

// For every page (site.pages order), up to max_related other pages, best
// first. Similarity: cosine of TF-IDF vectors over character bigrams (CJK,
// letters and digits, not across punctuation; document frequency counted
// over each page's salient_bigrams most frequent ones), reduced to each
// page's top_bigrams strongest bigrams, plus tag_weight per shared tag and
// term_weight per shared term. Candidates come only through an inverted
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
