// Writes index fixtures for the Node tests of search.mjs, and measures a
// real site, when asked through the environment (otherwise these tests only
// check that a fixture builds):
//   PORTAL_SEARCH_FIXTURE_OUT=DIR  DIR/public/search/... for the hand-written
//       and random sites (DIR/hand, DIR/random), each with docs.json (the
//       texts, for brute-force checks) and DIR/tokens.json (C++ tokens of
//       sample strings, for tokenizer parity);
//   PORTAL_SEARCH_BENCH_SITE=SITE  indexes SITE/content (sections speeches,
//       policies, cases), prints time and sizes, and writes the index to
//       $PORTAL_SEARCH_BENCH_OUT/search when that is set.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "search/search_fold.h"
#include "search/search_index.h"
#include "search/search_test_site.h"
#include "search/search_tokenizer.h"
#include "site/loader.h"
#include "text/chinese.h"

namespace portal::search {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

void WriteSite(const fs::path& dir, const std::vector<testing::TestDoc>& docs, IndexOptions options) {
  std::vector<std::unique_ptr<Page>> pages;
  std::vector<const Page*> ptrs;
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& d : docs) {
    pages.push_back(testing::MakePage(d));
    ptrs.push_back(pages.back().get());
    texts.push_back({{"url", d.url}, {"section", d.section}, {"title", d.title}, {"date", d.date},
                     {"tags", d.tags}, {"headings", d.headings}, {"body", d.body}});
  }
  IndexFiles index = BuildIndexFiles(ptrs, testing::TestSections(), options);
  for (const auto& [path, bytes] : index.files) WriteFile(dir / "public/search" / path, bytes);
  WriteFile(dir / "docs.json", texts.dump(1));
}

TEST(SearchFixture, WritesFixturesForTheQueryModule) {
  const char* out = std::getenv("PORTAL_SEARCH_FIXTURE_OUT");
  if (!out) {
    // Still build one, so the writer is exercised by every test run.
    std::vector<const Page*> none;
    EXPECT_EQ(BuildIndexFiles(none, testing::TestSections(), IndexOptions()).doc_count, 0u);
    return;
  }
  WriteSite(fs::path(out) / "hand", testing::HandDocs(), IndexOptions());
  // Low thresholds and small packs and blocks, so the query module meets
  // extensions, many packs and many record blocks.
  IndexOptions random;
  random.extend_occurrences = 40;
  random.extend_per_document = 0;
  random.pack_bytes = 4096;
  random.records_per_block = 16;
  random.first_page_bytes = 1;  // every list in a pack carries its first page
  WriteSite(fs::path(out) / "random", testing::RandomDocs(400, 7), random);
  nlohmann::json tokens = nlohmann::json::object();
  for (const char* s : {"黨風廉政建設", "ＡＢＣ１２３ Party", "学习贯彻2023年GDP增长", "三会，一课", "𠀀党𠀁",
                        "点赞👍很好", "❤️党", "①号", "cafe\u0301", "İstanbul ΣΑΣ straße", "\uF900",
                        "Ⅻ㈠㍿", "٣ ४ 한국어 にほんご カタカナ", "a\u200Db", "x\u0301\u0301y",
                        "Ｈｅｌｌｏ，世界！", "ﬁ ﬀ", "½", "\u3007二"}) {
    nlohmann::json units = nlohmann::json::array();
    for (const Unit& u : Tokenize(s)) {
      units.push_back(u.cjk ? nlohmann::json({Utf8(u.cjk), u.joins_previous}) : nlohmann::json(u.word));
    }
    tokens[s] = units;
  }
  // The full traditional -> simplified pairs of the samples' ideographs, so
  // the Node side folds them exactly as the C++ side did.
  nlohmann::json t2s = nlohmann::json::object();
  for (const auto& [sample, units] : tokens.items()) {
    std::u32string nfc;
    ToNfc(sample, &nfc);
    for (char32_t c : nfc) {
      std::u32string unified;
      ToNfc(NfkcCaseFold(Utf8(c)), &unified);
      for (char32_t f : unified) {
        char32_t simple = SimplifyIdeograph(f);
        if (simple != f) t2s[Utf8(f)] = Utf8(simple);
      }
    }
  }
  WriteFile(fs::path(out) / "tokens.json", nlohmann::json({{"tokens", tokens}, {"t2s", t2s}}).dump(1));
}

TEST(SearchFixture, IndexesABenchmarkSite) {
  const char* site = std::getenv("PORTAL_SEARCH_BENCH_SITE");
  if (!site) GTEST_SKIP() << "set PORTAL_SEARCH_BENCH_SITE to measure a site";
  SiteConfig config;
  for (const auto& [name, label] : testing::TestSections()) {
    SectionConfig s;
    s.name = name;
    s.label = label;
    config.sections.push_back(s);
  }
  Diagnostics diags;
  LoadOptions load;
  load.now_epoch_seconds = 4102444800;  // 2100
  auto t0 = std::chrono::steady_clock::now();
  LoadedContent content = LoadContent(site, config, load, &diags);
  auto t1 = std::chrono::steady_clock::now();
  std::vector<const Page*> ptrs;
  for (const auto& p : content.pages) ptrs.push_back(p.get());
  IndexOptions options;
  if (const char* e = std::getenv("PORTAL_SEARCH_EXTEND")) options.extend_occurrences = std::stoul(e);
  if (const char* j = std::getenv("PORTAL_SEARCH_JOBS")) options.jobs = std::stoi(j);
  IndexFiles index = BuildIndexFiles(ptrs, testing::TestSections(), options);
  auto t2 = std::chrono::steady_clock::now();
  std::map<std::string, std::pair<size_t, size_t>> by_kind;  // folder -> files, bytes
  size_t total = 0;
  for (const auto& [path, bytes] : index.files) {
    std::string kind = path.find('/') == std::string::npos ? path : path.substr(0, path.find('/'));
    by_kind[kind].first++;
    by_kind[kind].second += bytes.size();
    total += bytes.size();
  }
  std::printf("pages %zu, load %.2f s, index %.2f s, tokens %zu, passages %zu, files %zu, bytes %zu\n",
              ptrs.size(), std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t2 - t1).count(), index.token_count, index.passage_count,
              index.files.size(), total);
  for (const auto& [kind, fb] : by_kind) std::printf("  %-14s %8zu files %12zu bytes\n", kind.c_str(), fb.first, fb.second);
  for (const auto& [phase, seconds] : index.timings) std::printf("  %-14s %8.3f s\n", phase.c_str(), seconds);
  if (const char* out = std::getenv("PORTAL_SEARCH_BENCH_OUT")) {
    for (const auto& [path, bytes] : index.files) WriteFile(fs::path(out) / "search" / path, bytes);
  }
}

}  // namespace
}  // namespace portal::search
