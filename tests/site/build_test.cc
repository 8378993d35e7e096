// Whole-site tests: a small site written inline, built with the real
// binary, and checked file by file.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "fixture.h"

namespace portal::testing {
namespace {

TEST(Build, WritesPagesSectionsTagsArchivesAndFeeds) {
  SiteFixture site(R"(
-- content/speeches/dangjian.md --
---
title: 在全镇党建工作会议上的讲话
date: 2024-03-05
speaker: 李明华
occasion: 全镇2024年党建工作会议
tags: [三会一课, 两个维护]
---
同志们：

## 一、提高认识

### （一）统一思想

坚持“三会一课”制度。

## 二、狠抓落实

落实责任。
-- content/policies/jifen.md --
---
title: 党员积分制管理解读
date: 2023年6月12日
doc_number: 东发〔2023〕12号
tags: 两个维护
---
政策正文。
-- want public/speeches/dangjian/index.html --
<h1>在全镇党建工作会议上的讲话</h1>
-- want public/speeches/dangjian/index.html --
<h2 id="一提高认识">一、提高认识
-- want public/speeches/dangjian/index.html --
<time datetime="2024-03-05T00:00:00+08:00">2024年3月5日</time>
-- want public/speeches/dangjian/index.html --
<dd>李明华</dd>
-- want public/speeches/dangjian/index.html --
<a href="#二狠抓落实">二、狠抓落实</a>
-- want public/policies/jifen/index.html --
<dd>东发〔2023〕12号</dd>
-- want public/tags/index.html --
<a href="/tags/liang-ge-wei-hu/">两个维护 <span class="count">2</span></a>
-- want public/tags/san-hui-yi-ke/index.html --
在全镇党建工作会议上的讲话
-- want public/speeches/index.html --
<a href="/speeches/dangjian/">在全镇党建工作会议上的讲话</a>
-- want public/archives/index.html --
<section class="archive-year" id="year-2024">
-- want public/index.xml --
<pubDate>Tue, 05 Mar 2024 00:00:00 +0800</pubDate>
-- want public/speeches/index.xml --
<link>https://example.org/speeches/dangjian/</link>
-- want public/tags/liang-ge-wei-hu/index.xml --
党员积分制管理解读
-- want public/sitemap.xml --
<loc>https://example.org/speeches/dangjian/</loc>
-- want public/robots.txt --
Sitemap: https://example.org/sitemap.xml
-- want public/404.html --
<h1>页面未找到</h1>
-- want public/css/style.css --
--accent
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
  EXPECT_NE(r.out.find("wrote "), std::string::npos) << r.out;
}

TEST(Build, ChineseFileNamesAndTagsGetPinyinSlugs) {
  SiteFixture site(R"(
-- content/speeches/在全镇基层党建推进会上的讲话.md --
---
title: 在全镇基层党建推进会上的讲话
date: 2024-07-16
tags: [乡村振兴]
---
正文。
-- want public/speeches/zai-quan-zhen-ji-ceng-dang-jian-tui-jin-hui-shang-de-jiang-hua/index.html --
<h1>在全镇基层党建推进会上的讲话</h1>
-- want public/tags/xiang-cun-zhen-xing/index.html --
乡村振兴
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
}

TEST(Build, ExplicitSlugWinsAndAliasesRedirect) {
  SiteFixture site(R"(
-- content/cases/a.md --
---
title: 案例
date: 2024-01-02
slug: my-case
aliases: [/old/case/, /legacy.html]
---
正文。
-- want public/cases/my-case/index.html --
<h1>案例</h1>
-- want public/old/case/index.html --
<meta http-equiv="refresh" content="0; url=/cases/my-case/">
-- want public/legacy.html --
url=/cases/my-case/
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
  EXPECT_FALSE(site.Exists("public/cases/a/index.html"));
}

TEST(Build, DraftsAndFuturePagesAreLeftOutUnlessAsked) {
  const char* txtar = R"(
-- content/speeches/draft.md --
---
title: 草稿
date: 2024-01-02
draft: true
---
x
-- content/speeches/future.md --
---
title: 未来
date: 2199-01-02
---
x
-- content/speeches/now.md --
---
title: 现在
date: 2024-01-02
---
x
)";
  SiteFixture site(txtar);
  ASSERT_EQ(site.Build().exit_code, 0);
  EXPECT_TRUE(site.Exists("public/speeches/now/index.html"));
  EXPECT_FALSE(site.Exists("public/speeches/draft/index.html"));
  EXPECT_FALSE(site.Exists("public/speeches/future/index.html"));
  RunResult r = site.Build("--buildDrafts --buildFuture");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(site.Exists("public/speeches/draft/index.html"));
  EXPECT_TRUE(site.Exists("public/speeches/future/index.html"));
}

TEST(Build, ListsArePaginatedNewestFirst) {
  std::string txtar = "-- site-config/site.yaml --\n" + std::string(kDefaultConfig) + "pageSize: 2\n";
  for (int i = 1; i <= 5; ++i) {
    txtar += "-- content/speeches/p" + std::to_string(i) + ".md --\n---\ntitle: 第" + std::to_string(i) +
             "篇\ndate: 2024-01-0" + std::to_string(i) + "\n---\n正文\n";
  }
  SiteFixture site(txtar);
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string first = site.Read("public/speeches/index.html");
  EXPECT_LT(first.find("第5篇"), first.find("第4篇"));
  EXPECT_EQ(first.find("第3篇"), std::string::npos);
  EXPECT_NE(first.find("href=\"/speeches/page/2/\""), std::string::npos);
  EXPECT_NE(site.Read("public/speeches/page/3/index.html").find("第1篇"), std::string::npos);
  EXPECT_NE(site.Read("public/speeches/page/1/index.html").find("url=/speeches/"), std::string::npos);
  // In a section, "previous" is the older neighbour.
  std::string mid = site.Read("public/speeches/p3/index.html");
  EXPECT_NE(mid.find("<a rel=\"prev\" href=\"/speeches/p2/\">"), std::string::npos);
  EXPECT_NE(mid.find("<a rel=\"next\" href=\"/speeches/p4/\">"), std::string::npos);
}

TEST(Build, PageBundlesCopyAttachmentsAndListThemWithSizes) {
  SiteFixture site(R"(
-- content/cases/liuwan/index.md --
---
title: 柳湾村三本台账
date: 2024-04-01
---
[下载工作台账](工作台账.pdf)
-- content/cases/liuwan/工作台账.pdf --
%PDF-1.4 fake but fine for copying
-- want public/cases/liuwan/index.html --
<span class="file-meta">PDF · 35 B</span>
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
  EXPECT_EQ(site.Read("public/cases/liuwan/工作台账.pdf"), "%PDF-1.4 fake but fine for copying\n");
}

TEST(Build, SectionIndexOverridesLabelAndGivesIntro) {
  SiteFixture site(R"(
-- content/speeches/_index.md --
---
title: 讲话精选
description: 重要讲话汇编
---
本栏目收录**重要讲话**。
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
---
x
-- want public/speeches/index.html --
<h1>讲话精选</h1>
-- want public/speeches/index.html --
<strong>重要讲话</strong>
-- want public/index.html --
讲话精选
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
}

TEST(Build, BaseUrlFlagOverridesConfigAndSubpathsPrefixLinks) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
---
x
)");
  RunResult r = site.Build("--baseURL https://host.example/dj");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(site.Read("public/speeches/a/index.html").find("href=\"/dj/css/style.css\""), std::string::npos);
  EXPECT_NE(site.Read("public/index.xml").find("<link>https://host.example/dj/speeches/a/</link>"), std::string::npos);
}

TEST(Build, VerboseFlagPrintsStageTable) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  RunResult r = site.Build("-v");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* stage : {"config", "content", "html", "feeds", "search", "write"}) {
    EXPECT_NE(r.out.find(stage), std::string::npos) << stage << "\n" << r.out;
  }
  EXPECT_EQ(r.out.substr(r.out.rfind("wrote ")).find('\n'), r.out.size() - r.out.rfind("wrote ") - 1);
}

TEST(Build, DestinationFlagAndSourceFlag) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  RunResult r = RunCommand("cd /tmp && '" PORTAL_BINARY "' build -s '" + site.root().string() + "' -d '" +
                           site.root().string() + "/out'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(site.Exists("out/speeches/a/index.html"));
  EXPECT_FALSE(site.Exists("public"));
}

// A rebuild with nothing changed does nothing; any change to an input, or to
// the published files, makes it build again (issue 6).
TEST(Build, NothingChangedIsUpToDateAndAnyChangeRebuilds) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
---
![](pic.png)
)");
  RunResult first = site.Build();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_NE(first.err.find("has no alt text"), std::string::npos) << first.err;
  auto tree = site.Tree("public");
  RunResult second = site.Build("-v");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("up to date"), std::string::npos) << second.out;
  EXPECT_EQ(second.out.find("\nhtml "), std::string::npos) << second.out;  // no stage ran
  EXPECT_NE(second.err.find("has no alt text"), std::string::npos) << "warnings are shown again";
  EXPECT_EQ(site.Tree("public"), tree);

  site.Write("content/speeches/a.md", "---\ntitle: 乙\ndate: 2024-01-01\n---\n正文\n");
  RunResult edited = site.Build();
  EXPECT_EQ(edited.out.find("up to date"), std::string::npos) << edited.out;
  EXPECT_NE(site.Read("public/speeches/a/index.html").find("乙"), std::string::npos);

  // A published file edited by hand is put right by the next build.
  std::string page = site.Read("public/speeches/a/index.html");
  site.Write("public/speeches/a/index.html", "hand edit");
  site.Write("public/stray.txt", "stray");
  RunResult repaired = site.Build();
  EXPECT_EQ(repaired.out.find("up to date"), std::string::npos) << repaired.out;
  EXPECT_EQ(site.Read("public/speeches/a/index.html"), page);
  EXPECT_FALSE(site.Exists("public/stray.txt"));

  // Options that change the output are inputs too.
  RunResult drafts = site.Build("--buildDrafts");
  EXPECT_EQ(drafts.out.find("up to date"), std::string::npos) << drafts.out;
  RunResult config = (site.Write("site-config/site.yaml", std::string(kDefaultConfig) + "subtitle: 新副标题\n"), site.Build());
  EXPECT_EQ(config.out.find("up to date"), std::string::npos) << config.out;
}

// After an edit, only the edited page is read and rendered again from its
// source (the page cache in .public.trees/cache/), and the site is the same
// bytes as a build without the cache (issue 6).
TEST(Build, ThePageCacheRereadsOnlyEditedPagesAndChangesNoByte) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
tags: [党建]
---
## 一、总体要求

“两个维护”正文。
-- content/speeches/b.md --
---
title: 乙
date: 2024-01-02
tags: [党建]
---
乙正文，做到“两个维护”。
-- content/cases/c.md --
---
title: 丙
date: 2024-01-03
---
![](pic.png)
)");
  RunResult first = site.Build("-v");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("no page cache yet"), std::string::npos) << first.out;
  EXPECT_TRUE(site.Exists(".public.trees/cache/pages.cache"));

  site.Write("content/speeches/b.md",
             "---\ntitle: 乙改\ndate: 2024-01-02\ntags: [党建]\n---\n乙的新正文，坚决做到“两个维护”。\n");
  RunResult edited = site.Build("-v");
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("3 files in the page cache"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("3 pages, 1 read"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("knowledge memo read"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("(1 texts scanned, 1 counted"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("HTML keys read"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("pinyin read"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find(" rendered\n"), std::string::npos) << "pages that do not show b are kept: " << edited.out;
  EXPECT_NE(edited.out.find(" rendered); terms"), std::string::npos) << "the term index is kept: " << edited.out;
  EXPECT_NE(site.Read("public/terms/index.html").find("两个维护"), std::string::npos);
  EXPECT_NE(edited.err.find("has no alt text"), std::string::npos) << "a cached page's warnings are shown again";
  EXPECT_NE(site.Read("public/speeches/b/index.html").find("乙的新正文"), std::string::npos);

  RunResult clean = site.Build("--ignoreCache -d clean");
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_FALSE(site.Exists(".clean.trees/cache"));
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));

  // A published page edited by hand is put right, though its key held.
  site.Write("public/cases/c/index.html", "hand edit");
  // A file put back with the same bytes is compared, not rendered again.
  std::string c = site.Read("content/cases/c.md");
  site.Write("content/cases/c.md", "x");
  site.Write("content/cases/c.md", c);
  site.Write("content/speeches/a.md", site.Read("content/speeches/a.md") + "\n新增一段。\n");
  RunResult touched = site.Build("-v");
  ASSERT_EQ(touched.exit_code, 0) << touched.err;
  EXPECT_NE(touched.out.find("3 pages, 1 read"), std::string::npos) << touched.out;
  RunResult clean2 = site.Build("--ignoreCache -d clean");
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));

  // A build that fails leaves the cache as the last good build left it
  // (texts it appended are cut off), and the fix builds what a clean build
  // does.
  site.Write("content/speeches/a.md", "---\ntitle: 甲\ndate: 2024-13-45\n---\n新正文。\n");
  site.Write("content/speeches/b.md", "---\ntitle: 乙又改\ndate: 2024-01-02\ntags: [党建]\n---\n又一版正文。\n");
  RunResult broken = site.Build("-v");
  EXPECT_NE(broken.exit_code, 0);
  site.Write("content/speeches/a.md", "---\ntitle: 甲\ndate: 2024-01-01\n---\n修好的正文。\n");
  RunResult fixed = site.Build("-v");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("3 pages, 2 read"), std::string::npos) << fixed.out;
  RunResult clean3 = site.Build("--ignoreCache -d clean");
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));
}

// The search index keeps its memo in the cache too (search.cache): after an
// edit only the edited page is tokenized again, the other files are kept,
// and the site is a clean build's bytes. A search file removed by hand, or
// a damaged memo, only means the index is made from every page (issue 6).
TEST(Build, TheSearchMemoTokenizesOnlyTheEditedPage) {
  std::string files;
  for (int i = 0; i < 80; ++i) {  // two record blocks: the one without the edit is kept
    files += "-- content/speeches/p" + std::to_string(i) + ".md --\n---\ntitle: 讲话" + std::to_string(i) +
             "\ndate: 2024-01-" + std::to_string(10 + i % 19) + "T" + std::to_string(10 + i % 13) + ":00:00+08:00" +
             "\ntags: [党建]\n---\n## 一、总体要求\n\n坚持“两个维护”，落实三会一课制度。第" + std::to_string(i) +
             "篇正文。\n";
  }
  SiteFixture site(files);
  RunResult first = site.Build("-v");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("search memo none yet"), std::string::npos) << first.out;
  EXPECT_TRUE(site.Exists(".public.trees/cache/search.cache"));

  // The oldest page: its record block is the last, and the first is kept.
  site.Write("content/speeches/p0.md", site.Read("content/speeches/p0.md") + "\n新增一段：乡村振兴。\n");
  RunResult edited = site.Build("-v");
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("search memo read"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("(1 of "), std::string::npos) << "one document tokenized: " << edited.out;
  EXPECT_EQ(edited.out.find(" 0 files reused"), std::string::npos) << edited.out;
  EXPECT_NE(site.Read("public/search/meta.json").find("\"docs\""), std::string::npos);
  ASSERT_EQ(site.Build("--ignoreCache -d clean").exit_code, 0);
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));

  // A search file of the last build removed by hand: the memo is not used,
  // and the file is made again.
  ASSERT_TRUE(site.Exists("public/search/s/0.bin"));
  std::filesystem::remove(site.root() / "public/search/s/0.bin");
  site.Write("content/speeches/p5.md", site.Read("content/speeches/p5.md") + "\n又一段。\n");
  RunResult removed = site.Build("-v");
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_NE(removed.out.find("search memo read"), std::string::npos) << removed.out;
  EXPECT_NE(removed.out.find(" 0 files reused"), std::string::npos) << removed.out;
  ASSERT_EQ(site.Build("--ignoreCache -d clean").exit_code, 0);
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));

  // A damaged memo is dropped.
  std::string memo = site.Read(".public.trees/cache/search.cache");
  memo[memo.size() / 2] = static_cast<char>(memo[memo.size() / 2] ^ 1);
  site.Write(".public.trees/cache/search.cache", memo);
  site.Write("content/speeches/p7.md", site.Read("content/speeches/p7.md") + "\n再一段。\n");
  RunResult damaged = site.Build("-v");
  ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
  EXPECT_NE(damaged.out.find("search memo damaged"), std::string::npos) << damaged.out;
  ASSERT_EQ(site.Build("--ignoreCache -d clean").exit_code, 0);
  EXPECT_EQ(site.Tree("public"), site.Tree("clean"));

  // Without a search index there is no memo.
  site.Write("site-config/site.yaml", std::string(kDefaultConfig) + "search: false\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  EXPECT_FALSE(site.Exists(".public.trees/cache/search.cache"));
}

// A page dated a moment ahead is left out, and the first build after that
// moment is not "up to date": it publishes the page.
TEST(Build, FuturePageAppearsOnTheFirstBuildAfterItsDate) {
  std::time_t due = std::time(nullptr) + 3;
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&due));
  SiteFixture site(std::string("-- content/speeches/soon.md --\n---\ntitle: 稍后发布\ndate: ") + date +
                   "\n---\n正文\n-- content/speeches/now.md --\n---\ntitle: 已发布\ndate: 2024-01-01\n---\n正文\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  ASSERT_FALSE(site.Exists("public/speeches/soon/index.html"));
  EXPECT_NE(site.Build().out.find("up to date"), std::string::npos);
  while (std::time(nullptr) <= due) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RunResult later = site.Build();
  EXPECT_EQ(later.out.find("up to date"), std::string::npos) << later.out;
  EXPECT_TRUE(site.Exists("public/speeches/soon/index.html"));
}

}  // namespace
}  // namespace portal::testing
