#include "search/search_postings.h"

#include <algorithm>

namespace portal::search {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
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

void PutPositions(const Hit* begin, const Hit* end, std::string* out) {
  uint32_t previous = 0;
  for (const Hit* h = begin; h != end; ++h) {
    PutVarint(h->position - previous, out);
    previous = h->position;
  }
}

}  // namespace

void AddDocument(Posting* p, int64_t doc, const Hit* hits, size_t count, bool positional) {
  if (count == 0) return;
  uint64_t gap = static_cast<uint64_t>(doc - p->last_doc);
  p->last_doc = doc;
  p->df++;
  p->occurrences += count;
  bool body_only = hits[0].field == kBody && hits[count - 1].field == kBody;
  if (body_only) {
    PutVarint(gap << 2 | (count == 1 ? 0 : 1), &p->bytes);
    if (count > 1) PutVarint(count, &p->bytes);
    if (positional) PutPositions(hits, hits + count, &p->bytes);
    return;
  }
  PutVarint(gap << 2 | 2, &p->bytes);
  uint32_t mask = 0;
  for (size_t i = 0; i < count; ++i) mask |= 1u << hits[i].field;
  PutVarint(mask, &p->bytes);
  size_t i = 0;
  while (i < count) {
    size_t j = i;
    while (j < count && hits[j].field == hits[i].field) ++j;
    PutVarint(j - i, &p->bytes);
    if (positional) PutPositions(hits + i, hits + j, &p->bytes);
    i = j;
  }
}

void AppendPosting(Posting* into, const Posting& next) {
  if (next.df == 0) return;
  size_t pos = 0;
  uint64_t header = 0;
  GetVarint(next.bytes, &pos, &header);
  // next's first gap counts from -1, so its first document is gap - 1.
  int64_t first_doc = static_cast<int64_t>(header >> 2) - 1;
  PutVarint(static_cast<uint64_t>(first_doc - into->last_doc) << 2 | (header & 3), &into->bytes);
  into->bytes.append(next.bytes, pos, std::string::npos);
  into->last_doc = next.last_doc;
  into->df += next.df;
  into->occurrences += next.occurrences;
}

namespace {

bool ReadField(std::string_view s, size_t* pos, bool positional, int field, uint64_t count,
               DecodedEntry* e) {
  e->counts[field] = static_cast<uint32_t>(count);
  if (!positional) return true;
  uint64_t previous = 0;
  for (uint64_t k = 0; k < count; ++k) {
    uint64_t d = 0;
    if (!GetVarint(s, pos, &d)) return false;
    previous += d;
    e->positions[field].push_back(static_cast<uint32_t>(previous));
  }
  return true;
}

}  // namespace

bool DecodePosting(std::string_view s, bool positional, std::vector<DecodedEntry>* out) {
  size_t pos = 0;
  int64_t doc = -1;
  while (pos < s.size()) {
    uint64_t header = 0;
    if (!GetVarint(s, &pos, &header)) return false;
    DecodedEntry e;
    doc += static_cast<int64_t>(header >> 2);
    e.doc = doc;
    uint64_t code = header & 3, count = 1, mask = 0;
    if (code == 0 || code == 1) {
      if (code == 1 && !GetVarint(s, &pos, &count)) return false;
      if (!ReadField(s, &pos, positional, kBody, count, &e)) return false;
    } else if (code == 2) {
      if (!GetVarint(s, &pos, &mask)) return false;
      for (int f = 0; f < kFieldCount; ++f) {
        if (!(mask & (1u << f))) continue;
        if (!GetVarint(s, &pos, &count) || !ReadField(s, &pos, positional, f, count, &e)) return false;
      }
    } else {
      return false;
    }
    out->push_back(std::move(e));
  }
  return true;
}

}  // namespace portal::search

namespace portal::search {
namespace {

constexpr uint32_t kRiceEscape = 24;

class BitWriter {
 public:
  explicit BitWriter(std::string* out) : out_(out) {}
  void Put(uint64_t v, int n) {  // n <= 32
    if (n == 0) return;
    acc_ |= (v & ((uint64_t{1} << n) - 1)) << fill_;
    fill_ += n;
    while (fill_ >= 8) {
      out_->push_back(static_cast<char>(acc_ & 0xFF));
      acc_ >>= 8;
      fill_ -= 8;
    }
  }
  void Ones(uint32_t n) {
    while (n >= 32) {
      Put(0xFFFFFFFFu, 32);
      n -= 32;
    }
    Put((uint64_t{1} << n) - 1, static_cast<int>(n));
  }
  void Rice(uint32_t v, int k) {
    uint32_t q = v >> k;
    if (q >= kRiceEscape) {
      Ones(kRiceEscape);
      Put(v, 32);
      return;
    }
    Ones(q);
    Put(0, 1);
    Put(v, k);
  }
  void Gamma(uint32_t v) {  // v >= 1
    int n = 32 - __builtin_clz(v);
    Put(0, n - 1);
    for (int i = n - 1; i >= 0; --i) Put((v >> i) & 1, 1);
  }
  void Flush() {
    if (fill_ > 0) out_->push_back(static_cast<char>(acc_ & 0xFF));
    acc_ = 0;
    fill_ = 0;
  }

 private:
  std::string* out_;
  uint64_t acc_ = 0;
  int fill_ = 0;
};

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

// The Rice parameter that codes `values` in the fewest bits.
int BestRice(const std::vector<uint32_t>& values) {
  if (values.empty()) return 0;
  uint64_t sum = 0;
  for (uint32_t v : values) sum += v;
  double mean = static_cast<double>(sum) / static_cast<double>(values.size());
  int guess = 0;
  while (guess < 30 && static_cast<double>(uint64_t{1} << (guess + 1)) <= mean * 0.69 + 1) ++guess;
  int best = guess;
  uint64_t best_bits = UINT64_MAX;
  for (int k = std::max(0, guess - 1); k <= std::min(30, guess + 1); ++k) {
    uint64_t bits = 0;
    for (uint32_t v : values) {
      uint32_t q = v >> k;
      bits += q >= kRiceEscape ? kRiceEscape + 32 : q + 1 + k;
    }
    if (bits < best_bits) {
      best_bits = bits;
      best = k;
    }
  }
  return best;
}

}  // namespace

std::string PackPosting(std::string_view s, bool positional) {
  // One pass into flat arrays (reused per thread), then the bits.
  struct Flat {
    std::vector<uint32_t> gaps, masks, counts, positions;
  };
  thread_local Flat f;
  f.gaps.clear();
  f.masks.clear();
  f.counts.clear();
  f.positions.clear();
  size_t pos = 0;
  int64_t doc = -1;
  auto read_field = [&](uint64_t count) {
    f.counts.push_back(static_cast<uint32_t>(count));
    if (!positional) return;
    for (uint64_t k = 0; k < count; ++k) {
      uint64_t d = 0;  // first absolute, then differences >= 1
      GetVarint(s, &pos, &d);
      f.positions.push_back(static_cast<uint32_t>(k == 0 ? d : d - 1));
    }
  };
  while (pos < s.size()) {
    uint64_t header = 0;
    if (!GetVarint(s, &pos, &header)) break;
    int64_t next = doc + static_cast<int64_t>(header >> 2);
    f.gaps.push_back(static_cast<uint32_t>(next - doc - 1));
    doc = next;
    uint64_t code = header & 3, count = 1, mask = 1u << kBody;
    if (code == 1) GetVarint(s, &pos, &count);
    if (code == 2) {
      GetVarint(s, &pos, &mask);
      f.masks.push_back(static_cast<uint32_t>(mask));
      for (int field = 0; field < kFieldCount; ++field) {
        if (!(mask & (1u << field))) continue;
        GetVarint(s, &pos, &count);
        read_field(count);
      }
    } else {
      f.masks.push_back(static_cast<uint32_t>(mask));
      read_field(count);
    }
  }
  int kd = BestRice(f.gaps), kp = BestRice(f.positions);
  std::string out;
  PutVarint(f.gaps.size(), &out);
  BitWriter w(&out);
  w.Put(static_cast<uint32_t>(kd), 5);
  w.Put(static_cast<uint32_t>(kp), 5);
  size_t at_count = 0, at_position = 0;
  for (size_t n = 0; n < f.gaps.size(); ++n) {
    w.Rice(f.gaps[n], kd);
    uint32_t mask = f.masks[n];
    size_t first_count = at_count;
    if (mask == (1u << kBody)) {
      uint32_t count = f.counts[at_count++];
      w.Put(count == 1 ? 0 : 1, 2);
      if (count > 1) w.Gamma(count - 1);
    } else {
      w.Put(2, 2);
      w.Put(mask, 5);
      for (int field = 0; field < kFieldCount; ++field) {
        if (mask & (1u << field)) w.Gamma(f.counts[at_count++]);
      }
    }
    if (!positional) continue;
    for (size_t c = first_count; c < at_count; ++c) {
      for (uint32_t i = 0; i < f.counts[c]; ++i) w.Rice(f.positions[at_position++], kp);
    }
  }
  w.Flush();
  return out;
}

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
