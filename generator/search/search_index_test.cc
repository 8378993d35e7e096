#include "search/search_index.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/search_postings.h"
#include "search/search_shards.h"
#include "search/search_test_site.h"

namespace portal::search {
namespace {

struct Built {
  std::vector<std::unique_ptr<Page>> pages;
  IndexFiles index;
};

Built Build(std::vector<testing::TestDoc> docs, IndexOptions options = IndexOptions()) {
  Built b;
  std::vector<const Page*> ptrs;
  for (const auto& d : docs) {
    b.pages.push_back(testing::MakePage(d));
    ptrs.push_back(b.pages.back().get());
  }
  b.index = BuildIndexFiles(ptrs, testing::TestSections(), options);
  return b;
}

// The shard entry of `key`, looked up the way search.mjs does.
ShardEntry Lookup(const IndexFiles& index, const std::string& key) {
  auto meta = nlohmann::json::parse(index.files.at("meta.json"));
  uint32_t shards = meta["shards"];
  std::vector<ShardEntry> entries;
  EXPECT_TRUE(ReadShard(index.files.at("s/" + std::to_string(Fnv1a32(ShardRoot(key)) % shards) + ".bin"), &entries));
  for (ShardEntry& e : entries) {
    if (e.key == key) return e;
  }
  return ShardEntry();
}

std::vector<DecodedEntry> Postings(const IndexFiles& index, const std::string& key) {
  ShardEntry e = Lookup(index, key);
  std::string bytes = (e.flags & kExternal) ? index.files.at("p/" + std::to_string(e.file) + ".bin")
                                            : e.inline_postings;
  std::vector<DecodedEntry> out;
  EXPECT_TRUE(DecodePacked(bytes, e.flags & kPositional, &out));
  return out;
}

TEST(SearchIndex, SameSiteGivesSameBytesWhateverTheThreads) {
  IndexOptions one, many;
  one.jobs = 1;
  many.jobs = 7;
  Built a = Build(testing::RandomDocs(300, 5), one);
  Built b = Build(testing::RandomDocs(300, 5), many);
  EXPECT_EQ(a.index.files, b.index.files);
}

TEST(SearchIndex, NumbersDocumentsNewestFirst) {
  Built b = Build(testing::HandDocs());
  auto r0 = nlohmann::json::parse(b.index.files.at("r/0.json"));
  EXPECT_EQ(r0["u"], "/cases/body/");  // 2024-01-01
  EXPECT_EQ(r0["d"], "2024-01-01");
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  EXPECT_EQ(meta["docs"], 12);
  EXPECT_EQ(meta["years"][0], nlohmann::json({2024, 0, 1}));
}

TEST(SearchIndex, TrigramsCarryPositionsPerField) {
  Built b = Build(testing::HandDocs());
  std::vector<DecodedEntry> p = Postings(b.index, "三会一");
  ASSERT_EQ(p.size(), 1u);  // the page with 三会 and 一课 apart has no 三会一
  EXPECT_EQ(p[0].counts[kTitle], 1u);
  EXPECT_EQ(p[0].counts[kTags], 1u);
  EXPECT_EQ(p[0].positions[kBody], std::vector<uint32_t>({6, 10}));
}

TEST(SearchIndex, BigramsAreCountsOnly) {
  Built b = Build(testing::HandDocs());
  ShardEntry e = Lookup(b.index, "三会");
  EXPECT_EQ(e.df, 2u);
  EXPECT_FALSE(e.flags & kPositional);
}

TEST(SearchIndex, TraditionalTextIsIndexedSimplified) {
  Built b = Build(testing::HandDocs());
  EXPECT_EQ(Lookup(b.index, "党风廉").df, 2u);
  EXPECT_EQ(Lookup(b.index, "黨風廉").df, 0u);
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  uint32_t shards = meta["t2s"];
  auto t2s = nlohmann::json::parse(b.index.files.at("t/" + std::to_string(U'黨' % shards) + ".json"));
  EXPECT_EQ(t2s["黨"], "党");
}

TEST(SearchIndex, PinyinOfTagsAndTitlesIsAWord) {
  Built b = Build(testing::HandDocs());
  std::vector<DecodedEntry> full = Postings(b.index, "sanhuiyike");
  ASSERT_EQ(full.size(), 1u);
  EXPECT_GT(full[0].counts[kPinyin], 0u);
  EXPECT_EQ(Postings(b.index, "shyk").size(), 1u);
}

TEST(SearchIndex, FrequentGramsGetLongerExtensions) {
  IndexOptions options;
  options.extend_occurrences = 20;
  Built b = Build(testing::RandomDocs(200, 9), options);
  ShardEntry tri = Lookup(b.index, "基层党");
  EXPECT_TRUE(tri.flags & kExtended);
  EXPECT_GT(Lookup(b.index, "基层党组").df, 0u);
  EXPECT_GT(Lookup(b.index, "基层党组织书").df, 0u);
  EXPECT_EQ(Lookup(b.index, "基层党组织书记").df, 0u);  // longer than six
}

TEST(SearchIndex, WordsHavePositions) {
  Built b = Build(testing::HandDocs());
  ShardEntry e = Lookup(b.index, "party");
  EXPECT_TRUE(e.flags & kPositional);
  EXPECT_EQ(e.df, 2u);
  EXPECT_EQ(Lookup(b.index, "gdp").df, 2u);  // full-width ＧＤＰ folds
}

TEST(SearchIndex, PassagesAreSharedAndPositioned) {
  Built b = Build(testing::HandDocs());
  auto older = nlohmann::json::parse(b.index.files.at("r/9.json"));
  auto newer = nlohmann::json::parse(b.index.files.at("r/8.json"));
  EXPECT_EQ(newer["u"], "/speeches/tie-new/");
  EXPECT_EQ(older["u"], "/speeches/tie-old/");
  EXPECT_EQ(older["p"], newer["p"]);  // identical text, stored once
}

TEST(SearchIndex, FilterFilesListSectionsAndTags) {
  Built b = Build(testing::HandDocs());
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  EXPECT_EQ(meta["sections"][0], nlohmann::json({"speeches", "讲话"}));
  EXPECT_EQ(b.index.files.at("sections.bin").size(), 12u);
  EXPECT_EQ(b.index.files.at("norms.bin").size(), 12u);
  bool found = false;
  for (size_t i = 0; i < meta["tags"].size(); ++i) {
    if (meta["tags"][i] == "三会一课") {
      found = true;
      EXPECT_EQ(b.index.files.at("g/" + std::to_string(i) + ".bin").size(), 1u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(SearchIndex, EmptySiteHasMetaOnly) {
  Built b = Build({});
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  EXPECT_EQ(meta["docs"], 0);
}

}  // namespace
}  // namespace portal::search
