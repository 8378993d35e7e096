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

void PutU64s(ByteWriter* w, const std::vector<uint64_t>& v) {
  w->U64(v.size());
  for (uint64_t x : v) w->Fixed64(x);
}
std::vector<uint64_t> GetU64s(ByteReader* r) {
  std::vector<uint64_t> v(r->Count());
  for (uint64_t& x : v) x = r->Fixed64();
  return v;
}

}  // namespace

void WriteKnowledgeMemo(const KnowledgeMemo& memo, ByteWriter* w) {
  PutMemo(w, memo.terms.quoted, [&](const std::vector<std::string>& v) {
    w->U64(v.size());
    for (const std::string& s : v) w->Str(s);
  });
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
  PutMemo(w, rel.salient, [&](const std::vector<std::pair<uint64_t, uint32_t>>& v) {
    w->U64(v.size());
    for (const auto& [key, count] : v) {
      w->Fixed64(key);
      w->U64(count);
    }
  });
  w->Bool(rel.scored);
  PutU64s(w, rel.versions);
  w->U64(rel.df.size());
  for (const auto& [key, df] : rel.df) {
    w->Fixed64(key);
    w->U64(df);
  }
  w->U64(rel.top.size());
  for (const auto& kept : rel.top) {
    w->U64(kept.size());
    for (const Kept& k : kept) {
      w->Fixed64(k.key);
      w->U64(k.weight);
    }
  }
  w->Fixed64(rel.pages_key);
  PutU64s(w, rel.page_inputs);
  w->U64(rel.bigram_lists.size());
  for (const auto& [key, hash] : rel.bigram_lists) {
    w->Fixed64(key);
    w->Fixed64(hash);
  }
  w->U64(rel.tag_lists.size());
  for (const auto& [tag, hash] : rel.tag_lists) {
    w->Str(tag);
    w->Fixed64(hash);
  }
  PutU64s(w, rel.term_lists);
  w->U64(rel.related.size());
  for (const auto& list : rel.related) {
    w->U64(list.size());
    for (uint32_t i : list) w->U64(i);
  }
  w->U64(memo.linked.size());
  for (const auto& [key, made] : memo.linked) {
    w->Fixed64(key);
    w->Fixed64(made);
  }
  w->U64(memo.lines.size());
  for (const auto& [key, lines] : memo.lines) {
    w->Fixed64(key);
    w->Fixed64(lines.hash);
  }
  WriteFileMemoKeys(memo.pages, w);
}

bool ReadKnowledgeMemo(ByteReader* r, KnowledgeMemo* memo) {
  KnowledgeMemo m;
  auto u32 = [&] {
    uint64_t v = r->U64();
    if (v > UINT32_MAX) r->Invalidate();
    return static_cast<uint32_t>(v);
  };
  GetMemo(r, &m.terms.quoted, [&] {
    std::vector<std::string> v(r->Count());
    for (std::string& s : v) s = r->Str();
    return v;
  });
  GetMemo(r, &m.terms.hits, [&] {
    std::vector<TermIndexMemo::Hit> v(r->Count());
    for (TermIndexMemo::Hit& h : v) {
      h.term = u32();
      h.hit.block = static_cast<int>(r->Int(-1, INT32_MAX));
      h.hit.begin = u32();
      h.hit.end = u32();
    }
    return v;
  });
  RelatedMemo& rel = m.related;
  GetMemo(r, &rel.salient, [&] {
    std::vector<std::pair<uint64_t, uint32_t>> v(r->Count());
    for (auto& [key, count] : v) {
      key = r->Fixed64();
      count = u32();
    }
    return v;
  });
  rel.scored = r->Bool();
  rel.versions = GetU64s(r);
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    rel.df[key] = u32();
  }
  rel.top.resize(r->Count());
  for (auto& kept : rel.top) {
    kept.resize(r->Count());
    for (Kept& k : kept) {
      k.key = r->Fixed64();
      k.weight = u32();
    }
  }
  rel.pages_key = r->Fixed64();
  rel.page_inputs = GetU64s(r);
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    rel.bigram_lists[key] = r->Fixed64();
  }
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    std::string tag = r->Str();
    rel.tag_lists[tag] = r->Fixed64();
  }
  rel.term_lists = GetU64s(r);
  rel.related.resize(r->Count());
  for (auto& list : rel.related) {
    list.resize(r->Count());
    for (uint32_t& i : list) i = u32();
  }
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    m.linked[key] = r->Fixed64();
  }
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    uint64_t key = r->Fixed64();
    m.lines[key].hash = r->Fixed64();  // lines: null, made again when a page needs them
  }
  if (!r->ok() || !ReadFileMemoKeys(r, &m.pages)) {
    *memo = KnowledgeMemo();
    return false;
  }
  *memo = std::move(m);
  return true;
}

}  // namespace portal
