// The policy-term index (提法索引): which formulations the portal's documents
// use, where, and in what sentence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/knowledge_config.h"
#include "knowledge/page_memo.h"
#include "site/site.h"

namespace portal {

// One occurrence of a term: bytes [begin, end) of block `block` of the page's
// body.blocks (or of its plain text when it has no blocks: block = -1).
struct TermHit {
  int block = -1;
  uint32_t begin = 0, end = 0;
};

struct TermDocument {
  const Page* page = nullptr;
  std::vector<TermHit> hits;  // in text order, at most kMaxHitsPerDocument
};

struct PolicyTerm {
  std::string name;
  std::string slug;     // "san-hui-yi-ke", unique among terms
  std::string url;      // "/terms/san-hui-yi-ke/"
  std::string initial;  // pinyin initial letter ("S"), "#" otherwise
  std::string definition;  // Markdown ("" when not declared)
  // The definition rendered once (ComputeKnowledge): HTML for the term page,
  // plain text for its search entry.
  std::string definition_html, definition_text;
  std::vector<std::string> aliases;
  bool declared = false;
  std::vector<TermDocument> documents;  // every document using it, newest first
};

struct TermIndex {
  std::vector<PolicyTerm> terms;  // sorted by pinyin, then name
  // Per page (in site.pages order): the indices of the terms it uses, ascending.
  std::vector<std::vector<uint32_t>> page_terms;
};

inline constexpr size_t kMaxHitsPerDocument = 20;

// What BuildTermIndex read from each page's text, kept by portal serve
// between rebuilds so that only edited pages are scanned again. Keyed by
// page version (a hash of the source bytes, which the text depends on).
struct TermIndexMemo {
  struct Hit {
    uint32_t term;
    TermHit hit;
  };
  PageMemo<std::vector<std::string>> quoted;  // sorted, unique; context: min/max chars
  PageMemo<std::vector<Hit>> hits;            // in text order; context: PhraseMatcher::key()
  size_t scanned = 0;  // pages of the last build read again (for `portal serve -v`)
};

// Terms = declared terms + quoted phrases (QuotedPhrases) quoted in at least
// config.min_documents documents, minus the stop list. Then every occurrence
// of a term or alias, quoted or not, is found in every page (leftmost
// longest, so 两个维护 is not also counted as 两个), in parallel on `jobs`
// threads. The result does not depend on the thread count.
// With a memo, a page whose version is in it is not read again; the memo
// then holds exactly this build's pages.
TermIndex BuildTermIndex(const Site& site, const TermsConfig& config, int jobs, TermIndexMemo* memo = nullptr);

// The concordance line of a hit: the sentence around it (at most `context`
// characters either side, cut with "…"), HTML-escaped, the hit wrapped in
// <mark>. `text` is the block's plain text.
std::string ConcordanceLine(std::string_view text, uint32_t begin, uint32_t end, size_t context = 40);

// The anchor a hit links to ("p-3fa9c2", a heading id, or "").
std::string HitAnchor(const Page& page, const TermHit& hit);
// The text a hit lies in, sliced from `source` = page.BlockSource() (the
// caller loads it once for all of a page's hits).
std::string_view HitText(const Page& page, std::string_view source, const TermHit& hit);

// Finds terms in text: leftmost-longest, non-overlapping matches of a set of
// strings, indexed by their first character so the cost is linear in the text.
class PhraseMatcher {
 public:
  void Add(std::string phrase, uint32_t id);
  void Finish();  // call after the last Add
  // A fingerprint of the phrases and ids added, in order: equal keys find
  // equal matches.
  uint64_t key() const { return key_; }
  struct Match {
    uint32_t begin, end, id;
  };
  std::vector<Match> FindAll(std::string_view text) const;

 private:
  struct Entry {
    std::string phrase;
    uint32_t id;
  };
  std::unordered_map<char32_t, std::vector<Entry>> by_first_;  // longest first
  uint64_t key_ = 0;
  std::vector<uint64_t> first_bits_;  // bit c: some phrase starts with code point c (skips the map)
};

}  // namespace portal
