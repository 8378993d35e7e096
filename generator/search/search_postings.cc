#include "search/search_postings.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace portal::search {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

bool GetVarint(std::string_view s, size_t* pos, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *pos < s.size(); shift += 7) {
    uint8_t b = static_cast<uint8_t>(s[(*pos)++]);
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (b < 0x80) {
      *v = result;
      return true;
    }
  }
  return false;
}

namespace {

constexpr uint32_t kRiceEscape = 24;

}  // namespace

namespace {

constexpr std::array<uint32_t, 64> MakeSmallGamma() {
  std::array<uint32_t, 64> t{};
  for (uint32_t v = 1; v < 64; ++v) {
    int n = 32 - __builtin_clz(v);
    uint32_t top_first = 0;
    for (int i = 0; i < n; ++i) top_first |= ((v >> (n - 1 - i)) & 1) << i;
    t[v] = (top_first << (n - 1)) << 8 | static_cast<uint32_t>(2 * n - 1);
  }
  return t;
}

}  // namespace

const std::array<uint32_t, 64> kSmallGamma = MakeSmallGamma();

int RiceParameterForMean(double mean) {
  // Rice is optimal near 2^k = mean * ln 2.
  int k = 0;
  while (k < 30 && static_cast<double>(uint64_t{1} << (k + 1)) <= mean * 0.69 + 1) ++k;
  return k;
}

void BitStream::Save(ByteWriter* out) const {
  out->U64(fill_);
  out->U64(acc_);
  out->U64(words_.size());
  out->Raw(words_.data(), words_.size() * sizeof(uint64_t));
}

bool BitStream::Load(ByteReader* in) {
  fill_ = in->U64();
  acc_ = in->U64();
  words_.resize(in->Count());
  in->Raw(words_.data(), words_.size() * sizeof(uint64_t));
  // A fill of 64 or more, or bits set past it, is damage.
  if (!in->ok() || fill_ >= 64 || (fill_ > 0 ? acc_ >> fill_ : acc_) != 0) {
    in->Invalidate();
    Clear();
    return false;
  }
  return true;
}

bool BitStream::Skip(ByteReader* in) {
  uint64_t fill = in->U64(), acc = in->U64();
  size_t words = in->Count();
  in->Skip(words * sizeof(uint64_t));
  if (!in->ok() || fill >= 64 || (fill > 0 ? acc >> fill : acc) != 0) {
    in->Invalidate();
    return false;
  }
  return true;
}

void PostingPart::Save(ByteWriter* out) const {
  out->U64(df);
  out->U64(first_doc);
  out->U64(last_doc);
  out->U64(occurrences);
  bits.Save(out);
}

bool PostingPart::Load(ByteReader* in) {
  df = in->U32();
  first_doc = in->U32();
  last_doc = in->U32();
  occurrences = in->U64();
  return bits.Load(in) && in->ok();
}

bool PostingPart::LoadHeader(ByteReader* in) {
  df = in->U32();
  first_doc = in->U32();
  last_doc = in->U32();
  occurrences = in->U64();
  return BitStream::Skip(in) && in->ok();
}

void BitStream::Append(const BitStream& other) {
  if (fill_ == 0) {
    words_.insert(words_.end(), other.words_.begin(), other.words_.end());
  } else {
    for (uint64_t w : other.words_) {
      // Put() of 64 bits at once: the low part fills this word, the rest starts the next.
      words_.push_back(acc_ | (w << fill_));
      acc_ = w >> (64 - fill_);
    }
  }
  if (other.fill_ > 0) Put(other.acc_, static_cast<int>(other.fill_));
}

void BitStream::CopyBytes(char* out) const {
  static_assert(std::endian::native == std::endian::little);  // a word's low byte first
  if (!words_.empty()) std::memcpy(out, words_.data(), words_.size() * 8);  // data() may be null when empty
  size_t at = words_.size() * 8;
  for (uint64_t b = 0; b * 8 < fill_; ++b) out[at++] = static_cast<char>(acc_ >> (8 * b));
}

void BitStream::CopyBytes(char* out, size_t first, size_t last) const {
  size_t whole = words_.size() * 8;
  if (first < whole) {
    size_t n = std::min(last, whole) - first;
    std::memcpy(out, reinterpret_cast<const char*>(words_.data()) + first, n);
  }
  for (size_t b = std::max(first, whole); b < last; ++b) out[b - first] = static_cast<char>(acc_ >> (8 * (b - whole)));
}

void PostingPart::Add(uint32_t doc, const uint32_t counts[kFieldCount], const uint32_t* positions,
                      bool positional, int kd, int kp) {
  uint32_t mask = 0, total = 0;
  for (int f = 0; f < kFieldCount; ++f) {
    mask |= (counts[f] ? 1u : 0u) << f;
    total += counts[f];
  }
  Add(doc, mask, total, counts, positions, positional, kd, kp);
}

void PostingPart::AddFields(uint32_t mask, uint32_t total, const uint32_t* counts, const uint32_t* positions,
                            bool positional, int kp) {
  uint32_t single[kFieldCount] = {};
  if ((mask & (mask - 1)) == 0) {  // one field, not the body
    single[__builtin_ctz(mask)] = total;
    counts = single;
  }
  bits.Put(2 | (mask << 2), 7);
  for (int f = 0; f < kFieldCount; ++f) {
    if (counts[f]) bits.Gamma(counts[f]);
  }
  if (!positional) return;
  const uint32_t* p = positions;
  for (int f = 0; f < kFieldCount; ++f) {
    if (!counts[f]) continue;
    bits.Rice(p[0], kp);
    for (uint32_t i = 1; i < counts[f]; ++i) bits.Rice(p[i] - p[i - 1] - 1, kp);
    p += counts[f];
  }
}

namespace {

uint64_t JoinedBits(const std::vector<const PostingPart*>& parts, int kd) {
  uint64_t bits = 10;
  int64_t last = -1;
  for (const PostingPart* p : parts) {
    bits += static_cast<uint64_t>(RiceBits(static_cast<uint32_t>(p->first_doc - last - 1), kd)) + p->bits.bits();
    last = p->last_doc;
  }
  return bits;
}

uint64_t JoinedDf(const std::vector<const PostingPart*>& parts) {
  uint64_t df = 0;
  for (const PostingPart* p : parts) df += p->df;
  return df;
}

}  // namespace

size_t PackedSize(const std::vector<const PostingPart*>& parts, int kd) {
  return VarintSize(JoinedDf(parts)) + static_cast<size_t>((JoinedBits(parts, kd) + 7) / 8);
}

void WritePacked(const std::vector<const PostingPart*>& parts, int kd, int kp, char* out) {
  std::string head;
  PutVarint(JoinedDf(parts), &head);
  std::memcpy(out, head.data(), head.size());
  BitStream bits;
  bits.Reserve(JoinedBits(parts, kd));
  bits.Put(static_cast<uint32_t>(kd) | static_cast<uint32_t>(kp) << 5, 10);
  int64_t last = -1;
  for (const PostingPart* p : parts) {
    bits.Rice(static_cast<uint32_t>(p->first_doc - last - 1), kd);
    bits.Append(p->bits);
    last = p->last_doc;
  }
  bits.CopyBytes(out + head.size());
}

namespace {

// Reads the bit stream 64 bits at a time: a unary run is one count of
// trailing ones or zeros, not a loop over bits (the first pages decode
// every big list the build writes, and serve every big list an edit
// touches). Reads past the end see zero bytes and fail.
class BitReader {
 public:
  BitReader(std::string_view s, size_t pos) : data_(reinterpret_cast<const uint8_t*>(s.data())), bits_(s.size() * 8), bit_(pos * 8) {}
  uint64_t bit() const { return bit_; }
  bool Get(int n, uint32_t* v) {  // n <= 32
    if (bit_ + static_cast<uint64_t>(n) > bits_) return false;
    *v = static_cast<uint32_t>(Peek() & ((uint64_t{1} << n) - 1));
    bit_ += static_cast<uint64_t>(n);
    return true;
  }
  bool Rice(int k, uint32_t* v) {
    uint64_t w = Peek();
    int q = __builtin_ctzll(~w | (uint64_t{1} << 63));  // ones before the first zero (at most 63)
    if (q >= static_cast<int>(kRiceEscape)) {
      if (bit_ + kRiceEscape > bits_) return false;
      bit_ += kRiceEscape;
      return Get(32, v);
    }
    if (bit_ + static_cast<uint64_t>(q + 1 + k) > bits_) return false;
    bit_ += static_cast<uint64_t>(q + 1);
    uint32_t low = 0;
    if (k > 0) {
      low = static_cast<uint32_t>(Peek() & ((uint64_t{1} << k) - 1));
      bit_ += static_cast<uint64_t>(k);
    }
    *v = (static_cast<uint32_t>(q) << k) | low;
    return true;
  }
  bool Gamma(uint32_t* v) {  // n - 1 zeros, then the n bits of v from the top
    uint64_t w = Peek();
    if (w == 0) return false;  // more than 63 zeros: not a value the writer makes
    int zeros = __builtin_ctzll(w);
    if (zeros > 31) return false;
    int n = zeros + 1;
    if (bit_ + static_cast<uint64_t>(zeros + n) > bits_) return false;
    bit_ += static_cast<uint64_t>(zeros);
    uint32_t top_first = static_cast<uint32_t>(Peek() & ((uint64_t{1} << n) - 1));
    bit_ += static_cast<uint64_t>(n);
    *v = Reverse32(top_first) >> (32 - n);
    return true;
  }

 private:
  // The 64 bits from bit_ on (zeros past the end); the stream is little
  // endian, as BitStream::CopyBytes writes it.
  uint64_t Peek() const {
    static_assert(std::endian::native == std::endian::little);
    size_t byte = static_cast<size_t>(bit_ >> 3), size = static_cast<size_t>(bits_ >> 3);
    auto shift = static_cast<unsigned>(bit_ & 7);
    uint64_t lo = 0, hi = 0;
    if (byte + 8 <= size) {
      std::memcpy(&lo, data_ + byte, 8);
    } else {
      for (size_t i = 0; byte + i < size; ++i) lo |= static_cast<uint64_t>(data_[byte + i]) << (8 * i);
    }
    if (byte + 8 < size) hi = data_[byte + 8];
    return shift ? (lo >> shift) | (hi << (64 - shift)) : lo;
  }

  const uint8_t* data_;
  uint64_t bits_;
  uint64_t bit_;
};

// Reads one entry after its document gap: the code, the counts and (when
// `positional`) the positions, into *positions when not null; *first_body
// gets the first body position.
bool ReadEntry(BitReader& r, bool positional, int kp, uint32_t counts[kFieldCount], std::vector<uint32_t>* positions,
               uint32_t* first_body) {
  uint32_t code = 0;
  if (!r.Get(2, &code)) return false;
  if (code == 0) {
    counts[kBody] = 1;
  } else if (code == 1) {
    uint32_t c = 0;
    if (!r.Gamma(&c)) return false;
    counts[kBody] = c + 1;
  } else if (code == 2) {
    uint32_t mask = 0;
    if (!r.Get(5, &mask)) return false;
    for (int f = 0; f < kFieldCount; ++f) {
      if (mask & (1u << f) && !r.Gamma(&counts[f])) return false;
    }
  } else {
    return false;
  }
  if (!positional) return true;
  for (int f = 0; f < kFieldCount; ++f) {
    uint32_t p = 0;
    for (uint32_t i = 0; i < counts[f]; ++i) {
      uint32_t v = 0;
      if (!r.Rice(kp, &v)) return false;
      p = i == 0 ? v : p + v + 1;
      if (positions) positions->push_back(p);
      if (f == kBody && i == 0) *first_body = p;
    }
  }
  return true;
}

// Walks a packed list: `entry(doc, counts, positions)` per document, where
// positions are given only when `keep_positions` (else they are skipped).
template <typename Entry>
bool WalkPacked(std::string_view s, bool positional, bool keep_positions, Entry entry) {
  size_t pos = 0;
  uint64_t count = 0;
  if (!GetVarint(s, &pos, &count)) return false;
  BitReader r(s, pos);
  uint32_t kd = 0, kp = 0;
  if (!r.Get(5, &kd) || !r.Get(5, &kp)) return false;
  int64_t doc = -1;
  thread_local std::vector<uint32_t> positions;
  for (uint64_t n = 0; n < count; ++n) {
    uint32_t counts[kFieldCount] = {};
    uint32_t gap = 0, first_body = UINT32_MAX;
    if (!r.Rice(static_cast<int>(kd), &gap)) return false;
    doc += static_cast<int64_t>(gap) + 1;
    positions.clear();
    if (!ReadEntry(r, positional, static_cast<int>(kp), counts, keep_positions ? &positions : nullptr, &first_body)) {
      return false;
    }
    entry(doc, counts, positions, first_body);
  }
  return true;
}

}  // namespace

bool DecodePacked(std::string_view s, bool positional, std::vector<DecodedEntry>* out) {
  return WalkPacked(s, positional, true,
                    [&](int64_t doc, const uint32_t* counts, const std::vector<uint32_t>& positions, uint32_t) {
                      DecodedEntry e;
                      e.doc = doc;
                      size_t at = 0;
                      for (int f = 0; f < kFieldCount; ++f) {
                        e.counts[f] = counts[f];
                        e.positions[f].assign(positions.begin() + static_cast<std::ptrdiff_t>(at),
                                              positions.begin() + static_cast<std::ptrdiff_t>(at + (positional ? counts[f] : 0)));
                        if (positional) at += counts[f];
                      }
                      out->push_back(std::move(e));
                    });
}

bool DecodeCounts(std::string_view s, bool positional, std::vector<CountedEntry>* out) {
  return WalkPacked(s, positional, false,
                    [&](int64_t doc, const uint32_t* counts, const std::vector<uint32_t>&, uint32_t first_body) {
                      CountedEntry e;
                      e.doc = static_cast<uint32_t>(doc);
                      e.first_body = first_body;
                      for (int f = 0; f < kFieldCount; ++f) e.counts[f] = counts[f];
                      out->push_back(e);
                    });
}

bool PartEntries(const PostingPart& part, bool positional, int kd, int kp, std::vector<EntrySpan>* out,
                 uint32_t stop_doc) {
  out->clear();
  if (part.df == 0) return true;
  thread_local std::string bytes;
  bytes.resize(static_cast<size_t>((part.bits.bits() + 7) / 8));
  part.bits.CopyBytes(bytes.data());
  BitReader r(bytes, 0);
  uint32_t doc = part.first_doc;
  for (uint32_t n = 0; n < part.df; ++n) {
    EntrySpan e;
    e.gap_begin = r.bit();
    if (n > 0) {
      uint32_t gap = 0;
      if (!r.Rice(kd, &gap)) return false;
      doc += gap + 1;
    }
    e.doc = doc;
    e.body_begin = r.bit();
    if (doc >= stop_doc) {  // the rest is not walked
      out->push_back(e);
      return true;
    }
    uint32_t counts[kFieldCount] = {}, first_body = 0;
    if (!ReadEntry(r, positional, kp, counts, nullptr, &first_body)) return false;
    for (uint32_t c : counts) e.total += c;
    out->push_back(e);
  }
  return r.bit() == part.bits.bits() && doc == part.last_doc;
}

void BitStream::AppendBits(const BitStream& from, uint64_t begin, uint64_t end) {
  thread_local std::string bytes;
  size_t first = static_cast<size_t>(begin / 8), last = static_cast<size_t>((end + 7) / 8);
  bytes.assign(last - first + 8, '\0');  // padded for whole-word reads
  from.CopyBytes(bytes.data(), first, last);
  uint64_t at = begin - uint64_t{first} * 8, stop = end - uint64_t{first} * 8;
  while (at < stop) {
    int n = static_cast<int>(std::min<uint64_t>(56, stop - at));
    uint64_t w = 0;
    std::memcpy(&w, bytes.data() + at / 8, 8);
    w >>= at % 8;
    Put(w & ((uint64_t{1} << n) - 1), n);
    at += static_cast<uint64_t>(n);
  }
}

}  // namespace portal::search
