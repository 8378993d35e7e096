#include "search/search_index.h"

#include "base/escape.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "base/parallel.h"
#include "search/search_documents.h"
#include "search/search_fold.h"
#include "search/search_grams.h"
#include "search/search_shards.h"

namespace portal {
namespace search {
namespace {

// All documents in parallel blocks, merged in document order.
BlockPostings IndexDocuments(const std::vector<const Page*>& docs, const ExtensionPlan& plan, int jobs) {
  size_t blocks = std::min<size_t>(docs.size(), static_cast<size_t>(ResolveJobs(jobs)) * 2);
  if (blocks == 0) return {};
  std::vector<BlockPostings> parts(blocks);
  ParallelFor(blocks, jobs, [&](size_t b) {
    size_t begin = docs.size() * b / blocks, end = docs.size() * (b + 1) / blocks;
    for (size_t d = begin; d < end; ++d) {
      AddDocumentTokens(static_cast<int64_t>(d), UnitsOf(*docs[d]), plan, &parts[b]);
    }
  });
  for (size_t b = 1; b < blocks; ++b) MergeBlock(&parts[0], std::move(parts[b]));
  return std::move(parts[0]);
}

// Extensions planned from every k-th document (at most kPlanSample), so the
// whole corpus is tokenized once.
constexpr size_t kPlanSample = 1500;

ExtensionPlan Plan(const std::vector<const Page*>& docs, const IndexOptions& options) {
  size_t step = std::max<size_t>(1, (docs.size() + kPlanSample - 1) / kPlanSample);
  std::vector<std::vector<std::u32string>> sample((docs.size() + step - 1) / step);
  ParallelFor(sample.size(), options.jobs, [&](size_t i) { sample[i] = RunsOf(UnitsOf(*docs[i * step])); });
  double scale = sample.empty() ? 1.0 : static_cast<double>(docs.size()) / static_cast<double>(sample.size());
  return PlanExtensions(sample, scale, options.extend_occurrences);
}

void AddPostings(BlockPostings* block, std::map<GramKey, Posting*>* grams) {
  const std::vector<GramKey>& keys = block->grams.keys();
  for (size_t id = 0; id < keys.size(); ++id) (*grams)[keys[id]] = &block->gram_postings[id];
}

std::string Bytes(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }

std::string DocGaps(const std::vector<int64_t>& docs) {
  std::string out;
  int64_t previous = -1;
  for (int64_t d : docs) {
    PutVarint(static_cast<uint64_t>(d - previous), &out);
    previous = d;
  }
  return out;
}

// Posting lists of every token, laid out as shards; fills `ideographs` with
// the ideographs the index has. Returns the shard count.
uint32_t AddTokenFiles(const std::vector<const Page*>& docs, const IndexOptions& options,
                       std::set<char32_t>* ideographs, IndexFiles* files) {
  ExtensionPlan plan = Plan(docs, options);
  BlockPostings postings = IndexDocuments(docs, plan, options.jobs);
  std::map<GramKey, Posting*> grams;
  AddPostings(&postings, &grams);
  std::vector<TokenEntry> tokens;
  for (const auto& [key, posting] : grams) {
    TokenEntry t;
    int n = GramLength(key);
    t.key = GramUtf8(key);
    t.flags = n >= 3 ? uint32_t{kPositional} : 0u;
    if (n >= 3 && n < kMaxGram && plan.extended[n - 3].Find(key) >= 0) t.flags |= kExtended;
    t.df = posting->df;
    t.postings = std::move(posting->bytes);  // the lists are most of the memory: move, never copy
    if (n == 1) ideographs->insert(static_cast<char32_t>(key & 0x3FFFF) - 1);
    tokens.push_back(std::move(t));
  }
  for (auto& [word, posting] : postings.words) {
    TokenEntry t;
    t.key = word;
    t.flags = kPositional;
    t.df = posting.df;
    t.postings = std::move(posting.bytes);
    tokens.push_back(std::move(t));
  }
  grams.clear();
  postings = BlockPostings();
  // Working form -> packed file form, list by list (search_postings.h).
  ParallelFor(tokens.size(), options.jobs, [&](size_t i) {
    TokenEntry& t = tokens[i];
    std::string packed = PackPosting(t.postings, (t.flags & kPositional) != 0);
    t.postings = std::move(packed);
  });
  std::sort(tokens.begin(), tokens.end(),
            [](const TokenEntry& a, const TokenEntry& b) { return a.key < b.key; });
  files->token_count = tokens.size();
  uint32_t shard_count = 0;
  for (auto& [path, bytes] : WriteShards(std::move(tokens), &shard_count)) {
    files->files[path] = std::move(bytes);
  }
  return shard_count;
}

// Traditional -> simplified pairs for the query, only towards ideographs the
// index has, sharded by code point (about 500 bytes a file) so a query
// fetches only what it types. Returns the file count.
uint32_t AddSimplificationFiles(const std::set<char32_t>& ideographs, IndexFiles* files) {
  auto table = SimplificationTable([&](char32_t c) { return ideographs.count(c) > 0; });
  uint32_t count = static_cast<uint32_t>(std::max<size_t>(1, table.size() * 10 / 500));
  std::vector<nlohmann::json> t2s(count, nlohmann::json::object());
  for (auto [from, to] : table) t2s[from % count][Utf8(from)] = Utf8(to);
  for (uint32_t i = 0; i < count; ++i) files->files["t/" + std::to_string(i) + ".json"] = JsonForWeb(t2s[i].dump());
  return count;
}

// Per-document files: records, passages (deduplicated, kPassagesPerFile to a
// file), body lengths, sections, tag lists; the filter lists go into *meta.
void AddDocumentFiles(const std::vector<const Page*>& docs,
                      const std::vector<std::pair<std::string, std::string>>& sections, int jobs,
                      nlohmann::json* meta, IndexFiles* files) {
  std::map<std::string, uint32_t> passage_ids;
  std::vector<std::string> passage_texts;
  std::vector<uint8_t> norms, section_codes;
  std::map<std::string, std::vector<int64_t>> tag_docs;
  std::vector<std::vector<int64_t>> years;  // [year, first, count]
  uint64_t body_units = 0;
  std::vector<std::vector<Passage>> doc_passages(docs.size());
  std::vector<uint32_t> doc_units(docs.size());
  ParallelFor(docs.size(), jobs, [&](size_t d) { doc_passages[d] = PassagesOf(*docs[d], &doc_units[d]); });
  for (size_t d = 0; d < docs.size(); ++d) {
    const Page& page = *docs[d];
    nlohmann::json passages = nlohmann::json::array();
    for (Passage& p : doc_passages[d]) {
      auto [it, added] = passage_ids.emplace(p.text, static_cast<uint32_t>(passage_texts.size()));
      if (added) passage_texts.push_back(std::move(p.text));
      passages.push_back(it->second);
      passages.push_back(p.start);
    }
    doc_passages[d].clear();
    body_units += doc_units[d];
    norms.push_back(QuantizeLength(doc_units[d]));
    uint8_t code = 255;
    for (size_t s = 0; s < sections.size() && s < 255; ++s) {
      if (sections[s].first == page.section) code = static_cast<uint8_t>(s);
    }
    section_codes.push_back(code);
    for (const std::string& tag : page.meta.tags) {
      auto& list = tag_docs[tag];
      if (list.empty() || list.back() != static_cast<int64_t>(d)) list.push_back(static_cast<int64_t>(d));
    }
    int year = page.meta.date.year;
    if (years.empty() || years.back()[0] != year) years.push_back({year, static_cast<int64_t>(d), 0});
    years.back()[2]++;
    nlohmann::json record = {{"u", page.url},
                             {"t", page.meta.title},
                             {"s", page.section},
                             {"d", page.meta.date.year > 0 ? page.meta.date.IsoDate() : ""},
                             {"g", page.meta.tags},
                             {"p", passages}};
    files->files["r/" + std::to_string(d) + ".json"] = JsonForWeb(record.dump());
  }
  for (size_t i = 0; i < passage_texts.size(); i += kPassagesPerFile) {
    nlohmann::json group = nlohmann::json::array();
    for (size_t k = i; k < passage_texts.size() && k < i + kPassagesPerFile; ++k) group.push_back(passage_texts[k]);
    files->files["f/" + std::to_string(i / kPassagesPerFile) + ".json"] = JsonForWeb(group.dump());
  }
  files->files["norms.bin"] = Bytes(norms);
  files->files["sections.bin"] = Bytes(section_codes);
  nlohmann::json tag_names = nlohmann::json::array();
  for (const auto& [tag, list] : tag_docs) {
    files->files["g/" + std::to_string(tag_names.size()) + ".bin"] = DocGaps(list);
    tag_names.push_back(tag);
  }
  nlohmann::json section_list = nlohmann::json::array();
  for (const auto& [name, label] : sections) section_list.push_back({name, label});
  (*meta)["passagesPerFile"] = kPassagesPerFile;
  (*meta)["avgBody"] = docs.empty() ? 0.0 : static_cast<double>(body_units) / static_cast<double>(docs.size());
  (*meta)["sections"] = section_list;
  (*meta)["years"] = years;
  (*meta)["tags"] = tag_names;
  files->passage_count = passage_texts.size();
}

}  // namespace

IndexFiles BuildIndexFiles(const std::vector<const Page*>& pages,
                           const std::vector<std::pair<std::string, std::string>>& sections,
                           const IndexOptions& options) {
  IndexFiles files;
  std::vector<const Page*> docs = IndexOrder(pages);
  std::set<char32_t> ideographs;
  nlohmann::json meta = {{"version", 1}, {"docs", docs.size()}, {"maxGram", kMaxGram}};
  meta["shards"] = AddTokenFiles(docs, options, &ideographs, &files);
  meta["t2s"] = AddSimplificationFiles(ideographs, &files);
  AddDocumentFiles(docs, sections, options.jobs, &meta, &files);
  files.files["meta.json"] = JsonForWeb(meta.dump());
  files.doc_count = docs.size();
  return files;
}

}  // namespace search

void AddSearchIndex(const Site& site, OutputPlan* plan, Diagnostics* diags) {
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
  search::IndexFiles index = search::BuildIndexFiles(pages, sections, search::IndexOptions());
  for (auto& [path, bytes] : index.files) {
    plan->AddFile("search/" + path, std::move(bytes), "search index", diags);
  }
}

}  // namespace portal
