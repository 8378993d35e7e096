// Posting lists: for one token, every document it occurs in, with counts per
// field and, for positional tokens, the positions. Stored bit-packed,
// decoded by search.mjs (decodePostings):
//
//   varint entry count, then a bit stream (bit i = byte[i/8] >> (i%8) & 1):
//   5 bits kd, 5 bits kp: Rice parameters for document gaps and positions;
//   per entry: Rice(kd) of gap - 1 (gap = doc - previous doc, the first
//     counting from -1), 2 bits code:
//     code 0 = body only, once; code 1 = body only, gamma(count - 1);
//     code 2 = 5 bits field mask (bit f = field f), then per field in order
//              gamma(count);
//     positional: per field in order, Rice(kp) of the first position, then
//     of each difference - 1.
//   Rice(k) of v: q = v >> k as q one bits and a zero bit, then the k low
//   bits of v; when q >= 24: 24 one bits, then v in 32 bits. gamma(v), v >= 1:
//   n = bits of v, n - 1 zero bits, then the n bits of v from the top.
//
// The build writes that form directly, never an intermediate one: the Rice
// parameters of a token are chosen before its first document (from a sample
// of the corpus, search_grams.h), so each block of documents appends its
// entries to a PostingPart as it goes, and the parts of one token are
// joined by bit-shifted copies; only each part's first gap, which depends on
// the part before it, is written at the join.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/binary_io.h"

namespace portal::search {

enum Field : uint8_t { kTitle = 0, kHeadings = 1, kTags = 2, kBody = 3, kPinyin = 4 };
inline constexpr int kFieldCount = 5;

void PutVarint(uint64_t v, std::string* out);
size_t VarintSize(uint64_t v);
// Reads a varint at s[*pos], advancing *pos; returns false on truncation.
bool GetVarint(std::string_view s, size_t* pos, uint64_t* v);

// The Rice parameter the build uses for values of mean `mean`.
int RiceParameterForMean(double mean);

inline uint32_t Reverse32(uint32_t v) {
  v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
  v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
  v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
  return __builtin_bswap32(v);
}

// Gamma codes of 1 .. 63 as (code << 8 | length), for the common small counts.
extern const std::array<uint32_t, 64> kSmallGamma;

// Bits appended to 64-bit words, low bit first.
class BitStream {
 public:
  // Appends the low `n` bits of v (n <= 63, v < 2^n).
  void Put(uint64_t v, int n) {
    acc_ |= v << fill_;
    fill_ += static_cast<uint64_t>(n);
    if (fill_ >= 64) {
      words_.push_back(acc_);
      fill_ -= 64;
      acc_ = fill_ ? v >> (static_cast<uint64_t>(n) - fill_) : 0;
    }
  }
  void Rice(uint32_t v, int k) {
    uint32_t q = v >> k;
    if (q >= 24) [[unlikely]] {
      Put((uint64_t{1} << 24) - 1, 24);
      Put(v, 32);
      return;
    }
    uint64_t low = v & ((uint64_t{1} << k) - 1);
    Put(((uint64_t{1} << q) - 1) | (low << (q + 1)), static_cast<int>(q) + 1 + k);
  }
  // Rice(v, k) followed by the low `n` bits of `then` (n <= 7).
  void RiceThen(uint32_t v, int k, uint64_t then, int n) {
    uint32_t q = v >> k;
    if (q >= 24) [[unlikely]] {
      Rice(v, k);
      Put(then, n);
      return;
    }
    uint64_t low = v & ((uint64_t{1} << k) - 1);
    int len = static_cast<int>(q) + 1 + k;
    Put(((uint64_t{1} << q) - 1) | (low << (q + 1)) | then << len, len + n);
  }
  void Gamma(uint32_t v) {  // v >= 1: n - 1 zeros, then the n bits of v from the top
    if (v < 64) {
      uint32_t g = kSmallGamma[v];
      Put(g >> 8, g & 0xFF);
      return;
    }
    int n = 32 - __builtin_clz(v);
    uint64_t top_first = Reverse32(v) >> (32 - n);
    if (n <= 28) {
      Put(top_first << (n - 1), 2 * n - 1);
    } else {
      Put(0, n - 1);
      Put(top_first, n);
    }
  }
  uint64_t bits() const { return words_.size() * 64 + fill_; }
  bool operator==(const BitStream& o) const { return fill_ == o.fill_ && acc_ == o.acc_ && words_ == o.words_; }
  void Reserve(size_t bits) { words_.reserve(bits / 64 + 1); }
  void ShrinkToFit() { words_.shrink_to_fit(); }
  // Appends all of `other`'s bits.
  void Append(const BitStream& other);
  // The bits as bytes: ceil(bits / 8) of them.
  void CopyBytes(char* out) const;
  // Bytes [first, last) of those (last <= ceil(bits / 8)).
  void CopyBytes(char* out, size_t first, size_t last) const;
  // Appends bits [begin, end) of `from`.
  void AppendBits(const BitStream& from, uint64_t begin, uint64_t end);
  void Clear() {
    words_ = std::vector<uint64_t>();
    acc_ = 0;
    fill_ = 0;
  }
  // The stream as plain data, for the build cache (search_memo_cache.h);
  // Load is false on damage (bits past the fill, a fill of 64 or more).
  void Save(ByteWriter* out) const;
  bool Load(ByteReader* in);
  // Steps over what Save wrote, checking what Load checks but the words.
  static bool Skip(ByteReader* in);

 private:
  std::vector<uint64_t> words_;
  uint64_t acc_ = 0;
  uint64_t fill_ = 0;  // not int: an int could alias the uint32_t data being written, forcing reloads
};

// Bits needed by Rice(v, k).
inline int RiceBits(uint32_t v, int k) {
  uint32_t q = v >> k;
  return q >= 24 ? 24 + 32 : static_cast<int>(q) + 1 + k;
}

// The entries of one token for a run of consecutive documents, in the file
// form except for the first document's gap.
struct PostingPart {
  BitStream bits;
  uint32_t df = 0;
  uint32_t first_doc = 0, last_doc = 0;
  uint64_t occurrences = 0;

  // The same entries (same documents, counts and positions).
  bool operator==(const PostingPart& o) const {
    return df == o.df && first_doc == o.first_doc && last_doc == o.last_doc && occurrences == o.occurrences &&
           bits == o.bits;
  }

  // Appends document `doc` (greater than the last one) with counts[f] hits
  // in field f; when `positional`, `positions` holds them, field by field,
  // ascending within a field.
  void Add(uint32_t doc, const uint32_t counts[kFieldCount], const uint32_t* positions, bool positional,
           int kd, int kp);
  // The same with the fields given as a mask and the total count; `counts`
  // is only read when the mask has more than one field.
  void Add(uint32_t doc, uint32_t mask, uint32_t total, const uint32_t* counts, const uint32_t* positions,
           bool positional, int kd, int kp) {
    bool first = df == 0;
    if (first) first_doc = doc;  // its gap is written when the parts are joined
    uint32_t gap = doc - last_doc - 1;
    last_doc = doc;
    ++df;
    occurrences += total;
    if (mask != (1u << kBody)) {
      if (!first) bits.Rice(gap, kd);
      AddFields(mask, total, counts, positions, positional, kp);
      return;
    }
    uint32_t code = total == 1 ? 0 : 1;
    if (first) {
      bits.Put(code, 2);
    } else {
      bits.RiceThen(gap, kd, code, 2);
    }
    if (total > 1) bits.Gamma(total - 1);
    if (!positional) return;
    bits.Rice(positions[0], kp);
    for (uint32_t i = 1; i < total; ++i) bits.Rice(positions[i] - positions[i - 1] - 1, kp);
  }

  // As BitStream::Save / Load; LoadHeader reads all but the bits, and
  // steps over them.
  void Save(ByteWriter* out) const;
  bool Load(ByteReader* in);
  bool LoadHeader(ByteReader* in);

 private:
  void AddFields(uint32_t mask, uint32_t total, const uint32_t* counts, const uint32_t* positions, bool positional,
                 int kp);
};

// Bytes of the file form of the list made of `parts` (in document order).
size_t PackedSize(const std::vector<const PostingPart*>& parts, int kd);
// Writes it to out[0 .. PackedSize).
void WritePacked(const std::vector<const PostingPart*>& parts, int kd, int kp, char* out);

// Where each entry of a part lies in its bits: its gap (none for the
// first) from gap_begin, the rest from body_begin, up to the next entry's
// gap_begin (or the end); `total` is its count over all fields.
struct EntrySpan {
  uint32_t doc = 0;
  uint64_t gap_begin = 0, body_begin = 0;
  uint32_t total = 0;
};
// The entries of `part` (of a token coded with kd, kp); false when its bits
// do not parse as `df` entries ending at its last document. With
// `stop_doc`, the walk ends at the first entry of that document or later,
// which is listed with its doc and bits' start only (total 0).
bool PartEntries(const PostingPart& part, bool positional, int kd, int kp, std::vector<EntrySpan>* out,
                 uint32_t stop_doc = UINT32_MAX);

// A decoded entry, for tests and tools.
struct DecodedEntry {
  int64_t doc = 0;
  uint32_t counts[kFieldCount] = {};
  std::vector<uint32_t> positions[kFieldCount];
};

// Decodes a packed list (the file form); returns false when malformed.
bool DecodePacked(std::string_view bytes, bool positional, std::vector<DecodedEntry>* out);

// An entry without its positions but the first body one (what a first
// page needs): no allocation per entry.
struct CountedEntry {
  uint32_t doc = 0;
  uint32_t first_body = UINT32_MAX;  // UINT32_MAX: no body position
  uint32_t counts[kFieldCount] = {};
};
bool DecodeCounts(std::string_view bytes, bool positional, std::vector<CountedEntry>* out);

}  // namespace portal::search
