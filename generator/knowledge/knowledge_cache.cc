#include "knowledge/knowledge_cache.h"

#include "output/file_memo_bytes.h"

namespace portal {

namespace {

template <typename T, typename Put>
void PutMemo(ByteWriter* w, const PageMemo<T>& m, Put put) {
  w->U64(m.context);
  w->U64(m.entries.size());
  for (const auto& [version, value] : m.entries) {
    w->Fixed64(version);
    put(value);
  }
}
template <typename T, typename Get>
void GetMemo(ByteReader* r, PageMemo<T>* m, Get get) {
  m->context = r->U64();
  m->entries.clear();
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t version = r->Fixed64();
    m->entries[version] = get();
  }
}

// A map from a 64-bit key to a value written as one Fixed64 (`value_of`),
// in the map's order; GetFixedPairs hands each pair read to `put`.
template <typename Map, typename ValueOf>
void PutFixedPairs(ByteWriter* w, const Map& map, ValueOf value_of) {
  w->U64(map.size());
  for (const auto& [key, value] : map) {
    w->Fixed64(key);
    w->Fixed64(value_of(value));
  }
}
template <typename Put>
void GetFixedPairs(ByteReader* r, Put put) {
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    put(key, r->Fixed64());
  }
}
uint64_t Same(uint64_t v) { return v; }

}  // namespace

void WriteKnowledgeMemo(const KnowledgeMemo& memo, ByteWriter* w) {
  PutMemo(w, memo.terms.quoted, [&](const std::vector<std::string>& v) { w->Strs(v); });
  PutMemo(w, memo.terms.hits, [&](const std::vector<TermIndexMemo::Hit>& v) {
    w->U64(v.size());
    for (const TermIndexMemo::Hit& h : v) {
      w->U64(h.term);
      w->I64(h.hit.block);
      w->U64(h.hit.begin);
      w->U64(h.hit.end);
    }
  });
  const RelatedMemo& rel = memo.related;
  // The long lists (192 bigrams a page, and its kept ones) as columns.
  PutMemo(w, rel.salient, [&](const std::vector<std::pair<uint64_t, uint32_t>>& v) {
    w->Column<uint64_t>(v.size(), [&](size_t i) { return v[i].first; });
    w->Column<uint32_t>(v.size(), [&](size_t i) { return v[i].second; });
  });
  w->Bool(rel.scored);
  w->Fixed64s(rel.versions);
  w->U64(rel.df.size());
  for (const auto& [key, df] : rel.df) {
    w->Fixed64(key);
    w->U64(df);
  }
  w->U64(rel.top.size());
  for (const auto& kept : rel.top) {
    w->Column<uint64_t>(kept.size(), [&](size_t i) { return kept[i].key; });
    w->Column<uint32_t>(kept.size(), [&](size_t i) { return kept[i].weight; });
  }
  w->Fixed64(rel.pages_key);
  w->Fixed64s(rel.page_inputs);
  PutFixedPairs(w, rel.bigram_lists, Same);
  w->U64(rel.tag_lists.size());
  for (const auto& [tag, hash] : rel.tag_lists) {
    w->Str(tag);
    w->Fixed64(hash);
  }
  w->Fixed64s(rel.term_lists);
  w->U64(rel.related.size());
  for (const auto& list : rel.related) w->Column<uint32_t>(list.size(), [&](size_t i) { return list[i]; });
  PutFixedPairs(w, memo.linked, Same);
  PutFixedPairs(w, memo.lines, [](const auto& lines) { return lines.hash; });
  WriteFileMemoKeys(memo.pages, w);
}

bool ReadKnowledgeMemo(ByteReader* r, KnowledgeMemo* memo) {
  KnowledgeMemo m;
  GetMemo(r, &m.terms.quoted, [&] { return r->Strs(); });
  GetMemo(r, &m.terms.hits, [&] {
    std::vector<TermIndexMemo::Hit> v(r->Count());
    for (TermIndexMemo::Hit& h : v) {
      h.term = r->U32();
      h.hit.block = static_cast<int>(r->Int(-1, INT32_MAX));
      h.hit.begin = r->U32();
      h.hit.end = r->U32();
    }
    return v;
  });
  RelatedMemo& rel = m.related;
  GetMemo(r, &rel.salient, [&] {
    std::vector<std::pair<uint64_t, uint32_t>> v;
    r->Column<uint64_t>([&](size_t, uint64_t key) { v.emplace_back(key, 0); });
    size_t counts = 0;
    r->Column<uint32_t>([&](size_t i, uint32_t count) {
      if (i < v.size()) v[i].second = count;
      ++counts;
    });
    if (counts != v.size()) r->Invalidate();
    return v;
  });
  rel.scored = r->Bool();
  rel.versions = r->Fixed64s();
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    rel.df[key] = r->U32();
  }
  rel.top.resize(r->Count());
  for (auto& kept : rel.top) {
    r->Column<uint64_t>([&](size_t, uint64_t key) { kept.push_back(Kept{key, 0}); });
    size_t weights = 0;
    r->Column<uint32_t>([&](size_t i, uint32_t weight) {
      if (i < kept.size()) kept[i].weight = weight;
      ++weights;
    });
    if (weights != kept.size()) r->Invalidate();
  }
  rel.pages_key = r->Fixed64();
  rel.page_inputs = r->Fixed64s();
  GetFixedPairs(r, [&](uint64_t key, uint64_t hash) { rel.bigram_lists[key] = hash; });
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    std::string tag = r->Str();
    rel.tag_lists[tag] = r->Fixed64();
  }
  rel.term_lists = r->Fixed64s();
  rel.related.resize(r->Count());
  for (auto& list : rel.related) r->Column<uint32_t>([&](size_t, uint32_t i) { list.push_back(i); });
  GetFixedPairs(r, [&](uint64_t key, uint64_t made) { m.linked[key] = made; });
  // Lines themselves are null: made again when a page needs them.
  GetFixedPairs(r, [&](uint64_t key, uint64_t hash) { m.lines[key].hash = hash; });
  if (!r->ok() || !ReadFileMemoKeys(r, &m.pages)) {
    *memo = KnowledgeMemo();
    return false;
  }
  *memo = std::move(m);
  return true;
}

}  // namespace portal
