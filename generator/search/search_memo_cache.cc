#include "search/search_memo_cache.h"

#include <bit>
#include <cstring>

#include "base/parallel.h"
#include "search/search_shards.h"

namespace portal::search {
namespace {

void PutU64s(const std::vector<uint64_t>& v, ByteWriter* out) {
  out->U64(v.size());
  out->Raw(v.data(), v.size() * sizeof(uint64_t));
}

std::vector<uint64_t> GetU64s(ByteReader* in) {
  std::vector<uint64_t> v(in->Count());
  if (!in->Raw(v.data(), v.size() * sizeof(uint64_t))) v.clear();
  return v;
}

void PutFile(const IndexMemo::File& f, ByteWriter* out) {
  out->Str(f.first_key);
  out->U64(f.lists);
  out->Fixed64(f.hash);
  out->U64(f.bytes ? f.bytes->size() : f.size);
}

IndexMemo::File GetFile(ByteReader* in) {
  IndexMemo::File f;
  f.first_key = in->Str();
  f.lists = in->U32();
  f.hash = in->Fixed64();
  f.size = in->U64();
  return f;
}

void PutDocumentFiles(const std::vector<DocumentFilesMemo::File>& files, ByteWriter* out) {
  out->U64(files.size());
  for (const DocumentFilesMemo::File& f : files) {
    PutU64s(f.holds, out);
    out->Fixed64(f.hash);
    out->Str(f.units);
  }
}

std::vector<DocumentFilesMemo::File> GetDocumentFiles(ByteReader* in) {
  std::vector<DocumentFilesMemo::File> files(in->Count());
  for (DocumentFilesMemo::File& f : files) {
    f.holds = GetU64s(in);
    f.hash = in->Fixed64();
    f.units = in->Str();
  }
  return files;
}

void PutText(const DocumentText& t, ByteWriter* out) {
  out->Bool(t.normalized);
  if (t.normalized) out->Str(t.nfc_body);
  out->U64(t.body_units);
  out->U64(t.passages.size());
  for (const Passage& p : t.passages) {
    out->U64(p.start);
    out->U64(p.begin);
    out->U64(p.length);
    out->Fixed64(p.hash);
    out->Fixed64(p.check);
    out->U64(p.literal);
  }
}

void GetText(ByteReader* in, DocumentText* t) {
  t->normalized = in->Bool();
  if (t->normalized) t->nfc_body = in->Str();
  t->body_units = in->U32();
  t->passages.resize(in->Count());
  for (Passage& p : t->passages) {
    p.start = in->U32();
    p.begin = in->U32();
    p.length = in->U32();
    p.hash = in->Fixed64();
    p.check = in->Fixed64();
    p.literal = in->U32();
  }
}

// A block: its documents' keys and texts, then its index.
void PutBlock(const IndexMemo::Block& b, ByteWriter* out) {
  PutU64s(b.doc_keys, out);
  out->U64(b.begin);
  out->Bool(b.stale);
  for (const DocumentText& t : b.texts) PutText(t, out);
  out->Bool(b.index != nullptr);
  if (b.index) b.index->Save(out);
}

bool GetBlock(ByteReader* in, const GramPlan* plan, IndexMemo::Block* b) {
  b->doc_keys = GetU64s(in);
  b->begin = in->U32();
  b->stale = in->Bool();
  b->texts.resize(b->doc_keys.size());
  for (DocumentText& t : b->texts) GetText(in, &t);
  if (in->Bool()) {
    b->index = BlockIndex::Load(in, plan);
    if (!b->index) return false;
  }
  return in->ok() && in->done();
}

}  // namespace

void WriteIndexMemo(IndexMemo* memo, int jobs, const std::function<void(std::string_view)>& write) {
  ByteWriter out;
  out.Fixed64(memo->context);
  out.Fixed64(memo->plan_key);
  out.Bool(memo->plan != nullptr);
  if (memo->plan) memo->plan->Save(&out);
  out.Bool(memo->lists_made);
  out.U64(memo->lists.size());
  for (const IndexMemo::List& l : memo->lists) {
    out.Str(l.key);
    out.U64(static_cast<uint64_t>(l.gram));
    out.U64(static_cast<uint64_t>(l.gram >> 64));
    out.U64(static_cast<uint64_t>(l.length));
    out.U64(l.flags);
    out.U64(l.df);
    out.U64(l.size);
    out.U64(l.entry_flags);
    out.U64(l.pack);
    out.U64(l.offset);
    out.Str(l.bytes);
    out.Str(l.first_page);
  }
  for (const std::vector<IndexMemo::File>* files : {&memo->packs, &memo->shards}) {
    out.U64(files->size());
    for (const IndexMemo::File& f : *files) PutFile(f, &out);
  }
  out.Fixed64(std::bit_cast<uint64_t>(memo->avg_body));
  out.Str(std::string_view(reinterpret_cast<const char*>(memo->norms.data()), memo->norms.size()));
  const DocumentFilesMemo& d = memo->documents;
  out.Bool(d.made);
  out.U64(d.pack_bytes);
  out.U64(d.records_per_block);
  PutDocumentFiles(d.passage_packs, &out);
  PutDocumentFiles(d.record_blocks, &out);
  // Blocks are the bulk: a few at a time, each on its own thread, written
  // out and freed before the next few, so they are never held twice.
  std::vector<IndexMemo::Block> blocks = std::move(memo->blocks);
  const bool keep_bytes = memo->keep_bytes;
  *memo = IndexMemo();
  memo->keep_bytes = keep_bytes;
  out.U64(blocks.size());
  write(out.bytes());
  const size_t step = static_cast<size_t>(ResolveJobs(jobs));
  for (size_t first = 0; first < blocks.size(); first += step) {
    size_t n = std::min(step, blocks.size() - first);
    std::vector<ByteWriter> pieces(n);
    ParallelFor(n, jobs, [&](size_t k) {
      PutBlock(blocks[first + k], &pieces[k]);
      blocks[first + k] = IndexMemo::Block();
    });
    for (ByteWriter& piece : pieces) {
      ByteWriter length;
      length.U64(piece.bytes().size());
      write(length.bytes());
      write(piece.bytes());
      piece.bytes() = std::string();
    }
  }
}

bool ReadIndexMemo(ByteReader* in, int jobs, IndexMemo* memo) {
  IndexMemo m;
  m.keep_bytes = false;
  m.documents.keep_bytes = false;
  m.context = in->Fixed64();
  m.plan_key = in->Fixed64();
  if (in->Bool()) {
    m.plan = std::make_unique<GramPlan>();
    if (!m.plan->Load(in)) return false;
  }
  m.lists_made = in->Bool();
  m.lists.resize(in->Count());
  for (IndexMemo::List& l : m.lists) {
    l.key = in->Str();
    GramKey lo = in->U64();
    GramKey hi = in->U64();
    l.gram = lo | hi << 64;
    l.length = static_cast<int>(std::min<uint64_t>(in->U64(), kMaxGram));
    l.flags = in->U32();
    l.df = in->U32();
    l.size = in->U32();
    l.entry_flags = in->U32();
    l.pack = in->U32();
    l.offset = in->U32();
    l.bytes = in->Str();
    l.first_page = in->Str();
  }
  for (std::vector<IndexMemo::File>* files : {&m.packs, &m.shards}) {
    files->resize(in->Count());
    for (IndexMemo::File& f : *files) f = GetFile(in);
  }
  for (const IndexMemo::List& l : m.lists) {
    if ((l.entry_flags & kExternal) && (l.pack >= m.packs.size() || l.offset + uint64_t{l.size} > m.packs[l.pack].size)) {
      in->Invalidate();
    }
  }
  m.avg_body = std::bit_cast<double>(in->Fixed64());
  std::string_view norms = in->View();
  m.norms.assign(norms.begin(), norms.end());
  DocumentFilesMemo& d = m.documents;
  d.made = in->Bool();
  d.pack_bytes = in->U64();
  d.records_per_block = in->U64();
  d.passage_packs = GetDocumentFiles(in);
  d.record_blocks = GetDocumentFiles(in);
  std::vector<std::string_view> block_bytes(in->Count());
  for (std::string_view& b : block_bytes) b = in->View();
  if (!in->ok()) return false;
  m.blocks.resize(block_bytes.size());
  std::vector<char> good(block_bytes.size(), 0);
  ParallelFor(block_bytes.size(), jobs, [&](size_t b) {
    ByteReader block(block_bytes[b]);
    good[b] = GetBlock(&block, m.plan.get(), &m.blocks[b]);
  });
  for (char g : good) {
    if (!g) return false;
  }
  if (!in->ok() || !in->done()) return false;
  *memo = std::move(m);
  return true;
}

}  // namespace portal::search
