// Posting lists: for one token, every document it occurs in, with counts per
// field and, for positional tokens, the positions. Binary and compact,
// decoded by search.mjs (decodePostings):
//
//   entry  = varint(gap << 2 | code) ...    gap = doc - previous doc (first: doc + 1)
//   code 0 = body only, once                 [positional: varint pos]
//   code 1 = body only, varint count         [positional: count positions]
//   code 2 = varint field mask (bit f = field f), then per field in order:
//            varint count                    [positional: count positions]
//   positions of one field: first absolute, then differences (ascending).
//
// A block of documents builds its own lists (in parallel with other blocks);
// AppendPosting joins them by re-encoding only the first entry's gap.
//
// That byte format is the build's working form. The files carry the same
// entries bit-packed (PackPosting), about a third smaller:
//   varint entry count, then a bit stream (bit i = byte[i/8] >> (i%8) & 1):
//   5 bits kd, 5 bits kp: Rice parameters for document gaps and positions;
//   per entry: Rice(kd) of gap - 1, 2 bits code (as above);
//     code 1: gamma(count - 1); code 2: 5 bits mask, per field gamma(count);
//     positional: per field Rice(kp) of the first position, then of each
//     difference - 1.
//   Rice(k) of v: q = v >> k as q one bits and a zero bit, then the k low
//   bits of v; when q >= 24: 24 one bits, then v in 32 bits. gamma(v), v >= 1:
//   n = bits of v, n - 1 zero bits, then the n bits of v from the top.
// Each list picks the parameters that make it smallest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal::search {

enum Field : uint8_t { kTitle = 0, kHeadings = 1, kTags = 2, kBody = 3, kPinyin = 4 };
inline constexpr int kFieldCount = 5;

// One occurrence of a token in a document.
struct Hit {
  uint8_t field = kBody;
  uint32_t position = 0;
};

struct Posting {
  std::string bytes;
  int64_t last_doc = -1;  // last document appended, -1 when empty
  uint32_t df = 0;        // documents
  uint64_t occurrences = 0;
};

void PutVarint(uint64_t v, std::string* out);
// Reads a varint at s[*pos], advancing *pos; returns false on truncation.
bool GetVarint(std::string_view s, size_t* pos, uint64_t* v);

// Appends document `doc` (greater than the last one) with `hits` sorted by
// field then position; positions are written only when `positional`.
void AddDocument(Posting* p, int64_t doc, const Hit* hits, size_t count, bool positional);

// Appends `next` (whose documents all follow into's) to *into.
void AppendPosting(Posting* into, const Posting& next);

// The packed (file) form of a working-form list.
std::string PackPosting(std::string_view bytes, bool positional);

// A decoded entry, for tests and tools.
struct DecodedEntry {
  int64_t doc = 0;
  uint32_t counts[kFieldCount] = {};
  std::vector<uint32_t> positions[kFieldCount];
};

// Decodes a whole list; returns false when the bytes are malformed.
bool DecodePosting(std::string_view bytes, bool positional, std::vector<DecodedEntry>* out);
// Decodes a packed list (the file form).
bool DecodePacked(std::string_view bytes, bool positional, std::vector<DecodedEntry>* out);

}  // namespace portal::search
