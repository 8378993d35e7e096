// First pages of big lists: for a token whose posting list is big (and so
// lies in a pack), the build writes into its dictionary entry the first page
// of the results a one-term query for it gets, ranked exactly as
// search.mjs ranks them. A reader typing a frequent term (三会一课, 乡村振兴)
// then gets records to fetch straight from the dictionary shard: the list
// (tens of KB) is neither fetched nor decoded, one round and most of the
// query's CPU fewer. The query module still reads the list for anything
// else (a filter, a later page, several terms).
//
// Entry bytes (after the pack and offset, when flags has kFirstPage):
//   varint byte length of the rest, then
//   varint total (documents in the list, policy-term pages not counted),
//   varint k (<= kFirstPageSize), k times: varint doc, varint first body
//     position + 1 (0: none), varint field mask, varint count per field in
//     the mask (title, headings, tags, body, pinyin);
//   varint m (<= 3), m times the same for the best policy-term pages
//     (title hit, then tag hit, then any; then by number), without the
//     position.
//
// Ranking (search.mjs, one term): a document's score is its tier sum (10
// for a title hit, 6 for a tag or pinyin hit, 3 for a heading hit) plus
// tf * 2.2 / (tf + 1.2 * norm) for tf body hits, norm = 0.25 + 0.75 *
// (1.06^q - 1) / max(1, avgBody) with q its quantized body length and 1.06^q
// by repeated multiplication (no pow, so both sides compute the same
// doubles); higher first, then lower document number. The term's idf is a
// common factor and is left out of the order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal::search {

inline constexpr size_t kFirstPageSize = 10;

struct FirstPageInputs {
  const std::vector<uint8_t>* norms = nullptr;  // quantized body length per document
  double avg_body = 0;                           // meta.json's avgBody
  uint32_t first_term = 0;                       // documents before the policy-term pages
};

// The entry bytes above for the packed positional list `packed` (empty when
// it has no document to show).
std::string FirstPageBytes(std::string_view packed, const FirstPageInputs& in);

// The length norms search.mjs derives (normOf), by quantized length.
std::vector<double> LengthNorms(double avg_body);

}  // namespace portal::search
