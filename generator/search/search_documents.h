// The documents of the index: their order, the units of their fields, and
// the small files the query module reads for the results it shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "search/search_grams.h"
#include "site/page.h"

namespace portal::search {

// Pages in index order: newest first (date, then URL), so equal scores are
// broken by document number and a year is a contiguous range.
std::vector<const Page*> IndexOrder(const std::vector<const Page*>& pages);

// Units of every field of `page`: title, headings (one per line), tags (one
// per line), body (plain text) and pinyin (full and initials of every run of
// two or more ideographs in the title and the tags, as words).
DocumentUnits UnitsOf(const Page& page);

// A piece of body text shown as an excerpt: a paragraph, or part of a long
// one cut where no word is split. `start` is the position of its first unit.
struct Passage {
  std::string text;
  uint32_t start = 0;
};

inline constexpr size_t kPassageMaxCodePoints = 300;
inline constexpr size_t kPassagesPerFile = 4;

// The body of `page` as passages, in order; *body_units receives the number
// of units of the whole body.
std::vector<Passage> PassagesOf(const Page& page, uint32_t* body_units);

// Body length in units, stored in one byte: round(log(1 + n) / log(1.06)).
uint8_t QuantizeLength(uint64_t units);

}  // namespace portal::search
