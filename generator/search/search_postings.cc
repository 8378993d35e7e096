#include "search/search_postings.h"

#include <array>
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
  size_t at = 0;
  for (uint64_t w : words_) {
    for (int b = 0; b < 8; ++b) out[at++] = static_cast<char>(w >> (8 * b));
  }
  for (uint64_t b = 0; b * 8 < fill_; ++b) out[at++] = static_cast<char>(acc_ >> (8 * b));
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

class BitReader {
 public:
  BitReader(std::string_view s, size_t pos) : s_(s), bit_(pos * 8) {}
  bool Get(int n, uint32_t* v) {
    uint64_t r = 0;
    for (int i = 0; i < n; ++i) {
      if ((bit_ >> 3) >= s_.size()) return false;
      r |= static_cast<uint64_t>((static_cast<uint8_t>(s_[bit_ >> 3]) >> (bit_ & 7)) & 1) << i;
      ++bit_;
    }
    *v = static_cast<uint32_t>(r);
    return true;
  }
  bool Rice(int k, uint32_t* v) {
    uint32_t q = 0, b = 0;
    for (;;) {
      if (!Get(1, &b)) return false;
      if (b == 0) break;
      if (++q == kRiceEscape) return Get(32, v);
    }
    uint32_t low = 0;
    if (!Get(k, &low)) return false;
    *v = (q << k) | low;
    return true;
  }
  bool Gamma(uint32_t* v) {
    int zeros = 0;
    uint32_t b = 0;
    for (;;) {
      if (!Get(1, &b)) return false;
      if (b == 1) break;
      if (++zeros > 31) return false;
    }
    uint32_t r = 1;
    for (int i = 0; i < zeros; ++i) {
      if (!Get(1, &b)) return false;
      r = r << 1 | b;
    }
    *v = r;
    return true;
  }

 private:
  std::string_view s_;
  size_t bit_;
};

}  // namespace

bool DecodePacked(std::string_view s, bool positional, std::vector<DecodedEntry>* out) {
  size_t pos = 0;
  uint64_t count = 0;
  if (!GetVarint(s, &pos, &count)) return false;
  BitReader r(s, pos);
  uint32_t kd = 0, kp = 0;
  if (!r.Get(5, &kd) || !r.Get(5, &kp)) return false;
  int64_t doc = -1;
  for (uint64_t n = 0; n < count; ++n) {
    DecodedEntry e;
    uint32_t gap = 0, code = 0;
    if (!r.Rice(static_cast<int>(kd), &gap) || !r.Get(2, &code)) return false;
    doc += static_cast<int64_t>(gap) + 1;
    e.doc = doc;
    if (code == 0) {
      e.counts[kBody] = 1;
    } else if (code == 1) {
      uint32_t c = 0;
      if (!r.Gamma(&c)) return false;
      e.counts[kBody] = c + 1;
    } else if (code == 2) {
      uint32_t mask = 0;
      if (!r.Get(5, &mask)) return false;
      for (int f = 0; f < kFieldCount; ++f) {
        if (mask & (1u << f) && !r.Gamma(&e.counts[f])) return false;
      }
    } else {
      return false;
    }
    if (positional) {
      for (int f = 0; f < kFieldCount; ++f) {
        uint32_t p = 0;
        for (uint32_t i = 0; i < e.counts[f]; ++i) {
          uint32_t v = 0;
          if (!r.Rice(static_cast<int>(kp), &v)) return false;
          p = i == 0 ? v : p + v + 1;
          e.positions[f].push_back(p);
        }
      }
    }
    out->push_back(std::move(e));
  }
  return true;
}

}  // namespace portal::search
