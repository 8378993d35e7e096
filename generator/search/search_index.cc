#include "search/search_index.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "base/escape.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "search/search_document_files.h"
#include "search/search_documents.h"
#include "search/search_file_out.h"
#include "search/search_first_page.h"
#include "search/search_fold.h"
#include "search/search_grams.h"
#include "search/search_shards.h"
#include "search/search_tokenizer.h"

namespace portal {
namespace search {
namespace {

class Stopwatch {
 public:
  explicit Stopwatch(IndexFiles* files) : files_(files) {}
  void Lap(const char* name) {
    auto now = std::chrono::steady_clock::now();
    files_->timings.emplace_back(name, std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  IndexFiles* files_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Extensions and Rice parameters are planned from every k-th document (at
// most kPlanSample of them).
constexpr size_t kPlanSample = 500;

// What a document's tokens and passages depend on: its version (source and
// term links) and the fields read from it. Term pages are made afresh each
// build (version 0), so their text is hashed.
uint64_t DocumentKey(const Page& page) {
  std::string fields = page.url + "\n" + page.section + "\n" + page.meta.title + "\n";
  for (const std::string& t : page.meta.tags) fields += t + "\n";
  if (page.version == 0) fields += page.Text();
  return HashCombine(page.version, Hash64(fields));
}

// Documents [begin, end) in one block: tokenized afresh, or the memo's
// block number `memo` (its slice number `slice`, when it is cut).
struct BlockRange {
  size_t begin = 0, end = 0;
  int64_t memo = -1;
  int slice = -1;
};

// A memo block cut around its edited documents (BlockIndex::Slices): the
// unchanged runs are reused, and each edited document's old slice is what
// its new block replaces.
struct CutBlock {
  size_t memo = 0;
  std::vector<uint32_t> cuts;
  std::vector<size_t> replaced;  // slices of one edited document each
  std::vector<std::shared_ptr<BlockIndex>> slices;
};

// `count` runs of about equal length over [begin, end).
std::vector<BlockRange> EvenBlocks(size_t begin, size_t end, size_t count) {
  std::vector<BlockRange> out;
  size_t n = end - begin;
  count = std::min(count, n);
  for (size_t b = 0; b < count; ++b) out.push_back({begin + n * b / count, begin + n * (b + 1) / count, -1});
  return out;
}

// A changed document gets a block of its own when at most this many changed
// together (an editor's edit); more (a checkout, a new plan) are blocked
// as usual.
constexpr size_t kMaxSingleBlocks = 16;

// The blocks of a rebuild with a memo (`keys`: each document's DocumentKey):
// every memo block whose documents all come again, in the same order, is
// reused where they now are; the documents between such blocks are
// tokenized in new blocks, each changed document (one no memo block has)
// alone and the unchanged ones around it in runs spread over `jobs`
// threads. Edits pile blocks up; past a bound the documents are blocked
// afresh, as a first build would.
std::vector<BlockRange> MemoBlocks(const IndexMemo& memo, const std::vector<uint64_t>& keys, size_t normal_count,
                                   int jobs) {
  std::unordered_map<uint64_t, size_t> by_first;
  std::unordered_set<uint64_t> known;
  for (size_t b = 0; b < memo.blocks.size(); ++b) {
    const IndexMemo::Block& block = memo.blocks[b];
    if (block.doc_keys.empty() || !block.index || block.stale) continue;
    by_first.emplace(block.doc_keys.front(), b);
    known.insert(block.doc_keys.begin(), block.doc_keys.end());
  }
  size_t n = keys.size();
  size_t normal = normal_count ? (n + normal_count - 1) / normal_count : 1;
  size_t piece = std::max<size_t>(1, (normal + static_cast<size_t>(jobs) - 1) / static_cast<size_t>(jobs));
  std::vector<BlockRange> out;
  std::vector<bool> used(memo.blocks.size(), false);
  auto fresh = [&](size_t begin, size_t end) {
    size_t changed = 0;
    for (size_t d = begin; d < end; ++d) changed += known.count(keys[d]) ? 0 : 1;
    if (changed > kMaxSingleBlocks) {
      for (const BlockRange& r : EvenBlocks(begin, end, (end - begin + normal - 1) / normal)) out.push_back(r);
      return;
    }
    size_t run = begin;
    auto close_run = [&](size_t at) {
      if (at > run) {
        for (const BlockRange& r : EvenBlocks(run, at, (at - run + piece - 1) / piece)) out.push_back(r);
      }
    };
    for (size_t d = begin; d < end; ++d) {
      if (known.count(keys[d])) continue;
      close_run(d);
      out.push_back({d, d + 1, -1});
      run = d + 1;
    }
    close_run(end);
  };
  size_t d = 0, pending = 0;
  while (d < n) {
    auto it = by_first.find(keys[d]);
    if (it != by_first.end() && !used[it->second]) {
      const std::vector<uint64_t>& block = memo.blocks[it->second].doc_keys;
      if (d + block.size() <= n && std::equal(block.begin(), block.end(), keys.begin() + static_cast<std::ptrdiff_t>(d))) {
        fresh(pending, d);
        used[it->second] = true;
        out.push_back({d, d + block.size(), static_cast<int64_t>(it->second)});
        d += block.size();
        pending = d;
        continue;
      }
    }
    ++d;
  }
  fresh(pending, n);
  if (out.size() > 4 * normal_count + 64) return EvenBlocks(0, n, normal_count);
  return out;
}

// When the memo's blocks hold exactly these documents' places (no page
// added or removed) and a few documents changed: the memo's blocks, each
// with changed documents cut into slices around them (`cuts`), and a block
// of its own for each changed document, which is then the only one
// tokenized. False otherwise (MemoBlocks decides).
bool CutMemoBlocks(const IndexMemo& memo, const std::vector<uint64_t>& keys, size_t normal_count,
                   std::vector<BlockRange>* out, std::vector<CutBlock>* cut) {
  std::vector<size_t> order(memo.blocks.size());
  for (size_t b = 0; b < order.size(); ++b) order[b] = b;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return memo.blocks[a].begin < memo.blocks[b].begin; });
  size_t at = 0, changed = 0;
  for (size_t b : order) {
    const IndexMemo::Block& block = memo.blocks[b];
    if (block.begin != at || !block.index || block.stale || block.doc_keys.empty()) return false;
    for (size_t i = 0; i < block.doc_keys.size(); ++i) {
      if (at + i >= keys.size()) return false;
      changed += block.doc_keys[i] != keys[at + i];
    }
    at += block.doc_keys.size();
  }
  if (at != keys.size() || changed == 0 || changed > kMaxSingleBlocks) return false;
  out->clear();
  cut->clear();
  for (size_t b : order) {
    const IndexMemo::Block& block = memo.blocks[b];
    const size_t begin = block.begin, end = begin + block.doc_keys.size();
    std::vector<uint32_t> edited;
    for (size_t d = begin; d < end; ++d) {
      if (block.doc_keys[d - begin] != keys[d]) edited.push_back(static_cast<uint32_t>(d));
    }
    if (edited.empty()) {
      out->push_back({begin, end, static_cast<int64_t>(b), -1});
      continue;
    }
    CutBlock c;
    c.memo = b;
    for (uint32_t d : edited) {
      for (uint32_t at_cut : {d, d + 1}) {
        if (at_cut > begin && at_cut < end && (c.cuts.empty() || c.cuts.back() != at_cut)) c.cuts.push_back(at_cut);
      }
    }
    size_t from = begin;
    for (size_t k = 0; k <= c.cuts.size(); ++k) {
      size_t to = k < c.cuts.size() ? c.cuts[k] : end;
      if (to == from + 1 && std::binary_search(edited.begin(), edited.end(), static_cast<uint32_t>(from))) {
        out->push_back({from, to, -1, -1});  // tokenized afresh
        c.replaced.push_back(k);
      } else {
        out->push_back({from, to, static_cast<int64_t>(b), static_cast<int>(k)});
      }
      from = to;
    }
    cut->push_back(std::move(c));
  }
  // Edits pile slices up; past a bound the documents are blocked afresh.
  return out->size() <= 4 * normal_count + 64;
}

size_t PlanStep(size_t docs) { return std::max<size_t>(1, (docs + kPlanSample - 1) / kPlanSample); }

// With a memo holding the counts of a sample of the same size, only the
// sampled documents whose keys differ from the memo's at their place in the
// sample are tokenized and counted again (all of them when more than a
// quarter do); the memo is left holding this
// sample. *counted: how many sampled documents were counted.
GramPlan Plan(const std::vector<const Page*>& docs, const IndexOptions& options, const std::vector<uint64_t>& doc_keys,
              IndexMemo* memo, size_t* counted) {
  size_t step = PlanStep(docs.size());
  size_t count = (docs.size() + step - 1) / step;
  std::vector<std::shared_ptr<const DocTokens>> sample(count);
  std::vector<size_t> changed;
  // The counts are sums over the memo's sampled documents, whichever they
  // were: replacing those whose keys differ gives this sample's sums.
  bool incremental = memo && memo->counts && memo->sample.size() == count;
  if (incremental) {
    for (size_t i = 0; i < count; ++i) {
      if (memo->sample_keys[i] == doc_keys[i * step]) {
        sample[i] = memo->sample[i];
      } else {
        changed.push_back(i);
      }
    }
    incremental = changed.size() * 4 <= count;
  }
  if (!incremental) {
    changed.clear();
    for (size_t i = 0; i < count; ++i) changed.push_back(i);
  }
  ParallelFor(changed.size(), options.jobs, [&](size_t c) {
    auto tokens = std::make_shared<DocTokens>();
    TokenizeDocument(*docs[changed[c] * step], tokens.get(), nullptr);
    sample[changed[c]] = std::move(tokens);
  });
  *counted = changed.size();
  std::vector<const DocTokens*> pointers;
  for (const auto& t : sample) pointers.push_back(t.get());
  PlanCounts fresh;
  PlanCounts* counts = &fresh;
  if (memo) {
    if (!memo->counts) memo->counts = std::make_unique<PlanCounts>();
    counts = memo->counts.get();
  }
  if (incremental) {
    for (size_t i : changed) counts->Replace(*memo->sample[i], *sample[i]);
  } else {
    counts->Count(pointers, options.jobs);  // starts afresh
  }
  if (memo) {
    memo->sample_keys.resize(count);
    for (size_t i = 0; i < count; ++i) memo->sample_keys[i] = doc_keys[i * step];
    memo->sample = sample;
  }
  // The threshold grows with the corpus, so the share of extended grams, and
  // with it the index's size per document, stays put.
  auto threshold = static_cast<uint64_t>(std::max(static_cast<double>(options.extend_occurrences),
                                                  options.extend_per_document * static_cast<double>(docs.size())));
  return GramPlan::FromCounts(*counts, pointers, docs.size(), threshold);
}

// A token of the whole index: its parts from every block, in document order.
struct Token {
  GramKey key = 0;
  const std::string* word = nullptr;
  int length = 0;
  TokenCoding coding;
  std::vector<PostingPart*> parts;
};

std::vector<Token> MergeBlocks(const std::vector<std::shared_ptr<BlockIndex>>& blocks) {
  std::vector<Token> tokens;
  FlatMap<GramKey, uint32_t> grams;
  std::unordered_map<std::string_view, uint32_t> words;
  for (auto& block : blocks) {
    for (uint32_t t = 0; t < block->token_count(); ++t) {
      if (block->part(t).df == 0) continue;
      bool added = false;
      uint32_t id = 0;
      if (block->length(t) > 0) {
        id = grams.Insert(block->key(t), static_cast<uint32_t>(tokens.size()), &added);
      } else {
        auto [it, fresh] = words.emplace(block->word(t), static_cast<uint32_t>(tokens.size()));
        id = it->second;
        added = fresh;
      }
      if (added) {
        Token m;
        m.key = block->key(t);
        m.word = &block->word(t);
        m.length = block->length(t);
        m.coding = block->coding(t);
        tokens.push_back(std::move(m));
      }
      tokens[id].parts.push_back(&block->part(t));
    }
  }
  return tokens;
}

// One posting list of the index: its dictionary entry (key, flags
// kPositional and kExtended, df, size) and where its bytes come from: a
// token's parts from the blocks, or the memo's list of the last build
// (`old`, whose bytes are `old_bytes`: in its pack, or its own when inline).
struct List {
  TokenEntry entry;
  GramKey gram = 0;  // 0 for a word
  int length = 0;
  const Token* token = nullptr;
  IndexMemo::List* old = nullptr;
  std::string_view old_bytes;
};

// The list of `t`, its bytes still to be joined from its parts.
List ListOf(const Token& t) {
  List l;
  l.gram = t.length > 0 ? t.key : 0;
  l.length = t.length;
  l.token = &t;
  TokenEntry& e = l.entry;
  e.key = t.length > 0 ? GramUtf8(t.key) : *t.word;
  e.flags = (t.length == 0 || t.length >= 3) ? uint32_t{kPositional} : 0u;
  if (t.coding.extended && t.length >= 3 && t.length < kMaxGram) e.flags |= kExtended;
  for (const PostingPart* p : t.parts) e.df += p->df;
  std::vector<const PostingPart*> parts(t.parts.begin(), t.parts.end());
  e.size = static_cast<uint32_t>(PackedSize(parts, t.coding.kd));
  return l;
}

// Posting lists (sorted by key, unique) as shards and packs; fills
// `ideographs` with the ideographs the index has. Returns the shard count.
// With a memo, it is left holding this build's lists, packs and shards;
// when `changed_keys` is given too, the lists with `old` are the memo's
// unchanged lists and `changed_keys` every key whose list was joined again
// or is gone: a pack holding the same unchanged lists as before, the first
// page of an unchanged list ranked by the same lengths, and a shard none of
// whose entries changed are taken from the memo.
uint32_t AddTokenFiles(std::vector<List>& lists, const IndexOptions& options, const FirstPageInputs& first,
                       std::set<char32_t>* ideographs, IndexFiles* files, FileOut* out, IndexMemo* memo,
                       const std::vector<std::string>* changed_keys) {
  for (const List& l : lists) {
    if (l.length == 1) ideographs->insert(static_cast<char32_t>(l.gram & 0x3FFFF) - 1);
  }
  // Big lists go into packs in key order; a list never straddles two.
  std::vector<size_t> pack_sizes;
  std::vector<std::vector<uint32_t>> pack_lists;
  std::vector<uint32_t> inline_lists;
  for (uint32_t i = 0; i < lists.size(); ++i) {
    TokenEntry& e = lists[i].entry;
    if (e.size <= kInlineMaxBytes) {
      inline_lists.push_back(i);
      continue;
    }
    e.flags |= kExternal;
    if (pack_sizes.empty() || (pack_sizes.back() > 0 && pack_sizes.back() + e.size > options.pack_bytes)) {
      pack_sizes.push_back(0);
      pack_lists.emplace_back();
    }
    e.pack = static_cast<uint32_t>(pack_sizes.size() - 1);
    e.offset = static_cast<uint32_t>(pack_sizes.back());
    pack_sizes.back() += e.size;
    pack_lists.back().push_back(i);
  }
  const bool reuse = memo && changed_keys;
  const bool same_ranking = reuse && memo->avg_body == first.avg_body && first.norms && *first.norms == memo->norms;
  // Big positional lists carry the first page of a one-term query
  // (search_first_page.h); with the default size only lists in packs.
  auto AddFirstPage = [&](std::string_view packed, List& l) {
    TokenEntry& e = l.entry;
    if (options.first_page_bytes == 0 || !(e.flags & kPositional) || e.size < options.first_page_bytes) return;
    e.first_page = same_ranking && l.old ? l.old->first_page : FirstPageBytes(packed, first);
    if (!e.first_page.empty()) e.flags |= kFirstPage;
  };
  // Without a memo, each list's parts are freed once copied, so the index
  // is not held twice.
  auto join = [&](const Token& t, char* to) {
    std::vector<const PostingPart*> parts(t.parts.begin(), t.parts.end());
    WritePacked(parts, t.coding.kd, t.coding.kp, to);
    if (!memo) {
      for (PostingPart* p : t.parts) p->bits.Clear();  // a memo keeps them
    }
  };
  auto write = [&](List& l, char* to) {
    if (l.old) std::copy(l.old_bytes.begin(), l.old_bytes.end(), to);
    else join(*l.token, to);
  };
  // With a memo: the packs that hold the same unchanged lists as the last
  // build's pack of their number, at the same places, are its bytes again.
  std::vector<char> same_pack(pack_sizes.size(), 0);
  if (reuse) {
    ParallelFor(pack_sizes.size(), options.jobs, [&](size_t p) {
      const std::vector<uint32_t>& members = pack_lists[p];
      bool same = p < memo->packs.size() && memo->packs[p].lists == members.size() &&
                  memo->packs[p].size == pack_sizes[p] && memo->packs[p].first_key == lists[members[0]].entry.key;
      for (size_t k = 0; same && k < members.size(); ++k) {
        const List& l = lists[members[k]];
        same = l.old && (l.old->entry_flags & kExternal) && l.old->pack == p && l.old->offset == l.entry.offset;
      }
      same_pack[p] = same;
    });
    // A memo without bytes reads back the last build's packs whose
    // unchanged lists go into a pack written anew, or are ranked anew.
    std::vector<char> wanted(memo->packs.size(), 0);
    for (size_t p = 0; p < pack_sizes.size(); ++p) {
      for (uint32_t i : pack_lists[p]) {
        const List& l = lists[i];
        if (l.old && (l.old->entry_flags & kExternal) && (!same_pack[p] || !same_ranking)) wanted[l.old->pack] = 1;
      }
    }
    std::vector<size_t> fetch;
    for (size_t q = 0; q < wanted.size(); ++q) {
      if (wanted[q] && !memo->packs[q].bytes) fetch.push_back(q);
    }
    ParallelFor(fetch.size(), options.jobs, [&](size_t k) {
      IndexMemo::File& f = memo->packs[fetch[k]];
      f.bytes = options.fetch ? options.fetch("p/" + std::to_string(fetch[k]) + ".bin", f.hash) : nullptr;
      // Gone or changed: fetch reported it and the build fails; the bytes
      // are only a stand-in of the right size.
      if (!f.bytes || f.bytes->size() != f.size) f.bytes = std::make_shared<const std::string>(f.size, '\0');
    });
    for (List& l : lists) {
      if (l.old && (l.old->entry_flags & kExternal) && memo->packs[l.old->pack].bytes) {
        l.old_bytes = std::string_view(*memo->packs[l.old->pack].bytes).substr(l.old->offset, l.old->size);
      }
    }
  }
  std::vector<IndexMemo::File> packs(pack_sizes.size());
  std::atomic<size_t> reused{0};
  ParallelFor(pack_sizes.size(), options.jobs, [&](size_t p) {
    const std::vector<uint32_t>& members = pack_lists[p];
    std::string path = "p/" + std::to_string(p) + ".bin";
    if (!memo) {
      std::string pack(pack_sizes[p], '\0');
      for (uint32_t i : members) {
        TokenEntry& e = lists[i].entry;
        write(lists[i], pack.data() + e.offset);
        AddFirstPage(std::string_view(pack.data() + e.offset, e.size), lists[i]);
      }
      out->Add(path, std::move(pack));
      return;
    }
    IndexMemo::File& made = packs[p];
    made.first_key = lists[members[0]].entry.key;
    made.lists = static_cast<uint32_t>(members.size());
    made.size = pack_sizes[p];
    if (same_pack[p]) {
      made.bytes = memo->packs[p].bytes;
      made.hash = memo->packs[p].hash;
      for (uint32_t i : members) AddFirstPage(lists[i].old_bytes, lists[i]);
      ++reused;
    } else {
      auto pack = std::make_shared<std::string>(pack_sizes[p], '\0');
      for (uint32_t i : members) {
        TokenEntry& e = lists[i].entry;
        write(lists[i], pack->data() + e.offset);
        AddFirstPage(std::string_view(pack->data() + e.offset, e.size), lists[i]);
      }
      made.hash = ContentHash(*pack);
      made.bytes = std::move(pack);
    }
    out->AddShared(path, made.bytes, made.hash);
    if (!memo->keep_bytes) made.bytes.reset();
  });
  // Inline lists travel in their shard entries; an unchanged one's bytes
  // are copied only when its shard is written again (below).
  ParallelFor(inline_lists.size(), options.jobs, [&](size_t k) {
    List& l = lists[inline_lists[k]];
    TokenEntry& e = l.entry;
    if (l.old) {
      AddFirstPage(l.old_bytes, l);
      return;
    }
    e.postings.resize(e.size);
    join(*l.token, e.postings.data());
    AddFirstPage(e.postings, l);
  });
  std::vector<TokenEntry> sorted;
  sorted.reserve(lists.size());
  for (List& l : lists) sorted.push_back(std::move(l.entry));
  files->token_count = sorted.size();
  uint32_t shard_count = ShardCount(sorted);
  // Shards whose entries may differ from the memo's: those of every key
  // joined again or gone, and of every list whose place or first page moved.
  std::vector<char> dirty(shard_count, 1);
  const bool shards_kept = reuse && memo->shards.size() == shard_count;
  std::vector<uint32_t> shard_of(shards_kept ? sorted.size() : 0);
  if (shards_kept) {
    std::fill(dirty.begin(), dirty.end(), 0);
    for (const std::string& k : *changed_keys) dirty[Fnv1a32(ShardRoot(k)) % shard_count] = 1;
    for (size_t i = 0; i < sorted.size(); ++i) {
      const IndexMemo::List* old = lists[i].old;
      const TokenEntry& e = sorted[i];
      shard_of[i] = Fnv1a32(ShardRoot(e.key)) % shard_count;
      bool same = old && old->entry_flags == e.flags && old->size == e.size && old->df == e.df &&
                  (!(e.flags & kExternal) || (old->pack == e.pack && old->offset == e.offset)) &&
                  old->first_page == e.first_page;
      if (!same) dirty[shard_of[i]] = 1;
    }
  }
  for (size_t i = 0; i < sorted.size(); ++i) {
    TokenEntry& e = sorted[i];
    if (lists[i].old && !(e.flags & kExternal) && (!shards_kept || dirty[shard_of[i]])) {
      e.postings.assign(lists[i].old_bytes);
    }
  }
  std::vector<std::string> shards = WriteShards(sorted, shard_count, &dirty);
  std::vector<IndexMemo::File> shard_files(memo ? shard_count : 0);
  for (uint32_t s = 0; s < shard_count; ++s) {
    std::string path = "s/" + std::to_string(s) + ".bin";
    if (!memo) {
      out->Add(path, std::move(shards[s]));
      continue;
    }
    IndexMemo::File& f = shard_files[s];
    if (dirty[s]) {
      f.hash = ContentHash(shards[s]);
      f.size = shards[s].size();
      f.bytes = std::make_shared<const std::string>(std::move(shards[s]));
    } else {
      f = memo->shards[s];
      ++reused;
    }
    out->AddShared(path, f.bytes, f.hash);
    if (!memo->keep_bytes) f.bytes.reset();
  }
  files->files_reused = reused.load();
  if (memo) {
    std::vector<IndexMemo::List> kept(lists.size());
    for (size_t i = 0; i < sorted.size(); ++i) {
      IndexMemo::List& m = kept[i];
      TokenEntry& e = sorted[i];
      m.gram = lists[i].gram;
      m.length = lists[i].length;
      m.flags = e.flags & (kPositional | kExtended);
      m.df = e.df;
      m.size = e.size;
      m.entry_flags = e.flags;
      m.pack = e.pack;
      m.offset = e.offset;
      if (!(e.flags & kExternal)) {
        // An unchanged list whose shard was reused keeps the old memo's bytes.
        m.bytes = lists[i].old && e.postings.empty() && e.size > 0 ? std::move(lists[i].old->bytes) : std::move(e.postings);
      }
      m.first_page = std::move(e.first_page);
      m.key = std::move(e.key);
    }
    memo->lists = std::move(kept);
    memo->packs = std::move(packs);
    memo->shards = std::move(shard_files);
    memo->avg_body = first.avg_body;
    memo->norms = first.norms ? *first.norms : std::vector<uint8_t>();
    memo->lists_made = true;
  }
  return shard_count;
}

// Every token's list, joined from `blocks`, sorted by key.
std::vector<List> AllLists(const std::vector<Token>& tokens, int jobs) {
  std::vector<List> lists(tokens.size());
  ParallelFor(tokens.size(), jobs, [&](size_t i) { lists[i] = ListOf(tokens[i]); });
  std::sort(lists.begin(), lists.end(), [](const List& a, const List& b) { return a.entry.key < b.entry.key; });
  return lists;
}

// A block of documents [begin, end) replaced in this build, or made anew.
struct RangedBlock {
  size_t begin = 0, end = 0;
  BlockIndex* index = nullptr;
};

// With a memo whose lists are the last build's and whose blocks kept their
// numbers: the lists of tokens whose entries a replaced (`dropped`) or new
// (`made`) block changed are joined anew from every block (into `joined`;
// when each dropped block has a made one over the same documents, only
// tokens whose parts differ count, else every token of both); the others
// are the memo's lists. Sorted by key, as AllLists would give them;
// *changed_keys gets every key joined anew or gone. False, with nothing
// taken, when so many changed that joining every list is quicker.
bool ChangedLists(IndexMemo& memo, const std::vector<std::shared_ptr<BlockIndex>>& blocks,
                  std::vector<RangedBlock> dropped, std::vector<RangedBlock> made,
                  int jobs, std::vector<Token>* joined, std::vector<List>* out,
                  std::vector<std::string>* changed_keys) {
  FlatMap<GramKey, uint8_t> grams;
  StringMap<uint8_t> words;
  auto note_token = [&](const BlockIndex& b, uint32_t t) {
    bool added = false;
    if (b.length(t) > 0) {
      grams.Insert(b.key(t), 1, &added);
    } else {
      words.emplace(b.word(t), 1);
    }
  };
  auto by_begin = [](const RangedBlock& a, const RangedBlock& b) { return a.begin < b.begin; };
  std::sort(dropped.begin(), dropped.end(), by_begin);
  std::sort(made.begin(), made.end(), by_begin);
  bool paired = dropped.size() == made.size();
  for (size_t i = 0; paired && i < dropped.size(); ++i) {
    paired = dropped[i].begin == made[i].begin && dropped[i].end == made[i].end;
  }
  if (paired) {
    // Each replaced block has a new one over the same documents (an edited
    // page's block of its own): only tokens whose entries differ changed.
    // An edit inside a paragraph leaves the positions of the others alone
    // (kParagraphAlign), so most of the page's tokens keep their entries.
    for (size_t i = 0; i < dropped.size(); ++i) {
      BlockIndex& before = *dropped[i].index;
      BlockIndex& after = *made[i].index;
      before.IndexKeys();
      after.IndexKeys();
      for (uint32_t t = 0; t < after.token_count(); ++t) {
        int64_t id = before.Find(after.key(t), after.word(t));
        if (id < 0 || !(before.part(static_cast<uint32_t>(id)) == after.part(t))) note_token(after, t);
      }
      for (uint32_t t = 0; t < before.token_count(); ++t) {
        if (after.Find(before.key(t), before.word(t)) < 0) note_token(before, t);
      }
    }
  } else {
    for (const std::vector<RangedBlock>* list : {&dropped, &made}) {
      for (const RangedBlock& b : *list) {
        for (uint32_t t = 0; t < b.index->token_count(); ++t) note_token(*b.index, t);
      }
    }
  }
  if ((grams.size() + words.size()) * 2 > memo.lists.size()) return false;
  // Each changed token's parts, block by block in document order.
  std::vector<std::pair<GramKey, std::string>> changed;
  grams.ForEach([&](GramKey k, uint8_t) { changed.emplace_back(k, std::string()); });
  for (const auto& [w, unused] : words) changed.emplace_back(0, w);
  changed_keys->clear();
  for (const auto& [k, w] : changed) changed_keys->push_back(k ? GramUtf8(k) : w);
  ParallelFor(blocks.size(), jobs, [&](size_t b) { blocks[b]->IndexKeys(); });
  std::vector<Token> tokens(changed.size());
  ParallelFor(changed.size(), jobs, [&](size_t i) {
    Token& t = tokens[i];
    for (const auto& block : blocks) {
      int64_t id = block->Find(changed[i].first, changed[i].second);
      if (id < 0 || block->part(static_cast<uint32_t>(id)).df == 0) continue;
      if (t.parts.empty()) {
        t.key = block->key(static_cast<uint32_t>(id));
        t.word = &block->word(static_cast<uint32_t>(id));
        t.length = block->length(static_cast<uint32_t>(id));
        t.coding = block->coding(static_cast<uint32_t>(id));
      }
      t.parts.push_back(&block->part(static_cast<uint32_t>(id)));
    }
  });
  std::erase_if(tokens, [](const Token& t) { return t.parts.empty(); });
  *joined = std::move(tokens);
  std::vector<List> renewed = AllLists(*joined, jobs);
  // The memo's lists but the changed ones, merged with the renewed.
  std::vector<List> lists;
  lists.reserve(memo.lists.size() + renewed.size());
  size_t r = 0;
  for (IndexMemo::List& m : memo.lists) {
    if (m.gram ? grams.Find(m.gram) != nullptr : words.count(m.key) > 0) continue;
    while (r < renewed.size() && renewed[r].entry.key < m.key) lists.push_back(std::move(renewed[r++]));
    List l;
    l.entry.key = std::move(m.key);
    l.entry.flags = m.flags;
    l.entry.df = m.df;
    l.entry.size = m.size;
    l.gram = m.gram;
    l.length = m.length;
    l.old = &m;
    // An inline list's bytes are its own; a packed one's are pointed into
    // its pack by AddTokenFiles, which first reads back the packs a memo
    // without bytes needs.
    if (!(m.entry_flags & kExternal)) l.old_bytes = m.bytes;
    lists.push_back(std::move(l));
  }
  while (r < renewed.size()) lists.push_back(std::move(renewed[r++]));
  *out = std::move(lists);
  return true;
}

// Traditional -> simplified pairs for the query, only towards ideographs the
// index has (7.5 KB at 10,000 documents, at most ~50 KB): part of meta.json,
// which every query reads first anyway (a file of their own was one more
// request in the first round); excerpts need most of them too.
nlohmann::json SimplificationPairs(const std::set<char32_t>& ideographs) {
  nlohmann::json t2s = nlohmann::json::object();
  for (auto [from, to] : SimplificationTable([&](char32_t c) { return ideographs.count(c) > 0; })) {
    t2s[Utf8(from)] = Utf8(to);
  }
  return t2s;
}


}  // namespace

IndexFiles BuildIndexFiles(const std::vector<const Page*>& pages,
                           const std::vector<std::pair<std::string, std::string>>& sections,
                           const IndexOptions& options) {
  IndexFiles files;
  Stopwatch watch(&files);
  std::vector<const Page*> docs = IndexOrder(pages);
  size_t first_term = docs.size();
  docs.insert(docs.end(), options.term_pages.begin(), options.term_pages.end());
  PreparePinyin(docs);
  watch.Lap("pinyin");
  nlohmann::json meta = {{"version", 5}, {"docs", docs.size()}, {"maxGram", kMaxGram}};
  if (!options.term_pages.empty()) meta["termDocs"] = {first_term, options.term_pages.size()};
  // The plan reads a sample of the documents: with a memo it is made again
  // only when one of those changed, and blocks built under another plan (or
  // from texts loaded with other settings) are dropped.
  IndexMemo* memo = options.memo;
  if (memo) memo->documents.keep_bytes = memo->keep_bytes;
  GramPlan fresh_plan;
  const GramPlan* plan = &fresh_plan;
  uint64_t plan_key = 0;
  std::vector<uint64_t> doc_keys;  // with a memo: each document's DocumentKey
  if (memo) {
    doc_keys.resize(docs.size());
    ParallelFor(docs.size(), options.jobs, [&](size_t d) { doc_keys[d] = DocumentKey(*docs[d]); });
    plan_key = HashCombine(options.memo_context, Hash64(std::to_string(docs.size()) + "|" +
                                                        std::to_string(options.extend_occurrences) + "|" +
                                                        std::to_string(options.extend_per_document)));
    for (size_t d = 0; d < docs.size(); d += PlanStep(docs.size())) plan_key = HashCombine(plan_key, doc_keys[d]);
  }
  if (!memo || !memo->plan || memo->plan_key != plan_key) {
    if (memo && memo->context != options.memo_context) memo->counts.reset();  // tokens of other settings
    fresh_plan = Plan(docs, options, doc_keys, memo, &files.sample_counted);
    if (memo) {
      FlatMap<GramKey, uint8_t> changed_grams;
      StringMap<uint8_t> changed_words;
      if (memo->context != options.memo_context || !memo->plan ||
          !memo->plan->Differences(fresh_plan, &changed_grams, &changed_words)) {
        memo->plan = std::make_unique<GramPlan>(std::move(fresh_plan));
        memo->blocks.clear();
      } else if (changed_grams.size() > 0 || !changed_words.empty()) {
        // An edit of a sampled document moved a few codings: only blocks
        // holding one of those tokens were written otherwise than the new
        // plan would write them. (Assigned in place: reused blocks point at
        // the plan, though they no longer read it.)
        for (IndexMemo::Block& block : memo->blocks) {
          if (block.index && block.index->HasAny(changed_grams, changed_words)) block.stale = true;
        }
        *memo->plan = std::move(fresh_plan);
      }
      memo->context = options.memo_context;
      memo->plan_key = plan_key;
    }
  }
  if (memo) plan = memo->plan.get();
  watch.Lap("plan");
  // Blocks of consecutive documents, several per thread so uneven documents
  // balance; the bytes never depend on how the documents were split.
  // (Smaller blocks for a clean build were tried: 64 at 1,000 documents
  // doubled the tokens and postings phases and the memory.)
  size_t normal_count = std::min<size_t>(docs.size(), static_cast<size_t>(ResolveJobs(options.jobs)) * 4);
  std::vector<BlockRange> ranges;
  std::vector<CutBlock> cut;
  if (memo && !memo->blocks.empty() && CutMemoBlocks(*memo, doc_keys, normal_count, &ranges, &cut)) {
    // An edited page's old block is cut around it rather than tokenized
    // again (a run of unchanged pages is copied bits, not new tokens).
    for (CutBlock& c : cut) {
      c.slices = memo->blocks[c.memo].index->Slices(c.cuts, options.jobs);
      ParallelFor(c.slices.size(), options.jobs, [&](size_t s) { c.slices[s]->IndexKeys(); });
    }
    // A part that did not parse: block afresh.
    if (std::any_of(cut.begin(), cut.end(), [](const CutBlock& c) { return c.slices.empty(); })) {
      cut.clear();
      ranges.clear();
    }
  }
  if (ranges.empty()) {
    ranges = memo && !memo->blocks.empty() ? MemoBlocks(*memo, doc_keys, normal_count, ResolveJobs(options.jobs))
                                           : EvenBlocks(0, docs.size(), normal_count);
  }
  auto slice_of = [&](const BlockRange& r) -> std::shared_ptr<BlockIndex> {
    for (const CutBlock& c : cut) {
      if (static_cast<int64_t>(c.memo) == r.memo) return c.slices[static_cast<size_t>(r.slice)];
    }
    return nullptr;
  };
  size_t block_count = ranges.size();
  std::vector<std::shared_ptr<BlockIndex>> blocks(block_count);
  std::vector<DocumentText> texts(docs.size());
  std::atomic<size_t> reused{0}, tokenized{0};
  std::atomic<bool> renumbered{false};
  ParallelFor(block_count, options.jobs, [&](size_t b) {
    const BlockRange& r = ranges[b];
    if (r.memo >= 0 && r.slice >= 0) {
      IndexMemo::Block& old = memo->blocks[static_cast<size_t>(r.memo)];
      blocks[b] = slice_of(r);
      auto from = old.texts.begin() + static_cast<std::ptrdiff_t>(r.begin - old.begin);
      std::move(from, from + static_cast<std::ptrdiff_t>(r.end - r.begin), texts.begin() + static_cast<std::ptrdiff_t>(r.begin));
      ++reused;
      return;
    }
    if (r.memo >= 0) {
      IndexMemo::Block& old = memo->blocks[static_cast<size_t>(r.memo)];
      blocks[b] = old.index;
      if (r.begin != old.begin) renumbered = true;
      blocks[b]->Renumber(static_cast<int64_t>(r.begin) - static_cast<int64_t>(old.begin));
      std::move(old.texts.begin(), old.texts.end(), texts.begin() + static_cast<std::ptrdiff_t>(r.begin));
      ++reused;
      return;
    }
    blocks[b] = std::make_shared<BlockIndex>(plan);
    thread_local DocTokens tokens;
    for (size_t d = r.begin; d < r.end; ++d) {
      TokenizeDocument(*docs[d], &tokens, &texts[d]);
      blocks[b]->Add(static_cast<uint32_t>(d), tokens);
    }
    blocks[b]->Finish();
    // A memo's blocks are looked up by key when a later edit joins the lists
    // it changed: indexed now, on this block's thread, not then.
    if (memo) blocks[b]->IndexKeys();
    tokenized += r.end - r.begin;
  });
  files.blocks = block_count;
  files.blocks_reused = reused.load();
  files.docs_tokenized = tokenized.load();
  watch.Lap("tokens");
  // The body lengths, quantized (docs.bin) and on average (meta.json's
  // avgBody): what the query ranks by, and so the first pages too.
  std::vector<uint8_t> norms(docs.size());
  uint64_t all_units = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    norms[d] = QuantizeLength(texts[d].body_units);
    all_units += texts[d].body_units;
  }
  FirstPageInputs first_page;
  first_page.norms = &norms;
  // Whole units: BM25 hardly notices, and an edit then seldom moves it, so
  // serve keeps the first pages of lists the edit did not touch.
  first_page.avg_body =
      docs.empty() ? 0.0 : std::round(static_cast<double>(all_units) / static_cast<double>(docs.size()));
  first_page.first_term = static_cast<uint32_t>(first_term);
  // The document files (passages, records) need only the texts: written on
  // their own thread while the posting lists are joined into packs.
  FileOut out(options, &files);
  nlohmann::json document_meta = nlohmann::json::object();
  DocumentFilesOptions document_options;
  document_options.pack_bytes = options.pack_bytes;
  document_options.records_per_block = options.records_per_block;
  document_options.term_pages = options.term_pages.size();
  document_options.jobs = options.jobs;
  if (memo) {
    document_options.doc_keys = &doc_keys;
    document_options.memo = &memo->documents;
  }
  DocumentFilesStats document_stats;
  std::thread documents(
      [&] { document_stats = AddDocumentFiles(docs, texts, first_page, sections, document_options, &document_meta, &out); });
  std::set<char32_t> ideographs;
  {
    // With a memo whose lists are the last build's, only the lists of the
    // replaced and new blocks' tokens are joined again (unless blocks moved:
    // then lists across the move change their gaps).
    std::vector<Token> tokens;
    std::vector<List> lists;
    std::vector<std::string> changed_keys;
    bool changed_only = false;
    if (memo && memo->lists_made && !renumbered && reused > 0) {
      std::vector<bool> fresh(block_count);
      std::vector<bool> used(memo->blocks.size(), false);
      for (size_t b = 0; b < block_count; ++b) {
        fresh[b] = ranges[b].memo < 0;
        if (!fresh[b]) used[static_cast<size_t>(ranges[b].memo)] = true;
      }
      std::vector<RangedBlock> dropped, made;
      for (const CutBlock& c : cut) used[c.memo] = true;  // its replaced slices follow
      for (size_t b = 0; b < memo->blocks.size(); ++b) {
        const IndexMemo::Block& old = memo->blocks[b];
        if (!used[b] && old.index) dropped.push_back({old.begin, old.begin + old.doc_keys.size(), old.index.get()});
      }
      for (const CutBlock& c : cut) {  // an edited document's old entries
        size_t begin = memo->blocks[c.memo].begin;
        for (size_t k : c.replaced) {
          size_t from = k == 0 ? begin : c.cuts[k - 1];
          dropped.push_back({from, from + 1, c.slices[k].get()});
        }
      }
      for (size_t b = 0; b < block_count; ++b) {
        if (fresh[b]) made.push_back({ranges[b].begin, ranges[b].end, blocks[b].get()});
      }
      changed_only = ChangedLists(*memo, blocks, std::move(dropped), std::move(made), options.jobs, &tokens, &lists,
                                  &changed_keys);
    }
    if (!changed_only) {
      tokens = MergeBlocks(blocks);
      lists = AllLists(tokens, options.jobs);
    }
    for (const List& l : lists) files.lists_joined += l.old ? 0 : 1;
    watch.Lap("lists");
    meta["shards"] = AddTokenFiles(lists, options, first_page, &ideographs, &files, &out, memo,
                                   changed_only ? &changed_keys : nullptr);
  }
  if (!memo) blocks.clear();  // a memo keeps them for the next build
  meta["t2s"] = SimplificationPairs(ideographs);
  watch.Lap("packs");
  documents.join();
  files.passage_count = document_stats.passages;
  files.files_reused += document_stats.reused;
  watch.Lap("documents");
  if (memo) {
    std::vector<IndexMemo::Block> next(block_count);
    for (size_t b = 0; b < block_count; ++b) {
      const BlockRange& r = ranges[b];
      auto first = static_cast<std::ptrdiff_t>(r.begin), last = static_cast<std::ptrdiff_t>(r.end);
      next[b].doc_keys.assign(doc_keys.begin() + first, doc_keys.begin() + last);
      next[b].begin = static_cast<uint32_t>(r.begin);
      next[b].index = blocks[b];
      next[b].texts.assign(std::make_move_iterator(texts.begin() + first), std::make_move_iterator(texts.begin() + last));
      // A block reused where it was is the same bytes in the build cache.
      if (r.memo >= 0 && r.slice < 0 && memo->blocks[static_cast<size_t>(r.memo)].begin == r.begin) {
        next[b].stored = memo->blocks[static_cast<size_t>(r.memo)].stored;
      }
    }
    memo->blocks = std::move(next);
  }
  meta.update(document_meta);
  out.Add("meta.json", JsonForWeb(meta.dump()));
  files.doc_count = docs.size();
  return files;
}

bool EarlierFilesKept(const IndexMemo& memo, const OutputPlan& plan) {
  auto kept = [&](const char* folder, const char* suffix, size_t n, uint64_t hash) {
    return plan.HasEarlier("search/" + std::string(folder) + std::to_string(n) + suffix, hash);
  };
  for (size_t n = 0; n < memo.packs.size(); ++n) {
    if (!kept("p/", ".bin", n, memo.packs[n].hash)) return false;
  }
  for (size_t n = 0; n < memo.shards.size(); ++n) {
    if (!kept("s/", ".bin", n, memo.shards[n].hash)) return false;
  }
  for (size_t n = 0; n < memo.documents.passage_packs.size(); ++n) {
    if (!kept("f/", ".json", n, memo.documents.passage_packs[n].hash)) return false;
  }
  for (size_t n = 0; n < memo.documents.record_blocks.size(); ++n) {
    if (!kept("r/", ".bin", n, memo.documents.record_blocks[n].hash)) return false;
  }
  return true;
}

}  // namespace search

std::string AddSearchIndex(const Site& site, OutputPlan* plan, Diagnostics* diags, int jobs,
                           const std::vector<const Page*>& term_pages, search::IndexMemo* memo,
                           uint64_t memo_context) {
  std::vector<const Page*> pages;
  for (const auto& p : site.pages) pages.push_back(p.get());
  std::vector<std::pair<std::string, std::string>> sections;
  for (const SectionConfig& s : site.config.sections) sections.emplace_back(s.name, s.label);
  for (const Section& s : site.sections) {
    bool known = false;
    for (auto& [name, label] : sections) {
      if (name == s.config.name) {
        label = s.config.label;
        known = true;
      }
    }
    if (!known) sections.emplace_back(s.config.name, s.config.label);
  }
  search::IndexOptions options;
  options.jobs = jobs;
  options.term_pages = term_pages;
  // Each file goes into the plan (and, building, to disk) as soon as it is
  // made; the index calls the sink one file at a time.
  options.sink = [&](const std::string& path, std::string bytes) {
    plan->AddFile("search/" + path, std::move(bytes), "search index", diags);
  };
  options.shared_sink = [&](const std::string& path, OutputPlan::Bytes bytes, uint64_t hash) {
    std::string at = "search/" + path;
    if (plan->Claim(at, "search index", diags)) plan->Put(at, std::move(bytes), hash, diags);
  };
  auto changed_under_us = [&](const std::string& at) {
    diags->Error(plan->DisplayPath(at), 0, 0, "this file of the last build changed during the build",
                 "build again; the build cache's search memo is then not used");
  };
  options.keep = [&](const std::string& path, uint64_t hash) {
    std::string at = "search/" + path;
    if (plan->Claim(at, "search index", diags) && !plan->Keep(at, hash)) changed_under_us(at);
  };
  options.fetch = [&](const std::string& path, uint64_t hash) {
    OutputPlan::Bytes bytes = plan->ReadEarlier("search/" + path, hash);
    if (!bytes) changed_under_us("search/" + path);
    return bytes;
  };
  // A memo read from the build cache reuses the last build's files where
  // they are: if one was removed or edited since, the memo is not used.
  if (memo && !memo->keep_bytes && !search::EarlierFilesKept(*memo, *plan)) {
    *memo = search::IndexMemo();
    memo->keep_bytes = false;
  }
  options.memo = memo;
  options.memo_context = memo_context;
  search::IndexFiles files = search::BuildIndexFiles(pages, sections, options);
  std::string phases;
  for (const auto& [name, seconds] : files.timings) {
    char line[64];
    std::snprintf(line, sizeof line, "%s%s %.3f s", phases.empty() ? "" : ", ", name.c_str(), seconds);
    phases += line;
  }
  if (memo) {
    phases += " (" + std::to_string(files.docs_tokenized) + " of " + std::to_string(files.doc_count) +
              " documents tokenized, " + std::to_string(files.blocks_reused) + " of " + std::to_string(files.blocks) +
              " blocks reused, " + std::to_string(files.lists_joined) + " of " + std::to_string(files.token_count) +
              " lists joined, " + std::to_string(files.files_reused) + " files reused)";
  }
  return phases;
}

}  // namespace portal
