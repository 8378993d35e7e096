#include "knowledge/term_index.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "base/escape.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "base/utf8.h"
#include "knowledge/page_memo.h"
#include "knowledge/quoted_phrases.h"
#include "site/page_path.h"
#include "text/chinese.h"

namespace portal {
namespace {

bool EndsSentence(char32_t c) {
  switch (c) {
    case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U';': case U'\n':
      return true;
    default:
      return false;
  }
}

bool IsClosingMark(char32_t c) { return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）' || c == '"'; }

// Code point boundaries of `s`.
std::vector<uint32_t> Boundaries(std::string_view s) {
  std::vector<uint32_t> b;
  for (size_t pos = 0; pos < s.size();) {
    b.push_back(static_cast<uint32_t>(pos));
    DecodeUtf8(s, &pos);
  }
  b.push_back(static_cast<uint32_t>(s.size()));
  return b;
}

char32_t At(std::string_view s, uint32_t pos) {
  size_t p = pos;
  return DecodeUtf8(s, &p);
}

}  // namespace

void PhraseMatcher::Add(std::string phrase, uint32_t id) {
  if (phrase.empty()) return;
  key_ = HashCombine(HashCombine(key_, Hash64(phrase)), id);
  size_t pos = 0;
  char32_t first = DecodeUtf8(phrase, &pos);
  by_first_[first].push_back({std::move(phrase), id});
  if (first_bits_.empty()) first_bits_.assign(0x110000 / 64, 0);
  first_bits_[first >> 6] |= uint64_t{1} << (first & 63);
}

void PhraseMatcher::Finish() {
  for (auto& [c, entries] : by_first_) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.phrase.size() != b.phrase.size()) return a.phrase.size() > b.phrase.size();
      return std::tie(a.phrase, a.id) < std::tie(b.phrase, b.id);
    });
  }
}

std::vector<PhraseMatcher::Match> PhraseMatcher::FindAll(std::string_view text) const {
  std::vector<Match> out;
  if (by_first_.empty()) return out;
  for (size_t pos = 0; pos < text.size();) {
    size_t at = pos;
    char32_t c = DecodeUtf8(text, &pos);
    if (!(first_bits_[c >> 6] >> (c & 63) & 1)) continue;
    auto it = by_first_.find(c);
    if (it == by_first_.end()) continue;
    for (const Entry& e : it->second) {
      if (text.compare(at, e.phrase.size(), e.phrase) == 0) {
        out.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + e.phrase.size()), e.id});
        pos = at + e.phrase.size();
        break;
      }
    }
  }
  return out;
}

std::string ConcordanceLine(std::string_view text, uint32_t begin, uint32_t end, size_t context) {
  std::vector<uint32_t> b = Boundaries(text);
  size_t bi = std::lower_bound(b.begin(), b.end(), begin) - b.begin();
  size_t ei = std::lower_bound(b.begin(), b.end(), end) - b.begin();
  size_t last = b.size() - 1;  // index of text.size()
  // Back to the start of the sentence, at most `context` characters.
  size_t s = bi;
  while (s > 0 && bi - s < context && !EndsSentence(At(text, b[s - 1]))) --s;
  bool cut_before = s > 0 && !EndsSentence(At(text, b[s - 1]));
  // Forward to the end of the sentence (its mark and a closing quote with it).
  size_t e = ei;
  while (e < last && e - ei < context && !EndsSentence(At(text, b[e]))) ++e;
  bool cut_after = false;
  if (e < last && EndsSentence(At(text, b[e]))) {
    if (At(text, b[e]) != '\n') ++e;
    while (e < last && IsClosingMark(At(text, b[e]))) ++e;
  } else if (e < last) {
    cut_after = true;
  }
  std::string out;
  if (cut_before) out += "…";
  out += EscapeHtml(text.substr(b[s], begin - b[s]));
  out += "<mark>" + EscapeHtml(text.substr(begin, end - begin)) + "</mark>";
  out += EscapeHtml(text.substr(end, b[e] - end));
  if (cut_after) out += "…";
  return out;
}

std::string_view HitText(const Page& page, std::string_view source, const TermHit& hit) {
  if (hit.block >= 0 && static_cast<size_t>(hit.block) < page.body.blocks.size()) {
    const TextBlock& b = page.body.blocks[static_cast<size_t>(hit.block)];
    return b.end <= source.size() ? source.substr(b.begin, b.end - b.begin) : std::string_view();
  }
  return source;
}

std::string HitAnchor(const Page& page, const TermHit& hit) {
  if (hit.block >= 0 && static_cast<size_t>(hit.block) < page.body.blocks.size()) {
    return page.body.BlockAnchor(static_cast<size_t>(hit.block));
  }
  return "";
}

TermIndex BuildTermIndex(const Site& site, const TermsConfig& config, int jobs, TermIndexMemo* memo) {
  const size_t n = site.pages.size();
  // 1. Quoted phrases per page (each counted once per page).
  const uint64_t cut = HashCombine(static_cast<uint64_t>(config.min_chars), static_cast<uint64_t>(config.max_chars));
  std::vector<std::vector<std::string>> owned_quoted;
  std::vector<const std::vector<std::string>*> quoted =
      Memoized(site, memo ? &memo->quoted : nullptr, cut, &owned_quoted, jobs, [&](size_t i) {
        std::vector<std::string> p = QuotedPhrases(site.pages[i]->Text(), config.min_chars, config.max_chars);
        std::sort(p.begin(), p.end());
        p.erase(std::unique(p.begin(), p.end()), p.end());
        return p;
      });
  std::unordered_map<std::string_view, int> doc_count;  // views into `quoted`
  for (const auto* list : quoted) {
    for (const std::string& p : *list) ++doc_count[p];
  }
  std::set<std::string> stop(config.stop.begin(), config.stop.end());

  // 2. The terms: declared ones, then phrases quoted often enough.
  std::vector<PolicyTerm> terms;
  std::set<std::string> names;
  for (const DeclaredTerm& d : config.terms) {
    PolicyTerm t;
    t.name = d.name;
    t.definition = d.definition;
    t.aliases = d.aliases;
    t.declared = true;
    names.insert(d.name);
    for (const std::string& a : d.aliases) names.insert(a);
    terms.push_back(std::move(t));
  }
  for (const auto& [phrase, count] : doc_count) {  // any order: sorted below
    if (count < config.min_documents || stop.count(std::string(phrase)) || names.count(std::string(phrase))) continue;
    PolicyTerm t;
    t.name = std::string(phrase);
    terms.push_back(std::move(t));
  }
  // Sorted by pinyin; slugs numbered in that order, as tags are.
  std::vector<std::pair<std::string, size_t>> keyed;
  for (size_t i = 0; i < terms.size(); ++i) keyed.emplace_back(PinyinSortKey(terms[i].name), i);
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return std::tie(a.first, terms[a.second].name) < std::tie(b.first, terms[b.second].name);
  });
  TermIndex index;
  std::unordered_map<std::string, int> used;
  for (const auto& [key, i] : keyed) {
    PolicyTerm t = std::move(terms[i]);
    std::string slug = SegmentSlug(t.name, "term");
    int k = ++used[slug];
    if (k > 1) slug.append("-").append(std::to_string(k));
    t.slug = slug;
    t.url = "/terms/" + slug + "/";
    t.initial = PinyinInitialLetter(t.name);
    index.terms.push_back(std::move(t));
  }

  // 3. Every occurrence of every term and alias.
  PhraseMatcher matcher;
  for (uint32_t id = 0; id < index.terms.size(); ++id) {
    matcher.Add(index.terms[id].name, id);
    for (const std::string& a : index.terms[id].aliases) matcher.Add(a, id);
  }
  matcher.Finish();
  std::vector<std::vector<TermIndexMemo::Hit>> owned_hits;
  std::vector<const std::vector<TermIndexMemo::Hit>*> hits =
      Memoized(site, memo ? &memo->hits : nullptr, matcher.key(), &owned_hits, jobs, [&](size_t i) {
        const Page& page = *site.pages[i];
        std::vector<TermIndexMemo::Hit> found;
        auto scan = [&](std::string_view text, int block) {
          for (const PhraseMatcher::Match& m : matcher.FindAll(text)) found.push_back({m.id, {block, m.begin, m.end}});
        };
        std::string source = page.BlockSource();
        if (page.body.blocks.empty()) {
          scan(source, -1);
        } else {
          for (size_t b = 0; b < page.body.blocks.size(); ++b) {
            const TextBlock& block = page.body.blocks[b];
            scan(std::string_view(source).substr(block.begin, block.end - block.begin), static_cast<int>(b));
          }
        }
        return found;
      });
  if (memo) memo->scanned = std::max(memo->quoted.made, memo->hits.made);
  // Each page's hits grouped by term (in parallel: a map per page was most
  // of a rebuild's term stage), then handed to the terms newest page first.
  std::vector<std::vector<std::pair<uint32_t, std::vector<TermHit>>>> grouped(n);
  ParallelFor(n, jobs, [&](size_t i) {
    thread_local std::vector<uint32_t> slot_of;  // term -> 1 + its place in this page's list
    slot_of.assign(index.terms.size(), 0);
    auto& mine = grouped[i];
    for (const auto& [id, hit] : *hits[i]) {
      if (slot_of[id] == 0) {
        mine.emplace_back(id, std::vector<TermHit>());
        slot_of[id] = static_cast<uint32_t>(mine.size());
      }
      std::vector<TermHit>& list = mine[slot_of[id] - 1].second;
      if (list.size() < kMaxHitsPerDocument) list.push_back(hit);
    }
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  });
  std::vector<size_t> documents(index.terms.size(), 0);
  for (const auto& mine : grouped) {
    for (const auto& [id, list] : mine) ++documents[id];
  }
  for (size_t t = 0; t < index.terms.size(); ++t) index.terms[t].documents.reserve(documents[t]);
  std::unordered_map<const Page*, size_t> page_index;
  for (size_t i = 0; i < n; ++i) page_index[site.pages[i].get()] = i;
  index.page_terms.resize(n);
  for (size_t i = 0; i < n; ++i) index.page_terms[i].reserve(grouped[i].size());
  for (const Page* page : site.all_pages) {  // newest first
    size_t i = page_index.at(page);
    for (auto& [id, list] : grouped[i]) {
      index.terms[id].documents.push_back({page, std::move(list)});
      index.page_terms[i].push_back(id);
    }
  }
  return index;
}

}  // namespace portal
