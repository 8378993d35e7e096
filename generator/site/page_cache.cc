#include "site/page_cache.h"

#include <algorithm>
#include <cstring>
#include <system_error>
#include <vector>

#include "base/binary_io.h"
#include "base/cache_file.h"
#include "base/file.h"
#include "base/hash.h"
#include "base/parallel.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "portal-page-cache-2\n";

// Every field of these is written below. A struct that grows has a new
// field: write and read it here (and bump kMagic), then update its size.
static_assert(sizeof(FrontMatter) == 456 && sizeof(DateTime) == 32, "serialize the new field in page_cache.cc");
static_assert(sizeof(RenderedMarkdown) == 296 && sizeof(Heading) == 72 && sizeof(TextBlock) == 48 &&
                  sizeof(ImageRef) == 72 && sizeof(LinkRef) == 40,
              "serialize the new field in page_cache.cc");
static_assert(sizeof(Page) == 1104 && sizeof(SectionIndex) == 160 && sizeof(Diagnostic) == 144 &&
                  sizeof(ContentCache::Entry) == 256,
              "serialize the new field in page_cache.cc");
constexpr int kMaxJsonDepth = 256;

// nlohmann::json with its exact types (an unsigned 5 stays unsigned), so a
// page read back renders exactly as it did.
void PutJson(ByteWriter* w, const nlohmann::json& j) {
  using T = nlohmann::json::value_t;
  w->U64(static_cast<uint64_t>(j.type()));
  switch (j.type()) {
    case T::object:
      w->U64(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        w->Str(it.key());
        PutJson(w, it.value());
      }
      break;
    case T::array:
      w->U64(j.size());
      for (const auto& v : j) PutJson(w, v);
      break;
    case T::string: w->Str(j.get_ref<const std::string&>()); break;
    case T::boolean: w->Bool(j.get<bool>()); break;
    case T::number_integer: w->I64(j.get<int64_t>()); break;
    case T::number_unsigned: w->U64(j.get<uint64_t>()); break;
    case T::number_float: {
      double d = j.get<double>();
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      w->Fixed64(bits);
      break;
    }
    default: break;  // null (binary and discarded never come from YAML)
  }
}
nlohmann::json GetJson(ByteReader* r, int depth = 0) {
  using T = nlohmann::json::value_t;
  if (depth > kMaxJsonDepth) {
    r->Invalidate();
    return nullptr;
  }
  auto type = static_cast<T>(r->U64());
  switch (type) {
    case T::object: {
      nlohmann::json o = nlohmann::json::object();
      for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
        std::string key = r->Str();
        o[key] = GetJson(r, depth + 1);
      }
      return o;
    }
    case T::array: {
      nlohmann::json a = nlohmann::json::array();
      for (size_t n = r->Count(); n > 0 && r->ok(); --n) a.push_back(GetJson(r, depth + 1));
      return a;
    }
    case T::string: return r->Str();
    case T::boolean: return r->Bool();
    case T::number_integer: return r->I64();
    case T::number_unsigned: return r->U64();
    case T::number_float: {
      uint64_t bits = r->Fixed64();
      double d;
      std::memcpy(&d, &bits, 8);
      return d;
    }
    case T::null: return nullptr;
    default: r->Invalidate(); return nullptr;  // binary, discarded: never written
  }
}

void PutDate(ByteWriter* w, const DateTime& d) {
  for (int v : {d.year, d.month, d.day, d.hour, d.minute, d.second, d.offset_minutes}) w->I64(v);
  w->Bool(d.has_time);
}
DateTime GetDate(ByteReader* r) {
  DateTime d;
  for (int* v : {&d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second, &d.offset_minutes}) {
    *v = static_cast<int>(r->Int(-100000, 100000));
  }
  d.has_time = r->Bool();
  return d;
}

void PutMeta(ByteWriter* w, const FrontMatter& m) {
  w->Str(m.title);
  PutDate(w, m.date);
  w->Bool(m.lastmod.has_value());
  if (m.lastmod) PutDate(w, *m.lastmod);
  w->Bool(m.draft);
  w->Str(m.slug);
  w->Strs(m.tags);
  w->Strs(m.categories);
  w->Str(m.summary);
  w->Str(m.author);
  w->I64(m.weight);
  w->Strs(m.aliases);
  for (const std::string* s : {&m.speaker, &m.occasion, &m.organization, &m.doc_number, &m.source}) w->Str(*s);
  PutJson(w, m.extra);
}
FrontMatter GetMeta(ByteReader* r) {
  FrontMatter m;
  m.title = r->Str();
  m.date = GetDate(r);
  if (r->Bool()) m.lastmod = GetDate(r);
  m.draft = r->Bool();
  m.slug = r->Str();
  m.tags = r->Strs();
  m.categories = r->Strs();
  m.summary = r->Str();
  m.author = r->Str();
  m.weight = static_cast<int>(r->Int(INT32_MIN, INT32_MAX));
  m.aliases = r->Strs();
  for (std::string* s : {&m.speaker, &m.occasion, &m.organization, &m.doc_number, &m.source}) *s = r->Str();
  m.extra = GetJson(r);
  return m;
}

void PutHeadings(ByteWriter* w, const std::vector<Heading>& v) {
  w->U64(v.size());
  for (const Heading& h : v) {
    w->I64(h.level);
    w->Str(h.text);
    w->Str(h.id);
  }
}
std::vector<Heading> GetHeadings(ByteReader* r) {
  std::vector<Heading> v(r->Count());
  for (Heading& h : v) {
    h.level = static_cast<int>(r->Int(0, 6));
    h.text = r->Str();
    h.id = r->Str();
  }
  return v;
}

void PutRef(ByteWriter* w, const TextStore::Ref& ref) {
  w->U64(ref.offset);
  w->U64(ref.size);
}
TextStore::Ref GetRef(ByteReader* r, uint64_t texts_size) {
  TextStore::Ref ref;
  ref.offset = r->U64();
  ref.size = r->U64();
  if (ref.offset > texts_size || ref.size > texts_size - ref.offset) r->Invalidate();
  return ref;
}

// The page without its large texts, which are in the store at `refs`.
void PutPage(ByteWriter* w, const Page& p, const TextStore::Ref refs[3]) {
  w->Str(p.source);
  w->Str(p.source_abs.string());
  w->Str(p.section);
  w->Str(p.slug);
  w->Str(p.url);
  w->I64(p.body_first_line);
  PutMeta(w, p.meta);
  const RenderedMarkdown& b = p.body;
  PutHeadings(w, b.headings);
  PutHeadings(w, b.toc);
  w->Str(b.summary_html);
  w->Str(b.summary_text);
  w->Bool(b.summary_from_more);
  w->I64(b.char_count);
  w->I64(b.reading_minutes);
  w->U64(b.images.size());
  for (const ImageRef& i : b.images) {
    w->Str(i.src);
    w->Str(i.alt);
    w->I64(i.line);
  }
  w->U64(b.links.size());
  for (const LinkRef& l : b.links) {
    w->Str(l.href);
    w->I64(l.line);
  }
  w->U64(b.blocks.size());
  for (const TextBlock& t : b.blocks) {
    w->Str(t.id);
    w->I64(t.anchor_block);
    w->I64(t.begin);
    w->I64(t.end);
    w->I64(t.heading_level);
  }
  PutRef(w, refs[0]);
  PutRef(w, refs[1]);
  w->Bool(p.has_display);
  if (p.has_display) PutRef(w, refs[2]);
}
std::shared_ptr<Page> GetPage(ByteReader* r, const std::shared_ptr<TextStore>& store, uint64_t texts_size) {
  auto p = std::make_shared<Page>();
  p->source = r->Str();
  p->source_abs = r->Str();
  p->section = r->Str();
  p->slug = r->Str();
  p->url = r->Str();
  p->body_first_line = static_cast<int>(r->Int(0, INT32_MAX));
  p->meta = GetMeta(r);
  RenderedMarkdown& b = p->body;
  b.headings = GetHeadings(r);
  b.toc = GetHeadings(r);
  b.summary_html = r->Str();
  b.summary_text = r->Str();
  b.summary_from_more = r->Bool();
  b.char_count = static_cast<int>(r->Int(0, INT32_MAX));
  b.reading_minutes = static_cast<int>(r->Int(0, INT32_MAX));
  b.images.resize(r->Count());
  for (ImageRef& i : b.images) {
    i.src = r->Str();
    i.alt = r->Str();
    i.line = static_cast<int>(r->Int(0, INT32_MAX));
  }
  b.links.resize(r->Count());
  for (LinkRef& l : b.links) {
    l.href = r->Str();
    l.line = static_cast<int>(r->Int(0, INT32_MAX));
  }
  b.blocks.resize(r->Count());
  for (TextBlock& t : b.blocks) {
    t.id = r->Str();
    t.anchor_block = static_cast<int32_t>(r->Int(-1, INT32_MAX));
    t.begin = static_cast<uint32_t>(r->Int(0, UINT32_MAX));
    t.end = static_cast<uint32_t>(r->Int(t.begin, UINT32_MAX));
    t.heading_level = static_cast<int>(r->Int(0, 6));
  }
  p->store = store;
  p->html_ref = GetRef(r, texts_size);
  p->text_ref = GetRef(r, texts_size);
  p->has_display = r->Bool();
  if (p->has_display) p->display_ref = GetRef(r, texts_size);
  // Blocks slice the block text and link to blocks before them: anything
  // else cannot have been written here.
  const uint64_t block_text = p->has_display ? p->display_ref.size : p->text_ref.size;
  for (size_t i = 0; i < b.blocks.size(); ++i) {
    if (b.blocks[i].end > block_text || b.blocks[i].anchor_block >= static_cast<int32_t>(i + 1)) r->Invalidate();
  }
  return p;
}

void PutDiagnostic(ByteWriter* w, const Diagnostic& d) {
  w->Bool(d.severity == Severity::kError);
  w->Str(d.file);
  w->I64(d.line);
  w->I64(d.column);
  w->Str(d.message);
  w->Str(d.source_line);
  w->Str(d.hint);
}
Diagnostic GetDiagnostic(ByteReader* r) {
  Diagnostic d;
  d.severity = r->Bool() ? Severity::kError : Severity::kWarning;
  d.file = r->Str();
  d.line = static_cast<int>(r->Int(0, INT32_MAX));
  d.column = static_cast<int>(r->Int(0, INT32_MAX));
  d.message = r->Str();
  d.source_line = r->Str();
  d.hint = r->Str();
  return d;
}

// One file's entry: stat key, version, page (its texts at `refs`: html,
// text, display), section index and warnings.
void PutEntry(ByteWriter* w, const std::string& path, const ContentCache::Entry& e, const TextStore::Ref refs[3]) {
  w->Str(path);
  w->U64(e.size);
  w->I64(e.mtime_ns);
  w->I64(e.ctime_ns);
  w->U64(e.inode);
  w->Bool(e.racy);
  w->U64(e.version);
  w->Bool(e.page != nullptr);
  if (e.page) PutPage(w, *e.page, refs);
  w->Bool(e.index.has_value());
  if (e.index) {
    for (const std::string* s : {&e.index->section, &e.index->source, &e.index->title, &e.index->description,
                                 &e.index->intro_html}) {
      w->Str(*s);
    }
  }
  w->U64(e.diagnostics.size());
  for (const Diagnostic& d : e.diagnostics) PutDiagnostic(w, d);
}

void GetEntry(ByteReader* r, const std::shared_ptr<TextStore>& store, uint64_t texts_size, std::string* path,
              ContentCache::Entry* e) {
  *path = r->Str();
  e->size = r->U64();
  e->mtime_ns = r->I64();
  e->ctime_ns = r->I64();
  e->inode = r->U64();
  e->racy = r->Bool();
  e->version = r->U64();
  if (r->Bool()) e->page = GetPage(r, store, texts_size);
  if (r->Bool()) {
    SectionIndex s;
    s.section = r->Str();
    s.source = r->Str();
    s.title = r->Str();
    s.description = r->Str();
    s.intro_html = r->Str();
    e->index = std::move(s);
  }
  e->diagnostics.resize(r->Count());
  for (Diagnostic& d : e->diagnostics) d = GetDiagnostic(r);
  if (e->page) e->page->version = e->version;
}

}  // namespace

PageCache::PageCache(fs::path dir, uint64_t binary_key) : dir_(std::move(dir)), binary_key_(binary_key) {}

fs::path PageCache::TextsPath(uint64_t generation) const {
  return dir_ / ("pages." + std::to_string(generation) + ".texts");
}

bool PageCache::StartEmpty(std::string* why) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  RemoveFilesNamed(dir_, "pages.", ".texts");  // older generations or a dropped cache
  fs::remove(dir_ / "pages.cache", ec);
  ++generation_;
  auto store = std::make_shared<TextStore>();
  std::string error;
  if (!store->OpenFile(TextsPath(generation_), 0, &error)) {
    if (why) *why += (why->empty() ? "" : "; ") + error;
    store_.reset();
    return false;
  }
  store_ = std::move(store);
  return true;
}

bool PageCache::Load(ContentCache* cache, std::string* why) {
  cache->entries.clear();
  cache->settings = 0;
  CachePayload payload;
  std::string reason, error;
  auto drop = [&](const std::string& what) {
    if (why) *why = "page cache dropped: " + what;
    cache->entries.clear();
    cache->settings = 0;
    return StartEmpty(why);
  };
  if (!ReadCacheFile(dir_ / "pages.cache", kMagic, binary_key_, &payload, &reason)) {
    if (reason != "none yet") return drop(reason);
    if (why) *why = "no page cache yet";
    return StartEmpty(why);
  }
  std::error_code ec;
  ByteReader r(payload.bytes());
  cache->settings = r.U64();
  generation_ = r.U64();
  uint64_t texts_size = r.Fixed64();
  auto store = std::make_shared<TextStore>();
  if (!r.ok() || !store->OpenFile(TextsPath(generation_), texts_size, &error)) {
    return drop(r.ok() ? error : "damaged");
  }
  store_ = store;
  // Entries are length-prefixed: found in one pass, parsed in parallel.
  std::vector<std::string_view> records(r.Count());
  for (std::string_view& record : records) record = r.View();
  if (!r.ok() || !r.done()) return drop("damaged");
  std::vector<std::pair<std::string, ContentCache::Entry>> parsed(records.size());
  std::vector<char> good(records.size(), 0);
  ParallelFor(records.size(), jobs_, [&](size_t i) {
    ByteReader one(records[i]);
    GetEntry(&one, store, texts_size, &parsed[i].first, &parsed[i].second);
    good[i] = one.ok() && one.done();
  });
  if (std::find(good.begin(), good.end(), 0) != good.end()) return drop("damaged");
  cache->entries.reserve(parsed.size());
  for (auto& [path, e] : parsed) cache->entries.emplace(std::move(path), std::move(e));
  RemoveFilesNamed(dir_, "pages.", ".texts", TextsPath(generation_));  // texts files a failed Save left
  texts_bytes_ = texts_size;
  if (why) *why = std::to_string(cache->entries.size()) + " files in the page cache";
  return true;
}

bool PageCache::Save(const ContentCache& cache, std::string* error) { return Write(cache, error) && Commit(error); }

bool PageCache::Write(const ContentCache& cache, std::string* error) {
  written_ = Written();
  if (!store_) {
    *error = "no page cache store";
    return false;
  }
  // The entries to keep, in path order (the file is then the same for the
  // same pages).
  std::vector<const std::pair<const std::string, ContentCache::Entry>*> kept;
  uint64_t live = 0;
  for (const auto& item : cache.entries) {
    const Page* p = item.second.page.get();
    if (p) {
      if (p->store != store_ || p->html_ref.in_memory || p->text_ref.in_memory ||
          (p->has_display && p->display_ref.in_memory)) {
        continue;  // its texts are not in the file: read it again next time
      }
      live += p->html_ref.size + p->text_ref.size + (p->has_display ? p->display_ref.size : 0);
    }
    kept.push_back(&item);
  }
  std::sort(kept.begin(), kept.end(), [](auto* a, auto* b) { return a->first < b->first; });

  // Rewrite the texts without the dead ones when they are most of the file.
  std::shared_ptr<TextStore> to = store_;
  uint64_t generation = generation_;
  bool compact = store_->file_bytes() > 2 * live + compact_slack_;
  if (compact) {
    to = std::make_shared<TextStore>();
    ++generation;
    if (!to->OpenFile(TextsPath(generation), 0, error)) return false;
  }
  auto ref_in = [&](const Page& p, const TextStore::Ref& ref) {
    if (!compact) return ref;
    TextStore::Ref moved = to->Put(p.store->Get(ref));
    return moved;
  };

  // Each entry on its own thread, then length-prefixed in path order after
  // the head, which names the texts file's size once they are in it.
  std::vector<ByteWriter> records(kept.size());
  std::vector<char> moved(kept.size(), 1);
  ParallelFor(kept.size(), jobs_, [&](size_t i) {
    const ContentCache::Entry& e = kept[i]->second;
    TextStore::Ref refs[3];
    if (e.page) {
      const Page& p = *e.page;
      refs[0] = ref_in(p, p.html_ref);
      refs[1] = ref_in(p, p.text_ref);
      if (p.has_display) refs[2] = ref_in(p, p.display_ref);
      for (const TextStore::Ref& ref : refs) {
        if (ref.in_memory) moved[i] = 0;
      }
    }
    PutEntry(&records[i], kept[i]->first, e, refs);
  });
  if (std::find(moved.begin(), moved.end(), 0) != moved.end()) {
    *error = "cannot copy page texts into " + TextsPath(generation).string();
    return false;
  }
  const uint64_t texts_size = to->file_bytes();
  ByteWriter w;
  size_t total = 40;
  for (const ByteWriter& one : records) total += one.bytes().size() + 10;
  w.bytes().reserve(total);
  w.U64(cache.settings);
  w.U64(generation);
  w.Fixed64(texts_size);
  w.U64(records.size());
  for (ByteWriter& one : records) {
    w.Str(one.bytes());
    std::string().swap(one.bytes());
  }
  if (!PrepareCacheFile(dir_ / "pages.cache", kMagic, binary_key_, w.bytes(), error)) return false;
  written_.ready = true;
  written_.compacted = compact;
  written_.store = std::move(to);
  written_.generation = generation;
  written_.texts_bytes = texts_size;
  written_.live_bytes = live;
  return true;
}

bool PageCache::Commit(std::string* error) {
  if (!written_.ready) {
    *error = "no page cache written";
    return false;
  }
  written_.ready = false;
  if (!CacheFileWriter::Commit(dir_ / "pages.cache", error)) return false;
  texts_bytes_ = written_.texts_bytes;
  live_bytes_ = written_.live_bytes;
  if (written_.compacted) {  // the open descriptor keeps the old file readable for this process
    std::error_code ec;
    fs::remove(TextsPath(generation_), ec);
    store_ = std::move(written_.store);
    generation_ = written_.generation;
  }
  written_.store.reset();
  return true;
}

}  // namespace portal
