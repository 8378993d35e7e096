#include "site/page_cache.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include "config/two_section_config.h"
#include "base/file.h"

namespace portal {
namespace {
namespace fs = std::filesystem;

// Everything LoadContent gives about a page, texts included, as one string.
std::string Describe(const Page& p) {
  std::string s = p.source + "|" + p.source_abs.string() + "|" + p.section + "|" + p.slug + "|" + p.url + "|" +
                  std::to_string(p.body_first_line) + "|" + std::to_string(p.version) + "\n";
  const FrontMatter& m = p.meta;
  s += m.title + "|" + m.date.Iso8601() + std::to_string(m.date.has_time) + "|" +
       (m.lastmod ? m.lastmod->Iso8601() : "-") + "|" + std::to_string(m.draft) + "|" + m.slug + "|" + m.summary +
       "|" + m.author + "|" + std::to_string(m.weight) + "|" + m.speaker + m.occasion + m.organization +
       m.doc_number + m.source + "\n";
  for (const auto* v : {&m.tags, &m.categories, &m.aliases}) {
    for (const std::string& x : *v) s += x + ",";
    s += "\n";
  }
  // dump() alone would not tell an unsigned 5 from a signed one.
  std::function<void(const nlohmann::json&)> types = [&](const nlohmann::json& j) {
    s += std::to_string(static_cast<int>(j.type()));
    if (j.is_structured()) {
      for (const auto& v : j) types(v);
    }
  };
  s += m.extra.dump() + "\n";
  types(m.extra);
  const RenderedMarkdown& b = p.body;
  s += "\n" + p.Html() + "\n" + p.Text() + "\n" + p.BlockSource() + "\n";
  for (const auto* hs : {&b.headings, &b.toc}) {
    for (const Heading& h : *hs) s += std::to_string(h.level) + h.text + "#" + h.id + ";";
    s += "\n";
  }
  s += b.summary_html + "|" + b.summary_text + "|" + std::to_string(b.summary_from_more) + "|" +
       std::to_string(b.char_count) + "|" + std::to_string(b.reading_minutes) + "\n";
  for (const ImageRef& i : b.images) s += i.src + "|" + i.alt + "|" + std::to_string(i.line) + ";";
  for (const LinkRef& l : b.links) s += l.href + "|" + std::to_string(l.line) + ";";
  for (const TextBlock& t : b.blocks) {
    s += t.id + "|" + std::to_string(t.anchor_block) + "|" + std::to_string(t.begin) + "-" + std::to_string(t.end) +
         "|" + std::to_string(t.heading_level) + ";";
  }
  return s;
}

std::string DescribeLoad(const LoadedContent& c, const Diagnostics& d) {
  std::string s;
  for (const auto& p : c.pages) s += Describe(*p) + "\n----\n";
  for (const SectionIndex& i : c.section_indexes) {
    s += i.section + "|" + i.source + "|" + i.title + "|" + i.description + "|" + i.intro_html + "\n";
  }
  s += std::to_string(c.skipped_drafts) + "|" + std::to_string(c.skipped_future) + "\n" + d.Format();
  return s;
}

class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/portal-page-cache-XXXXXX";
    root_ = mkdtemp(tmpl);
    Write("content/speeches/a.md", R"(---
title: 在全镇党建工作会议上的讲话
date: 2024-03-05T09:30:00+08:00
lastmod: 2024-03-06
tags: [党建, 基层治理]
categories: [讲话]
aliases: [/old/a/]
weight: -2
speaker: 张三
occasion: 全镇党建工作会议
doc_number: 〔2024〕5号
count: 5
negative: -3
ratio: 1.5
flag: true
nothing: null
nested: {list: [一, {b: 2}], empty: []}
---
同志们：

## 一、提高认识

这是第一段，含有<b>原样</b>的标记和[链接](https://example.org/x)。

<!--more-->

![](pic.png)

| 项目 | 数量 |
|---|---|
| 党员 | 12 |

### （一）抓好落实

第二段。
)");
    Write("content/speeches/b.md", "---\ntitle: 草稿\ndate: 2024-01-01\ndraft: true\n---\n草稿正文。\n");
    Write("content/cases/c.md", "---\ntitle: 案例\ndate: 2023-05-01\nsummary: 手写的摘要\n---\n案例正文。\n");
    Write("content/cases/_index.md", "---\ntitle: 典型案例集\ndescription: 说明\n---\n介绍**文字**。\n");
    options_.now_epoch_seconds = 1900000000;
    options_.jobs = 2;
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary | std::ios::trunc) << text;
  }
  fs::path CacheDir() const { return root_ / "trees" / "cache"; }

  // What a build without any cache loads.
  std::string Fresh() {
    Diagnostics d;
    LoadedContent c = LoadContent(root_, TwoSectionConfig(), options_, &d);
    return DescribeLoad(c, d);
  }
  // A build with the page cache: load it, load the content through it, save.
  std::string Cached(ContentCache* cache, std::string* why = nullptr, uint64_t binary = 7) {
    PageCache pc(CacheDir(), binary);
    std::string reason;
    EXPECT_TRUE(pc.Load(cache, &reason));
    if (why) *why = reason;
    LoadOptions o = options_;
    o.store = pc.store();
    Diagnostics d;
    LoadedContent c = LoadContent(root_, TwoSectionConfig(), o, &d, cache);
    std::string error;
    EXPECT_TRUE(pc.Save(*cache, &error)) << error;
    return DescribeLoad(c, d);
  }

  fs::path root_;
  LoadOptions options_;
};

TEST_F(PageCacheTest, PagesReadBackAreThePagesLoadedFromTheFiles) {
  std::string want = Fresh();
  ASSERT_NE(want.find("has no alt text"), std::string::npos) << want;
  ASSERT_NE(want.find("典型案例集"), std::string::npos);
  ContentCache first;
  std::string why;
  EXPECT_EQ(Cached(&first, &why), want);
  EXPECT_EQ(why, "no page cache yet");
  EXPECT_EQ(first.misses, 4);

  ContentCache second;
  EXPECT_EQ(Cached(&second, &why), want);
  EXPECT_EQ(why, "4 files in the page cache");
  EXPECT_EQ(second.hits, 4);
  EXPECT_EQ(second.misses, 0);
  // The draft is in the cache too, so --buildDrafts needs no reading either.
  options_.build_drafts = true;
  std::string with_drafts = Fresh();
  ContentCache third;
  EXPECT_EQ(Cached(&third), with_drafts);
  EXPECT_EQ(third.hits, 4);
}

TEST_F(PageCacheTest, AnEditIsReadAgainAndATouchIsOnlyCompared) {
  ContentCache first;
  Cached(&first);
  Write("content/speeches/a.md", "---\ntitle: 改过的讲话\ndate: 2024-03-05\n---\n新的正文。\n");
  struct stat st {};
  ASSERT_EQ(::stat((root_ / "content/cases/c.md").c_str(), &st), 0);
  timespec times[2] = {{st.st_mtim.tv_sec - 100, 0}, {st.st_mtim.tv_sec - 100, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (root_ / "content/cases/c.md").c_str(), times, 0), 0);
  ContentCache second;
  EXPECT_EQ(Cached(&second), Fresh());
  EXPECT_EQ(second.misses, 2);  // a.md read and rendered, c.md read and found the same
  EXPECT_EQ(second.same, 1);
  EXPECT_EQ(second.hits, 2);
  ContentCache third;
  std::string again = Cached(&third);
  EXPECT_NE(again.find("改过的讲话"), std::string::npos);
  EXPECT_EQ(third.hits, 4);
}

// A file rewritten within the file system's clock tick after it was
// looked at keeps its size, mtime and ctime (on kernels with coarse
// timestamps); the cache must still see the new bytes (git's "racily clean"
// problem). Newer kernels give such a rewrite a finer timestamp, so the
// tick is simulated: the entry is given the rewritten file's stat key.
TEST_F(PageCacheTest, ARewriteInTheSameClockTickIsSeen) {
  const fs::path file = root_ / "content/cases/c.md";
  ContentCache cache;
  Cached(&cache);
  ContentCache::Entry& entry = cache.entries.at(file.string());
  EXPECT_TRUE(entry.racy) << "written just now";
  Write("content/cases/c.md", "---\ntitle: 案例\ndate: 2023-05-01\n---\n改写乙。\n");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  entry.size = static_cast<uint64_t>(st.st_size);
  entry.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  entry.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  entry.inode = st.st_ino;
  ContentCache trusting = cache;  // the same, but as if written long before it was looked at
  trusting.entries.at(file.string()).racy = false;

  Diagnostics d;
  LoadedContent c = LoadContent(root_, TwoSectionConfig(), options_, &d, &cache);
  EXPECT_EQ(DescribeLoad(c, d), Fresh());
  EXPECT_NE(Fresh().find("改写乙"), std::string::npos);
  LoadedContent stale = LoadContent(root_, TwoSectionConfig(), options_, &d, &trusting);
  EXPECT_EQ(DescribeLoad(stale, d).find("改写乙"), std::string::npos) << "without the racy mark the stat key is trusted";
}

TEST_F(PageCacheTest, DamageOrAnotherBinaryStartsEmpty) {
  const std::string want = Fresh();
  auto reload = [&](uint64_t binary = 7) {
    ContentCache cache;
    std::string why;
    EXPECT_EQ(Cached(&cache, &why, binary), want);
    return why + (cache.hits ? " (hits)" : "");
  };
  reload();
  EXPECT_EQ(reload(), "4 files in the page cache (hits)");
  EXPECT_EQ(reload(8), "page cache dropped: made by another portal binary");
  EXPECT_EQ(reload(), "page cache dropped: made by another portal binary");  // the new one holds from now on
  EXPECT_EQ(reload(), "4 files in the page cache (hits)");

  std::string bytes, error;
  ASSERT_TRUE(ReadFile(CacheDir() / "pages.cache", &bytes, &error)) << error;
  for (size_t at : {size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] ^= 0x20;
    std::ofstream(CacheDir() / "pages.cache", std::ios::binary | std::ios::trunc) << bad;
    EXPECT_EQ(reload(), at < 20 ? "page cache dropped: not a cache of this kind" : "page cache dropped: damaged") << at;
  }
  std::ofstream(CacheDir() / "pages.cache", std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  EXPECT_EQ(reload(), "page cache dropped: damaged");
  reload();

  // Texts a failed build appended are cut off; a texts file shorter than
  // the cache says is a dropped cache.
  PageCache pc(CacheDir(), 7);
  ContentCache c;
  ASSERT_TRUE(pc.Load(&c, &error));
  fs::path texts = pc.texts_path();
  uint64_t size = fs::file_size(texts);
  std::ofstream(texts, std::ios::binary | std::ios::app) << "texts of a build that failed";
  EXPECT_EQ(reload(), "4 files in the page cache (hits)");
  EXPECT_EQ(fs::file_size(texts), size);
  fs::resize_file(texts, size - 10);
  EXPECT_NE(reload().find("page cache dropped: "), std::string::npos);
  EXPECT_EQ(reload(), "4 files in the page cache (hits)");
}

TEST_F(PageCacheTest, DeadTextsAreDroppedOnceTheyAreMostOfTheFile) {
  fs::path texts;
  int rewrites = 0;
  for (int edit = 0; edit < 12; ++edit) {
    Write("content/cases/c.md", "---\ntitle: 案例\ndate: 2023-05-01\n---\n" + std::string(2000 + edit, 'x') + "\n");
    PageCache pc(CacheDir(), 7);
    pc.set_compact_slack(0);
    ContentCache cache;
    std::string why, error;
    ASSERT_TRUE(pc.Load(&cache, &why));
    LoadOptions o = options_;
    o.store = pc.store();
    Diagnostics d;
    LoadContent(root_, TwoSectionConfig(), o, &d, &cache);
    ASSERT_TRUE(pc.Save(cache, &error)) << error;
    EXPECT_LE(pc.texts_bytes(), 2 * pc.live_bytes()) << edit;
    EXPECT_EQ(fs::file_size(pc.texts_path()), pc.texts_bytes());
    if (pc.texts_path() != texts) {
      if (!texts.empty()) {
        ++rewrites;
        EXPECT_FALSE(fs::exists(texts)) << "the old texts file is removed";
      }
      texts = pc.texts_path();
    }
  }
  EXPECT_GE(rewrites, 2);
  ContentCache last;
  EXPECT_EQ(Cached(&last), Fresh());
  EXPECT_EQ(last.hits, 4);
}

}  // namespace
}  // namespace portal
