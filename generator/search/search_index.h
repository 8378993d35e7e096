// The search index: written by the build from rendered pages, read by the
// query module (themes/default/static/js/search.mjs) in the browser and in
// `portal search`.
//
// Design
// - One tokenization on both sides, by construction (search_fold.h,
//   search_tokenizer.h): NFC, then per code point NFKC + lowercase +
//   traditional->simplified; ideographs are units, other scripts words. The
//   query module ships the same rules, and the build writes the
//   traditional->simplified pairs it needs (meta.json's t2s).
// - No dictionary segmentation, so every substring is findable. Unigrams and
//   bigrams are indexed per document (counts per field): one- and
//   two-character queries are exact from them. Trigrams carry positions; a
//   frequent trigram is also indexed one character longer, and so on up to
//   six (search_grams.h; which grams are frequent is planned from a sample of
//   documents; the threshold grows with the corpus, so the index grows
//   linearly). A longer CJK query is covered by the cheapest set of
//   overlapping grams (by bytes; every pair of neighbouring characters
//   inside one gram), and a document matches only when they sit at the
//   right relative positions in one field:
//   exact phrase semantics without fetching any text, so 三会一课 never
//   matches 三会 … 一课, and the result count equals a substring scan.
//   Each body line (paragraph) starts at an aligned position
//   (search_documents.h, kParagraphAlign): no phrase spans two paragraphs,
//   and an edit inside one paragraph changes only its grams' lists.
// - Known limit: inside one query term, a run of one or two ideographs next
//   to a word ("5G网络") is checked per field, not per position (those grams
//   have no positions), and positions skip punctuation, so such mixed terms
//   and quoted Latin phrases may also match across a comma. Pure CJK terms
//   are exact.
// - Fields: title, headings, tags, body, pinyin (full and initials of the
//   title's and tags' runs, as words: sanhuiyike, shyk).
// - Files under search/ (paths below are relative to it), all deterministic:
//     meta.json        counts, shard counts, sections, year ranges, tag names
//                      and where their lists end in tags.bin; t2s: the
//                      traditional -> simplified pairs towards the index's
//                      ideographs
//     s/<n>.bin        dictionary shards with small posting lists inline,
//                      and the first page of a one-term query for big
//                      positional lists (search_first_page.h)
//     p/<n>.bin        packs of the bigger posting lists (~128 KB each)
//     docs.bin         one byte per document, its quantized body length
//                      (BM25), then one byte per document, its record's
//                      length in 16-byte units (0: longer, see the block
//                      header). A site of up to 20,000 documents fetches it
//                      whole beside the lists and reads each record in one
//                      request; a bigger one fetches only the body lengths
//                      (one range) and reads the block header first: a
//                      round more, but not a byte per document more
//     sections.bin     one byte per document: section number (filter)
//     tags.bin         documents of each tag (filter), varint gaps
//     r/<n>.bin        records of documents n*B .. n*B+B-1 (B =
//                      recordsPerBlock): uint32 offsets of each record and
//                      of the end, then the records, each a JSON object
//                      padded with spaces to a multiple of 16 bytes:
//                      url, title, section, date, tags, passages as
//                      [start - previous start, pack, offset, length]...
//     f/<n>.json       passage texts for excerpts: a JSON array, one string
//                      literal per line; a record's passage is bytes
//                      [offset, offset + length) of f/<pack>.json, each
//                      distinct text stored once
//   Packs and record blocks are read with HTTP range requests, so a query
//   fetches the bytes it needs while a 10,000-document site has about 1,400
//   index files instead of one per list and per record (file creation was
//   a third of the build's write time); a server without ranges sends
//   whole files, which is correct, only bigger. Documents are
//   numbered newest first, so ties break by number and a year is a range.
//   Postings: search_postings.h; shards: search_shards.h.
// - Build speed (search_grams.h, search_postings.h): the text is cut once
//   through a table-driven fold; only trigrams are looked up per position
//   (bigram and unigram counts are derived from them per document); entries
//   are written straight into the packed form by parallel blocks of
//   documents and joined by bit-shifted copies. The bytes never depend on
//   the thread count.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "search/search_document_files.h"
#include "search/search_documents.h"
#include "search/search_grams.h"
#include "search/search_shards.h"
#include "site/site.h"

namespace portal {

namespace search {

// What one build keeps for the next in portal serve: the gram plan and each
// block of documents' posting parts and passages, with the keys of the
// documents in it. A rebuild reuses every block whose documents are all
// unchanged (renumbered when pages were added or removed before it) and
// tokenizes the rest in new blocks, an edited document in a block of its
// own, so editing it again tokenizes only it. Blocks are reused only when
// the plan (computed again each time) comes out the same; the files are
// then the same bytes a clean build writes, whatever the blocks.
struct IndexMemo {
  struct Block {
    std::vector<uint64_t> doc_keys;  // of its documents, in order
    uint32_t begin = 0;              // its first document's number
    std::shared_ptr<BlockIndex> index;
    std::vector<DocumentText> texts;
    bool stale = false;  // written under codings the plan no longer gives
    // Where portal build's cache holds this block as bytes while it stays
    // as it is (search_memo_cache.h); length 0: not held yet.
    struct Stored {
      uint64_t offset = 0, length = 0, hash = 0;
    } stored;
  };
  // A posting list of the last build, in file form. When no block moved, a
  // list none of whose tokens' blocks were replaced is the same bytes again:
  // only the lists of the replaced and new blocks' tokens are joined anew.
  // Its bytes are in its pack (kExternal) or in `bytes` (inline lists).
  struct List {
    std::string key;  // folded UTF-8, the dictionary's sort key
    GramKey gram = 0;  // 0 for a word
    int length = 0;
    uint32_t flags = 0;  // kPositional, kExtended
    uint32_t df = 0;
    uint32_t size = 0;
    uint32_t entry_flags = 0;       // as written in its shard (kExternal, kFirstPage...)
    uint32_t pack = 0, offset = 0;  // kExternal
    std::string bytes;              // inline lists
    std::string first_page;         // as written in its shard
  };
  // A pack or shard file of the last build. A pack that holds the same
  // lists (from the same first key, none joined again) is the same bytes;
  // a shard none of whose entries changed too.
  struct File {
    std::string first_key;  // packs: the key of its first list
    uint32_t lists = 0;     // packs: how many lists it holds
    OutputPlan::Bytes bytes;  // null when not kept (keep_bytes)
    uint64_t hash = 0;
    uint64_t size = 0;
  };
  // False for portal build, whose memo is kept in the build cache
  // (search_memo_cache.h) rather than in memory: the files' bytes are then
  // dropped once written, and a reused file is kept from the last build's
  // output (IndexOptions::keep) or, when an unchanged list's bytes are
  // needed, read back from it (IndexOptions::fetch).
  bool keep_bytes = true;
  uint64_t context = 0;  // what else the texts depend on (load settings)
  uint64_t plan_key = 0;  // the sampled documents the plan was made from
  std::unique_ptr<GramPlan> plan;
  // The plan's sample: its documents' keys and tokens, and their counts, so
  // that a changed sampled document is counted again alone.
  std::vector<uint64_t> sample_keys;
  std::vector<std::shared_ptr<const DocTokens>> sample;
  std::unique_ptr<PlanCounts> counts;
  std::vector<Block> blocks;
  std::vector<List> lists;  // sorted by key
  bool lists_made = false;  // `lists`, `packs` and `shards` are the last build's
  std::vector<File> packs, shards;
  // What first pages were ranked with: equal again, an unchanged list's
  // first page is the same.
  double avg_body = -1;
  std::vector<uint8_t> norms;
  DocumentFilesMemo documents;  // passage packs and record blocks
};

struct IndexFiles {
  std::map<std::string, std::string> files;  // path under search/ -> bytes
  size_t doc_count = 0;
  size_t token_count = 0;
  size_t passage_count = 0;
  std::vector<std::pair<std::string, double>> timings;  // phase -> seconds
  size_t blocks = 0, blocks_reused = 0;                  // of documents, taken from the memo
  size_t docs_tokenized = 0;                             // documents not in a reused block
  size_t lists_joined = 0;                               // posting lists not taken from the memo
  size_t files_reused = 0;                               // packs and shards the memo had
  size_t sample_counted = 0;                             // sampled documents counted for a new plan
};

struct IndexOptions {
  int jobs = 0;  // threads, 0 = all cores; never changes the bytes
  // A gram seen at least max(extend_occurrences, extend_per_document *
  // documents) times gets its one-longer extensions indexed. At 10,000
  // documents that is 12,000 (about 32 KB of positions: a query needing
  // three such lists still fits its byte budget); growing with the corpus
  // keeps the share of extended grams, so the index grows linearly. Tests
  // lower it to exercise extensions on a tiny site.
  uint64_t extend_occurrences = 12000;
  double extend_per_document = 1.2;
  size_t pack_bytes = 128 * 1024;  // posting and passage packs
  size_t records_per_block = 64;
  // A positional list of at least this many bytes (by default only lists
  // in packs) carries the first page of a one-term query in its dictionary
  // entry (search_first_page.h); 0: none.
  size_t first_page_bytes = 16 * 1024;
  // When set, every file goes to it as soon as it is made (one call at a
  // time, from any thread, in an order that may vary; the bytes do not)
  // instead of into IndexFiles::files.
  std::function<void(const std::string& path, std::string bytes)> sink;
  // The same for bytes kept (in a memo) whose ContentHash is `hash`; when
  // not set, `sink` gets a copy.
  std::function<void(const std::string& path, OutputPlan::Bytes bytes, uint64_t hash)> shared_sink;
  // Policy-term pages, numbered after every page in this order; meta.json
  // then has termDocs: [first, count], and the query lists them apart from
  // the documents (so a result count stays a count of documents).
  std::vector<const Page*> term_pages;
  // portal serve: reuse (and refresh) the parts of the last build whose
  // documents are unchanged; `memo_context` must change whenever the text
  // of unchanged pages could (load settings).
  IndexMemo* memo = nullptr;
  uint64_t memo_context = 0;
  // A memo without bytes (IndexMemo::keep_bytes false): `keep` makes the
  // output hold the last build's file at `path` (its ContentHash `hash`)
  // again, reporting the error itself when it cannot; `fetch` reads that
  // file's bytes (null when they are gone or differ).
  std::function<void(const std::string& path, uint64_t hash)> keep;
  std::function<OutputPlan::Bytes(const std::string& path, uint64_t hash)> fetch;
};

// Builds every index file for `pages`. `sections` are (name, label) in the
// order the filter lists them. Deterministic: the same pages give the same
// bytes.
IndexFiles BuildIndexFiles(const std::vector<const Page*>& pages,
                           const std::vector<std::pair<std::string, std::string>>& sections,
                           const IndexOptions& options);

// Whether every file `memo` would reuse is still in the output trees as the
// last build left it (OutputPlan::HasEarlier), for a memo without bytes.
bool EarlierFilesKept(const IndexMemo& memo, const OutputPlan& plan);

}  // namespace search

// Adds the index files under /search/ (the search page itself is rendered by
// the theme), on `jobs` threads (0 = all cores). Deterministic: the same
// site gives the same bytes.
// `term_pages` (TermSearchPages) are indexed too, see IndexOptions.
// Returns where the time went, for `portal build -v` ("pinyin 0.012 s, ...").
std::string AddSearchIndex(const Site& site, OutputPlan* plan, Diagnostics* diags, int jobs = 0,
                           const std::vector<const Page*>& term_pages = {}, search::IndexMemo* memo = nullptr,
                           uint64_t memo_context = 0);

}  // namespace portal
