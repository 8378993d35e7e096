// Output safety: escaping, all-or-nothing publishing, determinism, feeds
// that real feed readers accept.
#include <gtest/gtest.h>

#include "fixture.h"

namespace portal::testing {
namespace {

const char* kHostile = R"(
-- content/speeches/x.md --
---
title: <script>alert(1)</script> & "引号" ]]>
date: 2024-01-01
author: <b onmouseover=alert(2)>作者</b>
summary: <img src=x onerror=alert(3)> ]]> 摘要
tags: ["<script>alert(4)</script>", "a&b"]
speaker: "\"><script>alert(5)</script>"
source: javascript:alert(6)
---
正文 <script>alert(7)</script> [点我](javascript:alert(8))

<iframe src="https://evil.example/"></iframe>
)";

// Every generated text file: no markup from content may survive unescaped.
TEST(Safety, ValuesFromContentAreEscapedInEveryOutputFile) {
  SiteFixture site(kHostile);
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto tree = site.Tree("public");
  ASSERT_GT(tree.size(), 5u);
  for (const auto& [path, bytes] : tree) {
    // Markup must arrive escaped; a javascript: URL may appear as text but
    // never as a link or source.
    for (const char* bad : {"<script>alert", "<b onmouseover", "<img src=x", "<iframe", "href=\"javascript:",
                            "src=\"javascript:", "\"><script"}) {
      EXPECT_EQ(bytes.find(bad), std::string::npos) << bad << " in " << path;
    }
  }
  std::string page = site.Read("public/speeches/x/index.html");
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  std::string feed = site.Read("public/index.xml");
  EXPECT_NE(feed.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"引号\" ]]&gt;"), std::string::npos) << feed;
}

TEST(Safety, HostileFeedStillParsesCleanly) {
  SiteFixture site(kHostile);
  ASSERT_EQ(site.Build().exit_code, 0);
  for (const char* feed : {"public/index.xml", "public/speeches/index.xml"}) {
    std::string path = (site.root() / feed).string();
    RunResult lint = RunCommand("xmllint --noout '" + path + "'");
    EXPECT_EQ(lint.exit_code, 0) << lint.err;
    RunResult parse = RunCommand(
        "/usr/bin/python3 -c \"import feedparser,sys; d=feedparser.parse(sys.argv[1]); "
        "print(d.bozo, len(d.entries), d.entries[0].title); sys.exit(1 if d.bozo else 0)\" '" + path + "'");
    EXPECT_EQ(parse.exit_code, 0) << parse.out << parse.err;
    EXPECT_NE(parse.out.find("<script>alert(1)</script>"), std::string::npos) << parse.out;
  }
}

TEST(Safety, FailedBuildLeavesPreviousOutputUntouched) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  auto before = site.Tree("public");
  ASSERT_FALSE(before.empty());
  site.Write("content/speeches/b.md", "---\ntitle: 乙\ndate: 2024-02-30\n---\ny\n");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("content/speeches/b.md:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("was left as it was"), std::string::npos) << r.err;
  EXPECT_EQ(site.Tree("public"), before);
  // No per-build staging folders are left behind either (the reusable
  // .public.staging tree stays on purpose).
  for (const auto& e : std::filesystem::directory_iterator(site.root())) {
    EXPECT_EQ(e.path().filename().string().find(".public.staging-"), std::string::npos) << e.path();
  }
}

TEST(Safety, SameInputGivesIdenticalBytes) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
tags: [乙, 丙, 丁]
---
## 一、标题
正文[^1]。

[^1]: 注释。
-- content/policies/b.md --
---
title: 乙
date: 2024-01-01
tags: [丙]
---
正文
-- content/cases/c/index.md --
---
title: 丙
date: 2023-05-01
---
正文
-- content/cases/c/表.txt --
data
)");
  ASSERT_EQ(site.Build("-j 1").exit_code, 0);
  auto first = site.Tree("public");
  ASSERT_EQ(site.Build("-j 4").exit_code, 0);
  EXPECT_EQ(site.Tree("public"), first);
}

TEST(Safety, SlugThatLeavesItsFolderIsAnError) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\nslug: ../../etc\n---\nx\n");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("content/speeches/a.md:4: error: slug '../../etc' would leave its folder"), std::string::npos)
      << r.err;
  EXPECT_FALSE(site.Exists("public"));
}

TEST(Safety, TwoPagesWithTheSameUrlNameBothFiles) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
slug: same
---
x
-- content/speeches/b.md --
---
title: 乙
date: 2024-01-01
slug: same
---
y
)");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("content/speeches/a.md and content/speeches/b.md"), std::string::npos) << r.err;
}

TEST(Safety, DestinationThatWouldReplaceTheSiteIsRefused) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  RunResult r = site.Build("-d content");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(site.Exists("content/speeches/a.md"));
  r = site.Build("-d .");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(site.Exists("content/speeches/a.md"));
}

}  // namespace
}  // namespace portal::testing
