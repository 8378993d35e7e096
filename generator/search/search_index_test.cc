#include "search/search_index.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/escape.h"
#include "search/search_document_files.h"
#include "search/search_postings.h"
#include "search/search_shards.h"
#include "search/search_documents.h"
#include "search/search_test_site.h"
#include "search/search_tokenizer.h"

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
  std::string bytes = (e.flags & kExternal) ? index.files.at("p/" + std::to_string(e.pack) + ".bin").substr(e.offset, e.size)
                                            : e.inline_postings;
  std::vector<DecodedEntry> out;
  EXPECT_TRUE(DecodePacked(bytes, e.flags & kPositional, &out));
  return out;
}

uint32_t U32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int b = 0; b < 4; ++b) v |= static_cast<uint32_t>(static_cast<uint8_t>(s[at + b])) << (8 * b);
  return v;
}

// The record of document `doc`, read the way search.mjs does.
nlohmann::json Record(const IndexFiles& index, size_t doc) {
  auto meta = nlohmann::json::parse(index.files.at("meta.json"));
  size_t per_block = meta["recordsPerBlock"];
  const std::string& block = index.files.at("r/" + std::to_string(doc / per_block) + ".bin");
  size_t i = doc % per_block;
  uint32_t begin = U32(block, 4 * i), end = U32(block, 4 * i + 4);
  return nlohmann::json::parse(block.substr(begin, end - begin));
}

// The text of passage k of a record.
std::string PassageText(const IndexFiles& index, const nlohmann::json& record, size_t k) {
  const nlohmann::json& p = record["p"];
  const std::string& pack = index.files.at("f/" + std::to_string(p[4 * k + 1].get<int>()) + ".json");
  return nlohmann::json::parse(pack.substr(p[4 * k + 2].get<size_t>(), p[4 * k + 3].get<size_t>()));
}

TEST(SearchIndex, SameSiteGivesSameBytesWhateverTheThreads) {
  IndexOptions one, many;
  one.jobs = 1;
  many.jobs = 7;
  Built a = Build(testing::RandomDocs(300, 5), one);
  Built b = Build(testing::RandomDocs(300, 5), many);
  EXPECT_EQ(a.index.files, b.index.files);
}

// portal serve keeps an IndexMemo: an unchanged block of documents is not
// tokenized again, and the files are always a clean build's bytes.
TEST(SearchIndex, AMemoReusesUnchangedBlocksAndGivesACleanBuildsBytes) {
  std::vector<testing::TestDoc> docs = testing::RandomDocs(1100, 9);  // over 500: the plan samples
  IndexOptions clean;
  clean.jobs = 2;  // 8 blocks
  clean.first_page_bytes = 1024;  // many first pages, kept or ranked again
  IndexMemo memo;
  IndexOptions with = clean;
  with.memo = &memo;
  Built first = Build(docs, with);
  EXPECT_EQ(first.index.files, Build(docs, clean).index.files);
  EXPECT_EQ(first.index.blocks, 8u);
  EXPECT_EQ(first.index.blocks_reused, 0u);

  Built again = Build(docs, with);
  EXPECT_EQ(again.index.blocks_reused, 8u);
  EXPECT_EQ(again.index.files, first.index.files);

  // A document the plan's sample leaves out: its old block is cut around
  // it (BlockIndex::Slices: the two runs beside it are copied, not
  // tokenized), and it gets a block of its own, the only one tokenized.
  docs[1].body += "新加的一句：乡村振兴，三会一课。";
  Built edited = Build(docs, with);
  EXPECT_EQ(edited.index.blocks_reused, 7u + 2u);
  EXPECT_EQ(edited.index.docs_tokenized, 1u);
  EXPECT_EQ(edited.index.blocks, 10u);
  EXPECT_LT(edited.index.lists_joined * 4, edited.index.token_count);
  EXPECT_EQ(edited.index.files, Build(docs, clean).index.files);
  // Edited again, it is the only document tokenized.
  docs[1].body += "再加一句。";
  Built twice = Build(docs, with);
  EXPECT_EQ(twice.index.docs_tokenized, 1u);
  EXPECT_EQ(twice.index.blocks_reused, twice.index.blocks - 1);
  // Only the lists of that document's tokens were joined again; the others
  // are the last build's bytes.
  EXPECT_GT(twice.index.lists_joined, 0u);
  EXPECT_LT(twice.index.lists_joined * 4, twice.index.token_count);
  EXPECT_EQ(twice.index.files, Build(docs, clean).index.files);
  // Within one paragraph: a word swapped for one as long changes the lists
  // of the grams it touches only; a word added moves that paragraph's later
  // positions, not the next paragraph's (kParagraphAlign); either way the
  // bytes are a clean build's.
  docs[1].body = "第一段：乡村振兴，党风廉政建设。\n第二段：基层党组织书记学习贯彻落实两个维护。\n";
  for (int k = 0; k < 6; ++k) docs[1].body += "第" + std::to_string(k + 3) + "段：三会一课制度，组织生活会议。\n";
  Build(docs, with);
  docs[1].body.replace(docs[1].body.find("乡村振兴"), std::string("乡村振兴").size(), "脱贫攻坚");
  Built swapped = Build(docs, with);
  EXPECT_EQ(swapped.index.docs_tokenized, 1u);
  EXPECT_LT(swapped.index.lists_joined, 30u);
  EXPECT_GT(swapped.index.files_reused, 0u) << "packs and shards of unchanged lists are the memo's";
  EXPECT_EQ(swapped.index.files, Build(docs, clean).index.files);
  docs[1].body.insert(docs[1].body.find("基层"), "认真");
  Built grown = Build(docs, with);
  EXPECT_LT(grown.index.lists_joined, 35u) << "only the grown paragraph's grams, not the six after it";
  EXPECT_EQ(grown.index.files, Build(docs, clean).index.files);
  docs[1].body.insert(docs[1].body.find("第3段"), "新的一段：作风建设。\n");
  Built inserted = Build(docs, with);
  EXPECT_EQ(inserted.index.files, Build(docs, clean).index.files);
  // Several pages at once, wherever their blocks cut; then more than a few,
  // which are blocked afresh.
  for (size_t d : {5, 6, 300, 301, 302, 1098}) docs[d].body += "同时改过。";
  Built several = Build(docs, with);
  EXPECT_EQ(several.index.docs_tokenized, 6u);
  EXPECT_EQ(several.index.files, Build(docs, clean).index.files);
  for (size_t d = 400; d < 440; ++d) docs[d].body += "批量改过。";
  Built many = Build(docs, with);
  EXPECT_EQ(many.index.files, Build(docs, clean).index.files);
  // A new page numbered among the others (the documents after it move up
  // one): the blocks after it are renumbered, not tokenized, when the plan
  // stays; either way the bytes are a clean build's.
  testing::TestDoc added = docs[2];
  added.url = "/cases/added/";
  added.body = "新增的一页，乡村振兴。";
  docs.push_back(added);
  Built more = Build(docs, with);
  EXPECT_EQ(more.index.files, Build(docs, clean).index.files);
  if (more.index.blocks_reused > 0) {
    EXPECT_LE(more.index.docs_tokenized, 1100u / 8 + 1);
  }
  docs.pop_back();
  Built fewer = Build(docs, with);
  EXPECT_EQ(fewer.index.files, Build(docs, clean).index.files);

  // A sampled one (the first in index order always is), with new words: the
  // plan may change; the bytes may not.
  std::vector<std::unique_ptr<Page>> pages;
  std::vector<const Page*> ptrs;
  for (const auto& d : docs) ptrs.push_back(pages.emplace_back(testing::MakePage(d)).get());
  const std::string first_url = IndexOrder(ptrs)[0]->url;
  auto sampled = std::find_if(docs.begin(), docs.end(), [&](const testing::TestDoc& d) { return d.url == first_url; });
  ASSERT_NE(sampled, docs.end());
  sampled->body += " memo test words 乡村振兴乡村振兴。";
  sampled->title = "改过的标题";
  Built resampled = Build(docs, with);
  EXPECT_EQ(resampled.index.sample_counted, 1u);  // the others' counts are kept
  EXPECT_EQ(resampled.index.files, Build(docs, clean).index.files);

  // Other load settings: nothing is reused.
  with.memo_context = 42;
  Built other = Build(docs, with);
  EXPECT_EQ(other.index.blocks_reused, 0u);
  EXPECT_EQ(other.index.files, Build(docs, clean).index.files);
}

// A sampled document's counts taken out and its new ones put in give the
// plan of counting the new sample afresh, also for grams and words that
// leave the sample altogether.
TEST(GramPlan, ReplacedCountsGiveThePlanOfANewCount) {
  std::vector<std::unique_ptr<Page>> pages;
  std::vector<testing::TestDoc> docs = testing::RandomDocs(60, 4);
  docs[7].title = "vanishingword 鳏寡孤独";  // in this document only: gone after the edit
  for (const testing::TestDoc& d : docs) pages.push_back(testing::MakePage(d));
  std::vector<DocTokens> tokens(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) TokenizeDocument(*pages[i], &tokens[i], nullptr);
  std::vector<const DocTokens*> sample;
  for (const DocTokens& t : tokens) sample.push_back(&t);
  const uint64_t threshold = 40;  // low enough for grams of four and more characters
  PlanCounts counts;
  counts.Count(sample, 2);
  GramPlan before = GramPlan::FromCounts(counts, sample, 300, threshold);

  testing::TestDoc edited = testing::RandomDocs(1, 77)[0];
  edited.title = "独有的标题 uniqueword";
  edited.body += " 乡村振兴乡村振兴乡村振兴乡村振兴 anotherword";
  std::unique_ptr<Page> page = testing::MakePage(edited);
  DocTokens now;
  TokenizeDocument(*page, &now, nullptr);
  counts.Replace(tokens[7], now);
  tokens[7] = std::move(now);
  GramPlan replaced = GramPlan::FromCounts(counts, sample, 300, threshold);
  GramPlan fresh = GramPlan::FromSample(tokens, 300, threshold, 1);

  FlatMap<GramKey, uint8_t> grams;
  StringMap<uint8_t> words;
  ASSERT_TRUE(replaced.Differences(fresh, &grams, &words));
  EXPECT_EQ(grams.size(), 0u);
  EXPECT_TRUE(words.empty());
  ASSERT_TRUE(before.Differences(fresh, &grams, &words));
  EXPECT_GT(grams.size() + words.size(), 0u);  // the edit did move codings
  EXPECT_TRUE(fresh.Word("uniqueword").kd == replaced.Word("uniqueword").kd);
}

// A block cut into slices holds, slice by slice, the parts of blocks built
// from those documents alone: the bits are copied, never tokenized again.
TEST(BlockIndex, SlicesHaveThePartsOfBlocksBuiltAlone) {
  std::vector<std::unique_ptr<Page>> pages;
  for (const testing::TestDoc& d : testing::RandomDocs(40, 13)) pages.push_back(testing::MakePage(d));
  std::vector<DocTokens> tokens(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) TokenizeDocument(*pages[i], &tokens[i], nullptr);
  GramPlan plan = GramPlan::FromSample(tokens, pages.size(), 30, 1);  // low: extensions too
  auto built = [&](uint32_t begin, uint32_t end) {
    auto b = std::make_shared<BlockIndex>(&plan);
    for (uint32_t d = begin; d < end; ++d) b->Add(d, tokens[d]);
    b->Finish();
    b->IndexKeys();
    return b;
  };
  auto whole = built(0, 40);
  const std::vector<uint32_t> cuts = {1, 17, 18, 39};
  std::vector<std::shared_ptr<BlockIndex>> slices = whole->Slices(cuts, 3);  // three runs of tokens
  ASSERT_EQ(slices.size(), 5u);
  // A block read back from the build cache, its bits read on demand, is cut
  // the same way.
  ByteWriter saved;
  whole->Save(&saved);
  auto bytes = std::make_shared<const std::string>(saved.bytes());
  ByteReader in(*bytes);
  std::shared_ptr<BlockIndex> read = BlockIndex::Load(&in, &plan, bytes);
  ASSERT_TRUE(read);
  std::vector<std::shared_ptr<BlockIndex>> read_slices = read->Slices(cuts, 2);
  ASSERT_EQ(read_slices.size(), slices.size());
  for (size_t s = 0; s < slices.size(); ++s) {
    ASSERT_EQ(read_slices[s]->token_count(), slices[s]->token_count());
    for (uint32_t t = 0; t < slices[s]->token_count(); ++t) {
      EXPECT_TRUE(read_slices[s]->part(t) == slices[s]->part(t)) << "slice " << s << " token " << t;
    }
  }
  uint32_t begin = 0;
  for (size_t s = 0; s < slices.size(); ++s) {
    uint32_t end = s < cuts.size() ? cuts[s] : 40;
    SCOPED_TRACE("slice " + std::to_string(s));
    auto alone = built(begin, end);
    BlockIndex& slice = *slices[s];
    slice.IndexKeys();
    size_t with_entries = 0;
    for (uint32_t t = 0; t < alone->token_count(); ++t) {
      if (alone->part(t).df == 0) continue;
      ++with_entries;
      int64_t id = slice.Find(alone->key(t), alone->word(t));
      ASSERT_GE(id, 0) << alone->word(t);
      EXPECT_TRUE(slice.part(static_cast<uint32_t>(id)) == alone->part(t));
      EXPECT_TRUE(slice.coding(static_cast<uint32_t>(id)) == alone->coding(t));
    }
    EXPECT_EQ(slice.token_count(), with_entries);
    begin = end;
  }
}

// A memo's block moved by pages added or removed before it is renumbered
// instead of tokenized again: the same lists as a block built at the new
// numbers.
TEST(SearchIndex, ARenumberedBlockHasTheListsOfOneBuiltThere) {
  std::vector<std::unique_ptr<Page>> pages;
  for (const testing::TestDoc& d : testing::RandomDocs(20, 3)) pages.push_back(testing::MakePage(d));
  std::vector<DocTokens> tokens(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) TokenizeDocument(*pages[i], &tokens[i], nullptr);
  GramPlan plan = GramPlan::FromSample(tokens, pages.size(), 12000, 1);
  BlockIndex moved(&plan), built(&plan);
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    moved.Add(3 + i, tokens[i]);
    built.Add(10 + i, tokens[i]);
  }
  moved.Finish();
  built.Finish();
  // Read back from the build cache with its bits read on demand (after the
  // renumbering, which must keep the new numbers), and eagerly.
  ByteWriter saved;
  moved.Save(&saved);
  auto bytes = std::make_shared<const std::string>(saved.bytes());
  ByteReader lazy_in(*bytes), eager_in(*bytes);
  std::shared_ptr<BlockIndex> lazy = BlockIndex::Load(&lazy_in, &plan, bytes);
  std::shared_ptr<BlockIndex> eager = BlockIndex::Load(&eager_in, &plan);
  ASSERT_TRUE(lazy && eager && lazy_in.done() && eager_in.done());
  for (BlockIndex* m : {&moved, lazy.get(), eager.get()}) {
    m->Renumber(7);
    ASSERT_EQ(m->token_count(), built.token_count());
  }
  ASSERT_GT(moved.token_count(), 50u);
  for (uint32_t t = 0; t < moved.token_count(); ++t) {
    ASSERT_EQ(moved.key(t), built.key(t));
    EXPECT_TRUE(lazy->part(t) == moved.part(t)) << "token " << t;
    EXPECT_TRUE(eager->part(t) == moved.part(t)) << "token " << t;
    const PostingPart& a = moved.part(t);
    const PostingPart& b = built.part(t);
    EXPECT_EQ(a.first_doc, b.first_doc);
    EXPECT_EQ(a.last_doc, b.last_doc);
    EXPECT_EQ(a.df, b.df);
    // Joined behind a part ending at document 1, as the index would.
    PostingPart head;
    uint32_t counts[kFieldCount] = {0, 0, 0, 1, 0};
    uint32_t position = 0;
    TokenCoding c = moved.coding(t);
    head.Add(1, counts, &position, true, c.kd, c.kp);
    std::string x(PackedSize({&head, &a}, c.kd), '\0'), y(PackedSize({&head, &b}, c.kd), '\0');
    WritePacked({&head, &a}, c.kd, c.kp, x.data());
    WritePacked({&head, &b}, c.kd, c.kp, y.data());
    EXPECT_EQ(x, y) << "token " << t;
  }
}

TEST(SearchIndex, NumbersDocumentsNewestFirst) {
  Built b = Build(testing::HandDocs());
  auto r0 = Record(b.index, 0);
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
  auto t2s = nlohmann::json::parse(b.index.files.at("meta.json"))["t2s"];
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
  auto older = Record(b.index, 9);
  auto newer = Record(b.index, 8);
  EXPECT_EQ(newer["u"], "/speeches/tie-new/");
  EXPECT_EQ(older["u"], "/speeches/tie-old/");
  EXPECT_EQ(older["p"], newer["p"]);  // identical text, stored once
  EXPECT_EQ(PassageText(b.index, older, 0), "坚决做到两个维护。");
}

TEST(SearchIndex, LongParagraphsAreCutIntoPassagesAtTheirUnits) {
  testing::TestDoc d{"/a/", "speeches", "长文", "2020-01-01", {}, {}, ""};
  std::string sentence = "党的建设是一项伟大工程。";  // 11 ideographs and a full stop
  for (int i = 0; i < 40; ++i) d.body += sentence;
  d.body += "\nparty building 三会一课";
  Built b = Build({d});
  auto r = Record(b.index, 0);
  const nlohmann::json& p = r["p"];
  ASSERT_EQ(p.size() % 4, 0u);
  ASSERT_GE(p.size() / 4, 3u);
  std::string joined;
  uint32_t start = 0;
  for (size_t k = 0; k < p.size() / 4; ++k) {
    start += p[4 * k].get<uint32_t>();
    std::string text = PassageText(b.index, r, k);
    EXPECT_LE(text.size(), kPassageMaxCodePoints * 3);
    // Its first unit's position; the last passage is the second line, which
    // starts at the next multiple of kParagraphAlign.
    uint32_t units = static_cast<uint32_t>(CountUnits(joined));
    if (k + 1 == p.size() / 4) units = (units + kParagraphAlign - 1) / kParagraphAlign * kParagraphAlign;
    EXPECT_EQ(start, units) << "passage " << k;
    joined += text;
  }
  EXPECT_EQ(joined + "", std::string(d.body).erase(d.body.find('\n'), 1));
}

// Passages are placed by the size of their JSON literal before any is
// written, so that size must be the literal's, escapes included.
TEST(SearchIndex, JsonStringSizeIsTheLiteralsSize) {
  for (std::string s : {std::string(""), std::string("党建"), std::string("a\"b\\c\n\t\r\b\f"),
                        std::string("<script>&"), std::string("\x01\x1f ok"), std::string("混合 text，标点。")}) {
    std::string literal;
    AppendJsonString(s, &literal);
    EXPECT_EQ(JsonStringSize(s), literal.size()) << literal;
  }
}

// Each body line starts at a multiple of kParagraphAlign, so growing one
// paragraph within its slack moves no position of the next.
TEST(SearchIndex, ParagraphsStartAtAlignedPositions) {
  testing::TestDoc d{"/a/", "speeches", "段落", "2020-01-01", {}, {}, "甲乙丙丁。\n\n戊己庚辛，戊己庚。"};
  Built before = Build({d});
  d.body = "甲乙丙丁，又添了几个字。\n\n戊己庚辛，戊己庚。";
  Built after = Build({d});
  for (const Built* b : {&before, &after}) {
    std::vector<DecodedEntry> p = Postings(b->index, "戊己庚");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].positions[kBody], (std::vector<uint32_t>{kParagraphAlign, kParagraphAlign + 4}));  // punctuation is no unit
  }
  EXPECT_EQ(Postings(before.index, "甲乙丙")[0].positions[kBody], std::vector<uint32_t>{0});
}

TEST(SearchIndex, TextThatIsNotNfcIsIndexedAndShownInNfc) {
  testing::TestDoc d{"/a/", "speeches", "Cafe\u0301", "2020-01-01", {}, {}, "cafe\u0301 三会一课"};
  Built b = Build({d});
  EXPECT_EQ(Lookup(b.index, "café").df, 1u);
  EXPECT_EQ(PassageText(b.index, Record(b.index, 0), 0), "caf\u00e9 三会一课");
}

TEST(SearchIndex, RecordLengthsLocateEveryRecordWithoutItsBlockHeader) {
  IndexOptions options;
  options.records_per_block = 5;  // HandDocs' 12 documents: blocks of 5, 5 and 2
  Built b = Build(testing::HandDocs(), options);
  const std::string& docs = b.index.files.at("docs.bin");
  ASSERT_EQ(docs.size(), 2 * b.pages.size());
  std::string lengths = docs.substr(b.pages.size());  // after the body lengths
  for (size_t d = 0; d < b.pages.size(); ++d) {
    size_t block = d / 5, first = block * 5, count = std::min<size_t>(5, b.pages.size() - first);
    // search.mjs: the header's size, then the lengths of the block's earlier records.
    size_t begin = 4 * (count + 1);
    for (size_t e = first; e < d; ++e) begin += 16 * static_cast<uint8_t>(lengths[e]);
    size_t length = 16 * static_cast<uint8_t>(lengths[d]);
    ASSERT_GT(length, 0u) << d;
    const std::string& file = b.index.files.at("r/" + std::to_string(block) + ".bin");
    EXPECT_EQ(begin, U32(file, 4 * (d - first))) << d;
    EXPECT_EQ(begin + length, U32(file, 4 * (d - first) + 4)) << d;
    EXPECT_EQ(nlohmann::json::parse(file.substr(begin, length)), Record(b.index, d)) << d;
  }
}

TEST(SearchIndex, FilterFilesListSectionsAndTags) {
  Built b = Build(testing::HandDocs());
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  EXPECT_EQ(meta["sections"][0], nlohmann::json({"speeches", "讲话"}));
  EXPECT_EQ(b.index.files.at("sections.bin").size(), 12u);
  EXPECT_EQ(b.index.files.at("docs.bin").size(), 24u);
  bool found = false;
  for (size_t i = 0; i < meta["tags"].size(); ++i) {
    if (meta["tags"][i] == "三会一课") {
      found = true;
      size_t begin = i == 0 ? 0 : meta["tagEnds"][i - 1].get<size_t>();
      EXPECT_EQ(meta["tagEnds"][i].get<size_t>() - begin, 1u);  // one document, one gap
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(meta["tagEnds"].back().get<size_t>(), b.index.files.at("tags.bin").size());
}

TEST(SearchIndex, BigListsLieInPacksAtTheirOffsets) {
  IndexOptions options;
  options.pack_bytes = 2000;  // many packs
  options.records_per_block = 7;
  Built b = Build(testing::RandomDocs(300, 5), options);
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  size_t external = 0, packs = 0;
  for (uint32_t s = 0; s < meta["shards"].get<uint32_t>(); ++s) {
    std::vector<ShardEntry> entries;
    ASSERT_TRUE(ReadShard(b.index.files.at("s/" + std::to_string(s) + ".bin"), &entries));
    for (const ShardEntry& e : entries) {
      if (!(e.flags & kExternal)) continue;
      ++external;
      packs = std::max<size_t>(packs, e.pack + 1);
      const std::string& pack = b.index.files.at("p/" + std::to_string(e.pack) + ".bin");
      EXPECT_LE(e.offset + e.size, pack.size());
      EXPECT_EQ(Postings(b.index, e.key).size(), e.df) << e.key;
    }
  }
  EXPECT_GE(external, 10u);
  EXPECT_GE(packs, 3u);
  EXPECT_EQ(Record(b.index, 299)["u"].is_string(), true);
}

TEST(SearchIndex, NoMarkupOrQuoteReachesTheFilesLiterally) {
  testing::TestDoc d{"/a/", "speeches", "<script>alert(1)</script>", "2020-01-01", {"<b>"}, {"<i>x</i>"},
                     "<script>alert(\"x\")</script> & href=\"javascript:x\""};
  Built b = Build({d});
  for (const auto& [path, bytes] : b.index.files) {
    EXPECT_EQ(bytes.find("<script"), std::string::npos) << path;
    EXPECT_EQ(bytes.find("href=\"javascript"), std::string::npos) << path;
  }
  EXPECT_EQ(Record(b.index, 0)["t"], "<script>alert(1)</script>");
  EXPECT_EQ(PassageText(b.index, Record(b.index, 0), 0), d.body);
}

TEST(SearchIndex, RecordsAreCanonicalJson) {
  // Written by hand for speed; they must read as nlohmann would write them.
  std::vector<testing::TestDoc> docs = testing::HandDocs();
  docs[0].title = "Quote \" backslash \\ <b> & tab\t";
  docs[0].tags.push_back("新\n行");
  Built b = Build(docs);
  for (size_t d = 0; d < docs.size(); ++d) {
    auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
    size_t per_block = meta["recordsPerBlock"];
    const std::string& block = b.index.files.at("r/" + std::to_string(d / per_block) + ".bin");
    uint32_t begin = U32(block, 4 * (d % per_block)), end = U32(block, 4 * (d % per_block) + 4);
    std::string record = block.substr(begin, end - begin);
    EXPECT_EQ(record.size() % 16, 0u);  // padded for docs.bin
    size_t json_end = record.find_last_not_of(' ') + 1;
    EXPECT_GT(json_end + 16, record.size());
    record.resize(json_end);
    EXPECT_EQ(JsonForWeb(nlohmann::json::parse(record).dump()), record);
  }
}

TEST(SearchIndex, EmptySiteHasMetaOnly) {
  Built b = Build({});
  auto meta = nlohmann::json::parse(b.index.files.at("meta.json"));
  EXPECT_EQ(meta["docs"], 0);
}

}  // namespace
}  // namespace portal::search
