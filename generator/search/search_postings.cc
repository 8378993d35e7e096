#include "search/search_postings.h"

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
