// Whole-site tests of the knowledge portal (issue 8): the policy-term index
// with concordance lines, citable paragraph anchors, topics with their feeds
// and the home page, related reading and taxonomies besides tags.
#include <gtest/gtest.h>

#include <regex>

#include "fixture.h"

namespace portal::testing {
namespace {

const char* const kKnowledgeSite = R"(
-- site-config/terms.yaml --
minDocuments: 2
stop: [不合格]
linkFirstSkip: [speeches]
terms:
  - name: 四议两公开
    definition: 村级重大事项**决策**程序。
    aliases: [四议两公开工作法]
-- site-config/topics.yaml --
topics:
  - title: 组织生活
    slug: zuzhi-shenghuo
    color: "#1f5f8b"
    featured: true
    intro: 学习“三会一课”的**专题**。
    pages: [/cases/b/]
    tags: [三会一课]
  - title: 2024年讲话
    slug: speeches-2024
    section: speeches
    from: 2024-01-01
    to: 2024-12-31
-- content/speeches/a.md --
---
title: 在党建工作会议上的讲话
date: 2024-03-05
speaker: 李明华
tags: [三会一课]
---
同志们：

## 一、提高认识

坚持“**三会**一课”制度，不搞<形式>。落实“四议两公开”。

## 二、狠抓落实

今年要把三会一课抓实。评为“不合格”的支部要整改。
-- content/speeches/old.md --
---
title: 2023年的讲话
date: 2023-05-01
speaker: 李明华
---
去年的“三会一课”。
-- content/cases/b.md --
---
title: 河口村的做法
date: 2022-01-01
organization: 河口村党支部
tags: [乡村振兴]
---
河口村落实"三会一课"，用好“四议两公开工作法”。评为“不合格”。
-- content/policies/c.md --
---
title: 政策解读
date: 2023-01-01
tags: [三会一课]
---
| 事项 | 要求 |
| --- | --- |
| 组织生活 | “三会一课” |
)";

TEST(Knowledge, TermIndexAndConcordance) {
  SiteFixture site(kKnowledgeSite);
  RunResult r = site.Build("-v");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("knowledge"), std::string::npos) << r.out;
  std::string index = site.Read("public/terms/index.html");
  EXPECT_NE(index.find("<a href=\"/terms/san-hui-yi-ke/\">三会一课 <span class=\"count\" title=\"篇数\">4</span>"),
            std::string::npos) << index;
  EXPECT_NE(index.find("/terms/si-yi-liang-gong-kai/"), std::string::npos);
  EXPECT_EQ(index.find("不合格"), std::string::npos) << "stop list";
  // S before ... letter groups in pinyin order.
  EXPECT_NE(index.find("id=\"letter-S\""), std::string::npos);

  std::string term = site.Read("public/terms/san-hui-yi-ke/index.html");
  // Newest first: a (2024) before old (2023) before c (2023-01) before b (2022).
  size_t a = term.find("<a href=\"/speeches/a/\">"), old = term.find("<a href=\"/speeches/old/\">"),
         c = term.find("<a href=\"/policies/c/\">"), b = term.find("<a href=\"/cases/b/\">");
  ASSERT_NE(a, std::string::npos) << term;
  EXPECT_LT(a, old);
  EXPECT_LT(old, c);
  EXPECT_LT(c, b);
  // The sentence around the term, escaped, the term marked, linked to its paragraph.
  std::smatch m;
  std::regex line("<a href=\"/speeches/a/#(p-[0-9a-f]{6})\">坚持“<mark>三会一课</mark>”制度，不搞&lt;形式&gt;。</a>");
  ASSERT_TRUE(std::regex_search(term, m, line)) << term;
  EXPECT_NE(site.Read("public/speeches/a/index.html").find("<p id=\"" + m[1].str() + "\">"), std::string::npos);
  EXPECT_NE(term.find("<a href=\"/speeches/a/#p-"), std::string::npos);
  EXPECT_NE(term.find("<mark>三会一课</mark>抓实。"), std::string::npos) << "unquoted occurrences count too";
  EXPECT_NE(term.find("河口村落实&quot;<mark>三会一课</mark>&quot;"), std::string::npos) << term;
  EXPECT_NE(term.find("组织生活 “<mark>三会一课</mark>”"), std::string::npos) << "table text is searched";

  std::string declared = site.Read("public/terms/si-yi-liang-gong-kai/index.html");
  EXPECT_NE(declared.find("村级重大事项<strong>决策</strong>程序。"), std::string::npos) << declared;
  EXPECT_NE(declared.find("<mark>四议两公开工作法</mark>"), std::string::npos) << "aliases count";
}

TEST(Knowledge, FirstOccurrenceLinksOutsideSpeeches) {
  SiteFixture site(kKnowledgeSite);
  ASSERT_EQ(site.Build().exit_code, 0);
  std::string b = site.Read("public/cases/b/index.html");
  EXPECT_NE(b.find("<a class=\"term-link\" href=\"/terms/san-hui-yi-ke/\">三会一课</a>"), std::string::npos) << b;
  EXPECT_EQ(site.Read("public/speeches/a/index.html").find("term-link"), std::string::npos);
}

TEST(Knowledge, ParagraphAnchorsSurviveEditsElsewhere) {
  SiteFixture site(kKnowledgeSite);
  ASSERT_EQ(site.Build().exit_code, 0);
  std::regex id_re("<p id=\"(p-[0-9a-f]{6})\">坚持“<strong>三会</strong>一课”制度");
  std::string before = site.Read("public/speeches/a/index.html");
  std::smatch m1;
  ASSERT_TRUE(std::regex_search(before, m1, id_re)) << before;
  std::string id = m1[1].str();
  site.Write("content/speeches/a.md",
             "---\ntitle: 在党建工作会议上的讲话\ndate: 2024-03-05\n---\n新增的开场白。\n\n同志们，大家好：\n\n"
             "## 一、统一思想提高认识\n\n坚持“**三会**一课”制度，不搞<形式>。落实“四议两公开”。\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  std::string after = site.Read("public/speeches/a/index.html");
  std::smatch m2;
  ASSERT_TRUE(std::regex_search(after, m2, id_re)) << after;
  EXPECT_EQ(m2[1].str(), id);
  EXPECT_NE(after.find("data-cite-title=\"在党建工作会议上的讲话\" data-cite-date=\"2024年3月5日\""), std::string::npos);
}

TEST(Knowledge, TopicsPagesFeedsAndHome) {
  SiteFixture site(kKnowledgeSite);
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string topic = site.Read("public/topics/zuzhi-shenghuo/index.html");
  EXPECT_NE(topic.find("style=\"--topic:#1f5f8b\""), std::string::npos);
  EXPECT_NE(topic.find("学习“三会一课”的<strong>专题</strong>。"), std::string::npos) << topic;
  // Listed page first, then tag matches oldest first.
  size_t b = topic.find("href=\"/cases/b/\""), c = topic.find("href=\"/policies/c/\""),
         a = topic.find("href=\"/speeches/a/\"");
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(b, c);
  EXPECT_LT(c, a);
  EXPECT_NE(topic.find("<li id=\"item-3\">"), std::string::npos);
  EXPECT_EQ(topic.find("<li id=\"item-4\">"), std::string::npos);
  EXPECT_NE(topic.find("href=\"/topics/zuzhi-shenghuo/index.xml\""), std::string::npos);

  std::string feed = site.Read("public/topics/zuzhi-shenghuo/index.xml");
  EXPECT_NE(feed.find("<title>测试园地 - 专题：组织生活</title>"), std::string::npos) << feed;
  EXPECT_LT(feed.find("在党建工作会议上的讲话"), feed.find("河口村的做法")) << "feed items newest first";

  std::string by_date = site.Read("public/topics/speeches-2024/index.html");
  EXPECT_NE(by_date.find("在党建工作会议上的讲话"), std::string::npos);
  EXPECT_EQ(by_date.find("2023年的讲话"), std::string::npos);

  std::string index = site.Read("public/topics/index.html");
  EXPECT_NE(index.find("/topics/speeches-2024/"), std::string::npos);
  std::string home = site.Read("public/index.html");
  EXPECT_NE(home.find("<a href=\"/topics/zuzhi-shenghuo/\">组织生活</a>"), std::string::npos) << "featured";
  EXPECT_EQ(home.find("/topics/speeches-2024/"), std::string::npos) << "not featured";
}

TEST(Knowledge, TopicErrorsPointAtTheFile) {
  SiteFixture site(R"(
-- site-config/topics.yaml --
topics:
  - title: 坏专题
    color: "#12345g"
    pages:
      - content/speeches/none.md
-- content/speeches/a.md --
---
title: a
date: 2024-01-01
---
x
)");
  RunResult r = site.Build();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("site-config/topics.yaml:3:12: error: color '#12345g' is not a hex colour"), std::string::npos)
      << r.err;
}

TEST(Knowledge, TaxonomiesHaveIndexTermPagesAndFeeds) {
  std::string txtar = std::string(R"(
-- site-config/site.yaml --
title: 测试园地
baseURL: https://example.org/
sections:
  - name: speeches
  - name: cases
taxonomies:
  - {name: speakers, key: speaker, label: 讲话人}
  - {name: villages, key: village, label: 村（社区）}
-- content/speeches/x.md --
---
title: 讲话甲
date: 2024-01-01
speaker: 李明华
village: [河口村, 石桥村]
---
x
-- content/speeches/y.md --
---
title: 讲话乙
date: 2024-02-01
speaker: 李明华
village: 河口村
---
y
)");
  SiteFixture site(txtar);
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string idx = site.Read("public/speakers/index.html");
  EXPECT_NE(idx.find("<a href=\"/speakers/li-ming-hua/\">李明华 <span class=\"count\">2</span>"), std::string::npos) << idx;
  std::string term = site.Read("public/villages/he-kou-cun/index.html");
  EXPECT_NE(term.find("<h1>河口村"), std::string::npos) << term;
  EXPECT_LT(term.find("讲话乙"), term.find("讲话甲"));
  EXPECT_NE(site.Read("public/villages/shi-qiao-cun/index.xml").find("<title>讲话甲</title>"), std::string::npos);
  EXPECT_FALSE(site.Exists("public/organizations/index.html")) << "declared list replaces the defaults";
}

TEST(Knowledge, RelatedReadingIsDeterministicAcrossThreadCounts) {
  std::string txtar;
  const char* texts[] = {"村级集体经济发展壮大，合作社带动农户增收。", "发展壮大村级集体经济，合作社增收。",
                         "党员教育培训，读书班学习党章党规。", "党章党规读书班，党员教育培训。",
                         "清廉村居建设，村务监督委员会。", "村务监督委员会与清廉村居。"};
  for (int i = 0; i < 6; ++i) {
    txtar += "-- content/cases/p" + std::to_string(i) + ".md --\n---\ntitle: 第" + std::to_string(i) +
             "篇\ndate: 2024-01-0" + std::to_string(i + 1) + "\n---\n" + texts[i] + "\n";
  }
  SiteFixture site(txtar);
  ASSERT_EQ(site.Build("-j 1").exit_code, 0);
  auto one = site.Tree("public");
  std::string p0 = site.Read("public/cases/p0/index.html");
  size_t rel = p0.find("class=\"related\"");
  ASSERT_NE(rel, std::string::npos) << p0;
  EXPECT_NE(p0.find("/cases/p1/", rel), std::string::npos);
  EXPECT_LT(p0.find("/cases/p1/", rel), p0.find("</section>", rel)) << "the most similar page is related";
  ASSERT_EQ(site.Build("-j 4").exit_code, 0);
  EXPECT_TRUE(one == site.Tree("public"));
}

}  // namespace
}  // namespace portal::testing
