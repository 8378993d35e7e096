#include "search/search_memo_cache.h"

#include <bit>
#include <cstring>
#include <system_error>

#include "base/cache_file.h"
#include "base/file.h"
#include "base/hash.h"
#include "base/mapped_file.h"
#include "base/parallel.h"
#include "search/search_shards.h"

namespace portal::search {
namespace {

void PutFile(const IndexMemo::File& f, ByteWriter* out) {
  out->Str(f.first_key);
  out->U64(f.lists);
  out->Fixed64(f.hash);
  out->U64(f.size);
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
    out->Fixed64s(f.holds);
    out->Fixed64(f.hash);
    out->Str(f.units);
  }
}

std::vector<DocumentFilesMemo::File> GetDocumentFiles(ByteReader* in) {
  std::vector<DocumentFilesMemo::File> files(in->Count());
  for (DocumentFilesMemo::File& f : files) {
    f.holds = in->Fixed64s();
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
  out->Fixed64s(b.doc_keys);
  out->U64(b.begin);
  out->Bool(b.stale);
  for (const DocumentText& t : b.texts) PutText(t, out);
  out->Bool(b.index != nullptr);
  if (b.index) b.index->Save(out);
}

bool GetBlock(ByteReader* in, const GramPlan* plan, std::shared_ptr<const void> owner, IndexMemo::Block* b) {
  b->doc_keys = in->Fixed64s();
  b->begin = in->U32();
  b->stale = in->Bool();
  b->texts.resize(b->doc_keys.size());
  for (DocumentText& t : b->texts) GetText(in, &t);
  if (in->Bool()) {
    b->index = BlockIndex::Load(in, plan, std::move(owner));
    if (!b->index) return false;
  }
  return in->ok() && in->done();
}

}  // namespace

bool WriteIndexMemo(IndexMemo* memo, int jobs, BlockStore* store,
                    const std::function<void(std::string_view)>& write, std::string* error) {
  ByteWriter out;
  out.Fixed64(memo->context);
  out.Fixed64(memo->plan_key);
  out.Bool(memo->plan != nullptr);
  if (memo->plan) memo->plan->Save(&out);
  out.Bool(memo->lists_made);
  out.U64(memo->lists.size());
  for (const IndexMemo::List& l : memo->lists) {
    out.Str(l.key);
    PutGram(l.gram, &out);
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
  std::vector<IndexMemo::Block> blocks = std::move(memo->blocks);
  const bool keep_bytes = memo->keep_bytes;
  *memo = IndexMemo();
  memo->keep_bytes = keep_bytes;
  // New blocks go to the store, a few at a time, each made on its own
  // thread and freed once stored, so they are never held twice.
  std::vector<IndexMemo::Block::Stored> places(blocks.size());
  std::vector<size_t> fresh;
  for (size_t b = 0; b < blocks.size(); ++b) {
    if (blocks[b].stored.length > 0) places[b] = blocks[b].stored;
    else fresh.push_back(b);
  }
  const size_t step = static_cast<size_t>(ResolveJobs(jobs));
  bool ok = true;
  for (size_t first = 0; first < fresh.size(); first += step) {
    size_t n = std::min(step, fresh.size() - first);
    std::vector<ByteWriter> pieces(n);
    ParallelFor(n, jobs, [&](size_t k) {
      PutBlock(blocks[fresh[first + k]], &pieces[k]);
      blocks[fresh[first + k]] = IndexMemo::Block();
    });
    for (size_t k = 0; k < n; ++k) {
      IndexMemo::Block::Stored& at = places[fresh[first + k]];
      ok = ok && store->Append(pieces[k].bytes(), &at, error);
      at.hash = Hash64(pieces[k].bytes());
      pieces[k].bytes() = std::string();
    }
  }
  if (!ok) return false;
  blocks.clear();
  out.U64(places.size());
  for (const IndexMemo::Block::Stored& at : places) {
    out.U64(at.offset);
    out.U64(at.length);
    out.Fixed64(at.hash);
  }
  write(out.bytes());
  return true;
}

bool ReadIndexMemo(ByteReader* in, int jobs, BlockStore* store, IndexMemo* memo) {
  *memo = IndexMemo();
  memo->keep_bytes = false;
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
    l.gram = GetGram(in);
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
  m.blocks.resize(in->Count());
  for (IndexMemo::Block& b : m.blocks) {
    b.stored.offset = in->U64();
    b.stored.length = in->U64();
    b.stored.hash = in->Fixed64();
  }
  if (!in->ok() || !in->done()) return false;
  // Each block read and made on its own thread.
  std::vector<char> good(m.blocks.size(), 0);
  ParallelFor(m.blocks.size(), jobs, [&](size_t b) {
    IndexMemo::Block& block = m.blocks[b];
    std::string_view bytes;
    std::shared_ptr<const void> owner;
    if (!store->Read(block.stored, &bytes, &owner) || bytes.size() != block.stored.length ||
        Hash64(bytes) != block.stored.hash) {
      return;
    }
    ByteReader reader(bytes);
    IndexMemo::Block::Stored at = block.stored;
    good[b] = GetBlock(&reader, m.plan.get(), std::move(owner), &block);
    block.stored = at;
    store->Done(at);
  });
  for (char g : good) {
    if (!g) return false;
  }
  *memo = std::move(m);
  return true;
}

namespace {

constexpr std::string_view kMagic = "portal-search-memo-2\n";

}  // namespace

// The blocks file: appended to through a TextStore kept between builds,
// read through a mapping.
class IndexMemoCache::Blocks : public BlockStore {
 public:
  bool Open(const std::filesystem::path& path, uint64_t keep, std::string* error) {
    return store_.OpenFile(path, keep, error);
  }
  bool Map(const std::filesystem::path& path, uint64_t size, std::string* error) {
    mapped_ = std::make_shared<MappedFile>();
    return mapped_->Open(path, size, error);
  }
  bool Append(std::string_view bytes, IndexMemo::Block::Stored* at, std::string* error) override {
    TextStore::Ref ref = store_.Put(bytes);
    if (ref.in_memory) {
      *error = "cannot append to the search memo's blocks (disk full?)";
      return false;
    }
    at->offset = ref.offset;
    at->length = ref.size;
    return true;
  }
  bool Read(const IndexMemo::Block::Stored& at, std::string_view* bytes, std::shared_ptr<const void>* owner) override {
    if (!mapped_) return false;
    std::string_view all = mapped_->bytes();
    if (at.offset > all.size() || at.length > all.size() - at.offset) return false;
    *bytes = all.substr(at.offset, at.length);
    *owner = mapped_;
    return true;
  }
  void Done(const IndexMemo::Block::Stored& at) override { mapped_->Release(at.offset, at.length); }
  uint64_t size() const { return store_.file_bytes(); }

 private:
  TextStore store_;
  std::shared_ptr<MappedFile> mapped_;  // kept by the blocks read from it
};

IndexMemoCache::IndexMemoCache(std::filesystem::path dir, uint64_t binary_key, int jobs)
    : dir_(std::move(dir)), binary_key_(binary_key), jobs_(jobs) {}
IndexMemoCache::~IndexMemoCache() = default;

std::filesystem::path IndexMemoCache::BlocksPath(uint64_t generation) const {
  return dir_ / ("search." + std::to_string(generation) + ".blocks");
}

bool IndexMemoCache::Load(IndexMemo* memo, std::string* why) {
  *memo = IndexMemo();
  memo->keep_bytes = false;
  CachePayload payload;
  if (!ReadCacheFile(dir_ / "search.cache", kMagic, binary_key_, &payload, why)) return false;
  ByteReader in(payload.bytes());
  uint64_t generation = in.U64(), end = in.U64();
  if (!in.ok()) {
    *why = "damaged";
    return false;
  }
  generation_ = generation;
  Blocks blocks;
  // Blocks a failed build appended after `end` are not read (and cut off
  // when this build writes).
  if (!blocks.Map(BlocksPath(generation), end, why) || !ReadIndexMemo(&in, jobs_, &blocks, memo)) {
    if (why->empty()) *why = "damaged";
    generation_ = generation + 1;  // start a fresh blocks file
    return false;
  }
  end_ = end;
  return true;
}

bool IndexMemoCache::Write(IndexMemo* memo, uint64_t* written, std::string* error) {
  written_ = false;
  // Dead blocks (replaced since they were written) most of the file: write
  // every block afresh into the next generation.
  uint64_t live = 0;
  for (const IndexMemo::Block& b : memo->blocks) live += b.stored.length;
  if (end_ > 0 && end_ - std::min(end_, live) > live) {
    ++generation_;
    for (IndexMemo::Block& b : memo->blocks) b.stored = IndexMemo::Block::Stored();
    end_ = 0;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  Blocks blocks;
  if (!blocks.Open(BlocksPath(generation_), end_, error)) return false;
  const uint64_t before = blocks.size();
  std::string payload;
  if (!WriteIndexMemo(memo, jobs_, &blocks, [&](std::string_view piece) { payload.append(piece); }, error)) {
    return false;
  }
  ByteWriter head;
  head.U64(generation_);
  head.U64(blocks.size());
  CacheFileWriter out;
  if (!out.Open(dir_ / "search.cache", kMagic, binary_key_, error)) return false;
  out.Append(head.bytes());
  out.Append(payload);
  if (!out.Finish(error)) return false;
  *written = blocks.size() - before + payload.size();
  written_ = true;
  written_end_ = blocks.size();
  return true;
}

bool IndexMemoCache::Commit(std::string* error) {
  if (!written_) {
    Remove();
    return true;
  }
  if (!CacheFileWriter::Commit(dir_ / "search.cache", error)) return false;
  end_ = written_end_;
  RemoveFilesNamed(dir_, "search.", ".blocks", BlocksPath(generation_));
  return true;
}

void IndexMemoCache::Remove() {
  std::error_code ec;
  std::filesystem::remove(dir_ / "search.cache", ec);
  CacheFileWriter::Discard(dir_ / "search.cache");
  RemoveFilesNamed(dir_, "search.", ".blocks");
}

}  // namespace portal::search
