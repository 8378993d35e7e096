#include "search/search_memo_cache.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <unistd.h>

#include <gtest/gtest.h>

#include "search/search_test_site.h"

namespace portal::search {
namespace {

using Files = std::map<std::string, std::string>;

// Blocks kept in a string, appended to as the cache's file is.
class StringBlocks : public BlockStore {
 public:
  bool Append(std::string_view bytes, IndexMemo::Block::Stored* at, std::string*) override {
    at->offset = bytes_.size();
    at->length = bytes.size();
    bytes_.append(bytes);
    return true;
  }
  // Blocks read their bits later: they get a copy of the bytes as they are
  // now, which later appends and damage in tests leave alone.
  bool Read(const IndexMemo::Block::Stored& at, std::string_view* bytes, std::shared_ptr<const void>* owner) override {
    if (at.offset + at.length > bytes_.size()) return false;
    if (!snapshot_ || *snapshot_ != bytes_) snapshot_ = std::make_shared<const std::string>(bytes_);
    *bytes = std::string_view(*snapshot_).substr(at.offset, at.length);
    *owner = snapshot_;
    return true;
  }
  std::string bytes_;
  std::shared_ptr<const std::string> snapshot_;
};

std::vector<std::unique_ptr<Page>> Pages(const std::vector<testing::TestDoc>& docs, std::vector<const Page*>* ptrs) {
  std::vector<std::unique_ptr<Page>> pages;
  ptrs->clear();
  for (const auto& d : docs) ptrs->push_back(pages.emplace_back(testing::MakePage(d)).get());
  return pages;
}

Files Clean(const std::vector<testing::TestDoc>& docs, const IndexOptions& options) {
  std::vector<const Page*> ptrs;
  auto pages = Pages(docs, &ptrs);
  return BuildIndexFiles(ptrs, testing::TestSections(), options).files;
}

// portal build's side of the memo: each build starts from a memo read back
// from the bytes the last one left, without any file's bytes; files it
// reuses are taken from the last build's output (`keep`), and unchanged
// lists going into a pack written anew are read from it (`fetch`).
class DiskMemo {
 public:
  explicit DiskMemo(IndexOptions options) : options_(std::move(options)) { memo_.keep_bytes = false; }

  Files Build(const std::vector<testing::TestDoc>& docs, IndexFiles* stats = nullptr) {
    Files out;
    IndexOptions o = options_;
    o.memo = &memo_;
    o.sink = [&](const std::string& path, std::string bytes) { out[path] = std::move(bytes); };
    o.shared_sink = [&](const std::string& path, OutputPlan::Bytes bytes, uint64_t hash) {
      EXPECT_EQ(ContentHash(*bytes), hash) << path;
      out[path] = *bytes;
    };
    o.keep = [&](const std::string& path, uint64_t hash) {
      auto it = last_.find(path);
      ASSERT_TRUE(it != last_.end() && ContentHash(it->second) == hash) << path << " is not the last build's";
      out[path] = it->second;
      ++kept;
    };
    o.fetch = [&](const std::string& path, uint64_t hash) -> OutputPlan::Bytes {
      auto it = last_.find(path);
      if (it == last_.end() || ContentHash(it->second) != hash) return nullptr;
      ++fetched;
      return std::make_shared<const std::string>(it->second);
    };
    std::vector<const Page*> ptrs;
    auto pages = Pages(docs, &ptrs);
    IndexFiles files = BuildIndexFiles(ptrs, testing::TestSections(), o);
    EXPECT_TRUE(files.files.empty()) << "every file went to a sink";
    if (stats) *stats = std::move(files);
    if (persist) {
      persist(&memo_);
    } else {
      std::string bytes, error;
      const size_t blocks_before = blocks.bytes_.size();
      EXPECT_TRUE(WriteIndexMemo(&memo_, 3, &blocks, [&](std::string_view piece) { bytes += piece; }, &error));
      EXPECT_TRUE(memo_.blocks.empty() && memo_.lists.empty()) << "written memos are freed";
      appended = blocks.bytes_.size() - blocks_before;
      ByteReader in(bytes);
      EXPECT_TRUE(ReadIndexMemo(&in, 2, &blocks, &memo_));
      last_bytes = bytes;
    }
    EXPECT_FALSE(memo_.keep_bytes);
    last_ = out;
    return out;
  }

  size_t kept = 0, fetched = 0;
  std::string last_bytes;
  StringBlocks blocks;
  size_t appended = 0;  // block bytes the last Build added
  // When set: writes the memo and reads it back instead of `blocks`.
  std::function<void(IndexMemo*)> persist;

 private:
  IndexOptions options_;
  IndexMemo memo_;
  Files last_;
};

TEST(SearchMemoCache, AMemoReadBackFromBytesGivesACleanBuildsBytes) {
  std::vector<testing::TestDoc> docs = testing::RandomDocs(1100, 9);  // over 500: the plan samples
  IndexOptions clean;
  clean.jobs = 2;                 // 8 blocks
  clean.first_page_bytes = 1024;  // many first pages, kept or ranked again
  clean.pack_bytes = 16 * 1024;   // many packs, most of them unchanged by an edit
  DiskMemo disk(clean);
  EXPECT_EQ(disk.Build(docs), Clean(docs, clean));
  EXPECT_EQ(disk.kept, 0u);
  const size_t all_blocks = disk.appended;
  EXPECT_EQ(all_blocks, disk.blocks.bytes_.size());

  // One page edited: only it is tokenized, most files are kept, and lists of
  // the packs written anew are the last build's bytes read back.
  docs[1].body += "新加的一句：乡村振兴，三会一课。";
  IndexFiles stats;
  EXPECT_EQ(disk.Build(docs, &stats), Clean(docs, clean));
  EXPECT_EQ(stats.docs_tokenized, 1u);
  EXPECT_EQ(stats.blocks_reused, 7u + 2u);
  EXPECT_LT(stats.lists_joined * 4, stats.token_count);
  EXPECT_GT(disk.kept, 0u);
  EXPECT_GT(disk.fetched, 0u);
  EXPECT_LT(disk.fetched, stats.files.size() + 100) << "not every pack";
  // Only the block cut around it is stored again, as slices; the other
  // blocks are where they were.
  EXPECT_GT(disk.appended, 0u);
  EXPECT_LT(disk.appended * 3, all_blocks);
  // Its body grown by a quarter: its length, so the ranking of first pages,
  // changes; every pack holding one is read back.
  docs[1].body += docs[1].body.substr(0, docs[1].body.size() / 4);
  EXPECT_EQ(disk.Build(docs), Clean(docs, clean));
  for (size_t d : {5, 6, 300, 301, 1098}) docs[d].body += "同时改过。";
  EXPECT_EQ(disk.Build(docs, &stats), Clean(docs, clean));
  EXPECT_EQ(stats.docs_tokenized, 5u);
  for (size_t d = 400; d < 440; ++d) docs[d].body += "批量改过。";
  EXPECT_EQ(disk.Build(docs), Clean(docs, clean));
  // A page added among the others (blocks after it renumbered), then taken
  // away again.
  testing::TestDoc added = docs[2];
  added.url = "/cases/added/";
  added.body = "新增的一页，乡村振兴。";
  docs.push_back(added);
  EXPECT_EQ(disk.Build(docs), Clean(docs, clean));
  docs.pop_back();
  EXPECT_EQ(disk.Build(docs), Clean(docs, clean));
  // A sampled page: the plan's counts are not kept on disk, so the sample is
  // counted again; the bytes are a clean build's all the same.
  std::vector<const Page*> ptrs;
  auto pages = Pages(docs, &ptrs);
  const std::string first_url = IndexOrder(ptrs)[0]->url;
  auto sampled = std::find_if(docs.begin(), docs.end(), [&](const testing::TestDoc& d) { return d.url == first_url; });
  ASSERT_NE(sampled, docs.end());
  sampled->body += " memo test words 乡村振兴乡村振兴。";
  EXPECT_EQ(disk.Build(docs, &stats), Clean(docs, clean));
  EXPECT_GT(stats.sample_counted, 1u);
}

TEST(SearchMemoCache, CutOrDamagedBytesAreRefused) {
  IndexOptions options;
  options.jobs = 2;
  DiskMemo disk(options);
  disk.Build(testing::RandomDocs(120, 3));
  const std::string bytes = disk.last_bytes;
  ASSERT_GT(bytes.size(), 1000u);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{17}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    IndexMemo memo;
    ByteReader in(std::string_view(bytes).substr(0, cut));
    EXPECT_FALSE(ReadIndexMemo(&in, 2, &disk.blocks, &memo)) << "cut at " << cut;
    EXPECT_TRUE(memo.blocks.empty() && memo.lists.empty() && !memo.plan);
  }
  // A block changed or cut short in the store is refused too.
  const std::string blocks = disk.blocks.bytes_;
  for (size_t at : {size_t{5}, blocks.size() / 2, blocks.size() - 1}) {
    disk.blocks.bytes_[at] = static_cast<char>(disk.blocks.bytes_[at] ^ 1);
    IndexMemo memo;
    ByteReader in(bytes);
    EXPECT_FALSE(ReadIndexMemo(&in, 2, &disk.blocks, &memo)) << "block byte " << at;
    disk.blocks.bytes_ = blocks;
  }
  disk.blocks.bytes_.resize(blocks.size() - 1);
  IndexMemo memo;
  ByteReader in(bytes);
  EXPECT_FALSE(ReadIndexMemo(&in, 2, &disk.blocks, &memo));
  disk.blocks.bytes_ = blocks;
  // Bytes changed anywhere never crash the reader (the cache file's checksum
  // is what refuses them; here they may read as another memo).
  for (size_t at = 0; at < bytes.size(); at += bytes.size() / 97 + 1) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    IndexMemo memo;
    ByteReader in(damaged);
    ReadIndexMemo(&in, 2, &disk.blocks, &memo);
  }
}

// IndexMemoCache in a folder, each build a new process: new blocks are
// appended to the blocks file, a build that is not committed (it failed)
// leaves the last good memo, and once dead blocks are most of the file the
// next generation starts afresh.
TEST(SearchMemoCache, TheCacheFolderAppendsNewBlocksAndStartsAfreshWhenMostAreDead) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("memo-cache-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::vector<testing::TestDoc> docs = testing::RandomDocs(600, 4);
  IndexOptions options;
  options.jobs = 2;
  DiskMemo disk(options);
  bool commit = true;
  std::string why;
  disk.persist = [&](IndexMemo* memo) {
    IndexMemoCache cache(dir, 7, 2);
    IndexMemo last;
    cache.Load(&last, &why);  // as BuildCache::Load does before the build
    uint64_t written = 0;
    std::string error;
    ASSERT_TRUE(cache.Write(memo, &written, &error)) << error;
    if (commit) {
      ASSERT_TRUE(cache.Commit(&error)) << error;
    }
    IndexMemoCache next(dir, 7, 2);  // the next build
    EXPECT_TRUE(next.Load(memo, &why)) << why;
  };
  auto blocks_files = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".blocks") names.insert(e.path().filename().string());
    }
    return names;
  };
  EXPECT_EQ(disk.Build(docs), Clean(docs, options));
  EXPECT_EQ(blocks_files(), std::set<std::string>{"search.0.blocks"});
  const auto first_size = std::filesystem::file_size(dir / "search.0.blocks");

  // A build that fails writes but never commits: the next one reads the
  // last good memo, and its bytes are still a clean build's.
  docs[10].body += "失败的那次改动。";
  commit = false;
  disk.Build(docs);
  commit = true;
  docs[20].body += "成功的改动。";
  EXPECT_EQ(disk.Build(docs), Clean(docs, options));
  EXPECT_GT(std::filesystem::file_size(dir / "search.0.blocks"), first_size);

  // Edits all over the site: blocks are cut and appended until dead ones are
  // most of the file; then generation 1 holds only live blocks.
  uintmax_t grown = 0;
  for (size_t d = 30; d < 600 && blocks_files().count("search.1.blocks") == 0; d += 37) {
    grown = std::filesystem::file_size(dir / "search.0.blocks");
    docs[d].body += "又一处改动。";
    EXPECT_EQ(disk.Build(docs), Clean(docs, options)) << d;
  }
  EXPECT_EQ(blocks_files(), std::set<std::string>{"search.1.blocks"});
  EXPECT_GT(grown, 2 * first_size);
  EXPECT_LT(std::filesystem::file_size(dir / "search.1.blocks"), grown) << "the dead blocks are gone";
  docs[5].body += "最后一处。";
  EXPECT_EQ(disk.Build(docs), Clean(docs, options));

  // No search index: Remove leaves nothing of the memo.
  IndexMemoCache(dir, 7, 2).Remove();
  EXPECT_TRUE(blocks_files().empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "search.cache"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace portal::search
