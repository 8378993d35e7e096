#include "feeds/feeds.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <regex>

#include <gtest/gtest.h>

#include "feeds/xml_text.h"

namespace portal {
namespace {

DateTime At(int year, int month, int day, int hour = 0, int minute = 0) {
  DateTime d;
  d.year = year;
  d.month = month;
  d.day = day;
  d.hour = hour;
  d.minute = minute;
  d.has_time = hour != 0 || minute != 0;
  return d;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "/feeds_test_" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Strict XML well-formedness, as a feed reader's parser would check it.
int Xmllint(const std::string& path) { return std::system(("xmllint --noout '" + path + "'").c_str()); }

// feedparser sets bozo on any malformed feed; also checks the item count.
// The system interpreter, where python3-feedparser installs (a pyenv python3
// earlier on PATH would not have it).
int FeedParser(const std::string& path, size_t entries) {
  std::string cmd = "/usr/bin/python3 -c \"import feedparser,sys; d=feedparser.parse(sys.argv[1]); "
                    "sys.exit(1 if d.bozo or len(d.entries) != int(sys.argv[2]) else 0)\" '" +
                    path + "' " + std::to_string(entries);
  return std::system(cmd.c_str());
}

class FeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_.config.title = "学习园地";
    site_.config.subtitle = "党建学习资料";
    site_.config.base_url = "https://example.org/dj/";
    site_.config.feed_length = 2;
    site_.config.page_size = 10;
    site_.config.sections = {{"speeches", "讲话", "重要讲话", 1, true}, {"news", "新闻", "", 2, true}};

    Page* a = AddPage("speeches", "a", At(2024, 3, 5, 9, 30));
    a->meta.title = "<script>alert(1)</script> & \"x\" ]]>";
    a->meta.tags = {"两个维护", "学习"};
    a->body.html = "<p>正文 <em>一</em> ]]> 结束</p>";
    a->body.summary_text = "摘要 <b>一</b>";
    Page* b = AddPage("speeches", "b", At(2024, 2, 1));
    b->meta.title = "第二篇\x01讲话";
    b->meta.tags = {"学习"};
    b->body.html = "<p>二</p>";
    Page* c = AddPage("news", "c", At(2023, 12, 1));
    c->meta.title = "新闻";
    c->meta.lastmod = At(2024, 1, 10, 8, 0);
    c->meta.summary = "编辑写的摘要";

    site_.all_pages = {a, b, c};
    site_.sections = {{site_.config.sections[0], "/speeches/", "", {a, b}},
                      {site_.config.sections[1], "/news/", "", {c}}};
    site_.tags.name = "tags";
    site_.tags.url = "/tags/";
    site_.tags.terms = {{"两个维护", "liang-ge-wei-hu", "/tags/liang-ge-wei-hu/", "L", {a}},
                        {"学习", "xue-xi", "/tags/xue-xi/", "X", {a, b}}};
  }

  Page* AddPage(const std::string& section, const std::string& slug, DateTime date) {
    auto page = std::make_unique<Page>();
    page->source = "content/" + section + "/" + slug + ".md";
    page->section = section;
    page->slug = slug;
    page->url = "/" + section + "/" + slug + "/";
    page->meta.date = date;
    site_.pages.push_back(std::move(page));
    return site_.pages.back().get();
  }

  OutputPlan Feeds() {
    OutputPlan plan;
    Diagnostics diags;
    AddFeeds(site_, &plan, &diags);
    EXPECT_EQ(diags.error_count(), 0) << diags.Format();
    return plan;
  }

  std::string Tag(const std::string& xml, const std::string& name) {
    size_t open = xml.find("<" + name + ">");
    if (open == std::string::npos) return "";
    open += name.size() + 2;
    return xml.substr(open, xml.find("</" + name + ">", open) - open);
  }

  Site site_;
};

TEST_F(FeedsTest, WritesSiteSectionAndTagFeeds) {
  OutputPlan plan = Feeds();
  for (const char* path : {"index.xml", "speeches/index.xml", "news/index.xml", "tags/liang-ge-wei-hu/index.xml",
                           "tags/xue-xi/index.xml"}) {
    EXPECT_NE(plan.Find(path), nullptr) << path;
  }
  EXPECT_EQ(plan.size(), 5u);
}

TEST_F(FeedsTest, EveryFeedIsWellFormedForXmllintAndFeedparser) {
  site_.config.feed_full_text = true;
  OutputPlan plan = Feeds();
  std::map<std::string, size_t> entries = {{"index.xml", 2},           {"speeches/index.xml", 2},
                                           {"news/index.xml", 1},      {"tags/liang-ge-wei-hu/index.xml", 1},
                                           {"tags/xue-xi/index.xml", 2}};
  for (const auto& [path, want] : entries) {
    std::string name = path;
    std::replace(name.begin(), name.end(), '/', '_');
    std::string file = WriteTemp(name, *plan.Find(path));
    EXPECT_EQ(Xmllint(file), 0) << path << "\n" << *plan.Find(path);
    EXPECT_EQ(FeedParser(file, want), 0) << path << "\n" << *plan.Find(path);
  }
}

TEST_F(FeedsTest, StartsWithTheXmlDeclarationAndNamespaces) {
  std::string xml = *Feeds().Find("index.xml");
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u) << xml;
  EXPECT_NE(xml.find("xmlns:atom=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(xml.find("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""), std::string::npos);
  EXPECT_NE(xml.find("<atom:link href=\"https://example.org/dj/index.xml\" rel=\"self\" "
                     "type=\"application/rss+xml\"/>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(Tag(xml, "title"), "学习园地");
  EXPECT_EQ(Tag(xml, "link"), "https://example.org/dj/");
  EXPECT_EQ(Tag(xml, "description"), "党建学习资料");
  EXPECT_EQ(Tag(xml, "language"), "zh-CN");
  EXPECT_EQ(Tag(xml, "generator"), "portal");
}

TEST_F(FeedsTest, ChannelTitlesNameTheSectionOrTag) {
  OutputPlan plan = Feeds();
  EXPECT_EQ(Tag(*plan.Find("speeches/index.xml"), "title"), "学习园地 - 讲话");
  EXPECT_EQ(Tag(*plan.Find("speeches/index.xml"), "description"), "重要讲话");
  EXPECT_EQ(Tag(*plan.Find("speeches/index.xml"), "link"), "https://example.org/dj/speeches/");
  EXPECT_EQ(Tag(*plan.Find("tags/xue-xi/index.xml"), "title"), "学习园地 - 标签：学习");
  EXPECT_EQ(Tag(*plan.Find("tags/xue-xi/index.xml"), "link"), "https://example.org/dj/tags/xue-xi/");
}

TEST_F(FeedsTest, EscapesMarkupInTitles) {
  std::string xml = *Feeds().Find("index.xml");
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);  // not even escaped is it legal XML 1.0
  EXPECT_NE(xml.find("第二篇讲话"), std::string::npos);
}

TEST_F(FeedsTest, ItemsAreNewestFirstAndLimitedToFeedLength) {
  std::string xml = *Feeds().Find("index.xml");
  EXPECT_EQ(Count(xml, "<item>"), 2u);
  EXPECT_LT(xml.find("https://example.org/dj/speeches/a/"), xml.find("https://example.org/dj/speeches/b/"));
  EXPECT_EQ(xml.find("news/c"), std::string::npos);
  EXPECT_NE(xml.find("<guid isPermaLink=\"true\">https://example.org/dj/speeches/a/</guid>"), std::string::npos);
  EXPECT_NE(xml.find("<category>两个维护</category>"), std::string::npos);
  EXPECT_EQ(Count(xml, "<category>"), 3u);

  site_.config.feed_length = 0;  // no limit
  EXPECT_EQ(Count(*Feeds().Find("index.xml"), "<item>"), 3u);
}

TEST_F(FeedsTest, PubDateIsRfc822InTheSiteOffset) {
  std::string xml = *Feeds().Find("index.xml");
  std::string pub = Tag(xml, "pubDate");
  EXPECT_EQ(pub, site_.all_pages[0]->meta.date.Rfc822());
  EXPECT_TRUE(std::regex_match(pub, std::regex(R"([A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0800)")))
      << pub;
  EXPECT_EQ(pub, "Tue, 05 Mar 2024 09:30:00 +0800");
}

TEST_F(FeedsTest, LastBuildDateIsTheNewestItemNotTheClock) {
  OutputPlan plan = Feeds();
  EXPECT_EQ(Tag(*plan.Find("index.xml"), "lastBuildDate"), site_.all_pages[0]->meta.date.Rfc822());
  // A later lastmod counts.
  EXPECT_EQ(Tag(*plan.Find("news/index.xml"), "lastBuildDate"), "Wed, 10 Jan 2024 08:00:00 +0800");
  // The same site gives the same bytes.
  EXPECT_EQ(*Feeds().Find("index.xml"), *plan.Find("index.xml"));
}

TEST_F(FeedsTest, EmptyChannelHasNoLastBuildDate) {
  site_.sections[1].pages.clear();
  std::string xml = *Feeds().Find("news/index.xml");
  EXPECT_EQ(xml.find("lastBuildDate"), std::string::npos);
  EXPECT_EQ(Count(xml, "<item>"), 0u);
  EXPECT_EQ(Xmllint(WriteTemp("empty.xml", xml)), 0);
}

TEST_F(FeedsTest, DescriptionIsSummaryText) {
  site_.config.feed_length = 5;
  std::string xml = *Feeds().Find("index.xml");
  EXPECT_NE(xml.find("<description>摘要 &lt;b&gt;一&lt;/b&gt;</description>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<description>编辑写的摘要</description>"), std::string::npos) << xml;
}

TEST_F(FeedsTest, ContentEncodedOnlyWithFullText) {
  EXPECT_EQ(Feeds().Find("index.xml")->find("content:encoded>"), std::string::npos);
  site_.config.feed_full_text = true;
  std::string xml = *Feeds().Find("index.xml");
  EXPECT_EQ(Count(xml, "<content:encoded>"), 2u);
  EXPECT_NE(xml.find("<content:encoded>&lt;p&gt;正文 &lt;em&gt;一&lt;/em&gt; ]]&gt; 结束&lt;/p&gt;</content:encoded>"),
            std::string::npos)
      << xml;
}

TEST_F(FeedsTest, AMemoRendersOnlyTheChannelsWhoseItemsChangedAndGivesTheSameBytes) {
  auto feeds = [&](FileMemo* memo, int* rendered) {
    OutputPlan plan;
    Diagnostics diags;
    *rendered = AddFeeds(site_, &plan, &diags, 2, memo);
    EXPECT_EQ(diags.error_count(), 0) << diags.Format();
    return plan.FileBytes();
  };
  FileMemo memo;
  int rendered = 0;
  EXPECT_EQ(feeds(&memo, &rendered), Feeds().FileBytes());
  EXPECT_EQ(rendered, 5);
  feeds(&memo, &rendered);
  EXPECT_EQ(rendered, 0);
  // Page b (in the site, speeches and 学习 feeds) is edited: a new version.
  site_.pages[1]->meta.title = "第二篇（修订）";
  site_.pages[1]->version = 2;
  EXPECT_EQ(feeds(&memo, &rendered), Feeds().FileBytes());
  EXPECT_EQ(rendered, 3);
  // Settings every channel shows.
  site_.config.base_url = "https://example.org/other/";
  EXPECT_EQ(feeds(&memo, &rendered), Feeds().FileBytes());
  EXPECT_EQ(rendered, 5);
  site_.config.feed_full_text = true;
  EXPECT_EQ(feeds(&memo, &rendered), Feeds().FileBytes());
  EXPECT_EQ(rendered, 5);
  // A page's new URL (the site's settings moved it) with the same source:
  // only the news feed has it (the site's two items are a and b).
  site_.pages[2]->url = "/news/2023/c/";
  EXPECT_EQ(feeds(&memo, &rendered), Feeds().FileBytes());
  EXPECT_EQ(rendered, 1);
}

TEST(AbsoluteUrlTest, JoinsBaseAndPathAndEncodesNonAscii) {
  SiteConfig config;
  config.base_url = "https://example.org/dj/";
  EXPECT_EQ(AbsoluteUrl(config, "/speeches/a/"), "https://example.org/dj/speeches/a/");
  EXPECT_EQ(AbsoluteUrl(config, "index.xml"), "https://example.org/dj/index.xml");
  EXPECT_EQ(AbsoluteUrl(config, "/"), "https://example.org/dj/");
  EXPECT_EQ(AbsoluteUrl(config, "/tags/学习/"), "https://example.org/dj/tags/%E5%AD%A6%E4%B9%A0/");
  EXPECT_EQ(AbsoluteUrl(config, "/a b/"), "https://example.org/dj/a%20b/");
  config.base_url = "https://example.org";
  EXPECT_EQ(AbsoluteUrl(config, "/x/"), "https://example.org/x/");
}

TEST(XmlSafeTextTest, DropsWhatXmlCannotHold) {
  EXPECT_EQ(XmlSafeText("a\x01\x08" "b\tc\nd\re"), "ab\tc\nd\re");
  EXPECT_EQ(XmlSafeText("中文"), "中文");
  EXPECT_EQ(XmlSafeText("x\xEF\xBF\xBEy"), "xy");          // U+FFFE
  EXPECT_EQ(XmlSafeText("x\xFFy"), "x\xEF\xBF\xBDy");        // invalid byte -> U+FFFD
}

// Sitemap and robots.txt.

class SitemapTest : public FeedsTest {
 protected:
  std::string Sitemap(OutputPlan* plan) {
    Diagnostics diags;
    AddSitemap(site_, plan, &diags);
    EXPECT_EQ(diags.error_count(), 0) << diags.Format();
    return plan->Find("sitemap.xml") ? *plan->Find("sitemap.xml") : "";
  }
  static std::vector<std::string> Locs(const std::string& xml) {
    std::vector<std::string> locs;
    std::regex loc("<loc>([^<]*)</loc>");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), loc); it != std::sregex_iterator(); ++it) {
      locs.push_back((*it)[1]);
    }
    return locs;
  }
};

TEST_F(SitemapTest, ListsEveryPageAndListSortedByUrl) {
  site_.config.page_size = 1;
  OutputPlan plan;
  std::string xml = Sitemap(&plan);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u);
  EXPECT_NE(xml.find("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), std::string::npos);
  EXPECT_EQ(Xmllint(WriteTemp("sitemap.xml", xml)), 0) << xml;
  const std::string base = "https://example.org/dj/";
  std::vector<std::string> want = {
      base,
      base + "archives/",
      base + "news/",
      base + "news/c/",
      base + "search/",
      base + "speeches/",
      base + "speeches/a/",
      base + "speeches/b/",
      base + "speeches/page/2/",
      base + "tags/",
      base + "tags/liang-ge-wei-hu/",
      base + "tags/xue-xi/",
      base + "tags/xue-xi/page/2/",
  };
  EXPECT_EQ(Locs(xml), want);
  std::vector<std::string> sorted = Locs(xml);
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end()));
}

TEST_F(SitemapTest, LastmodIsTheLaterOfDateAndLastmod) {
  OutputPlan plan;
  std::string xml = Sitemap(&plan);
  std::string news_c = "<loc>https://example.org/dj/news/c/</loc>";
  size_t at = xml.find(news_c);
  ASSERT_NE(at, std::string::npos);
  std::string want = "<lastmod>" + site_.all_pages[2]->meta.lastmod->Iso8601() + "</lastmod>";
  EXPECT_EQ(xml.find(want, at), xml.find("<lastmod>", at)) << xml;
  EXPECT_NE(xml.find("<lastmod>2024-01-10T08:00:00+08:00</lastmod>"), std::string::npos) << xml;
}

TEST_F(SitemapTest, SearchPageOnlyWhenSearchIsOn) {
  site_.config.search = false;
  OutputPlan plan;
  EXPECT_EQ(Sitemap(&plan).find("/search/"), std::string::npos);
}

TEST_F(SitemapTest, RobotsTxtPointsAtTheSitemap) {
  OutputPlan plan;
  Sitemap(&plan);
  ASSERT_NE(plan.Find("robots.txt"), nullptr);
  EXPECT_EQ(*plan.Find("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://example.org/dj/sitemap.xml\n");
}

TEST_F(SitemapTest, AMemoReusesTheSitemapUntilAPageOrASettingChanges) {
  FileMemo memo;
  auto with_memo = [&] {
    OutputPlan plan;
    Diagnostics diags;
    AddSitemap(site_, &plan, &diags, &memo);
    EXPECT_EQ(diags.error_count(), 0) << diags.Format();
    return plan.files().at("sitemap.xml");
  };
  auto clean = [&] {
    OutputPlan plan;
    return Sitemap(&plan);
  };
  OutputPlan::Bytes first = with_memo();
  EXPECT_EQ(*first, clean());
  EXPECT_EQ(with_memo(), first);  // the same bytes, not made again
  site_.pages[1]->version = 8;        // an edit of its text only: the same lines
  site_.pages[1]->body.html = "<p>改</p>";
  EXPECT_EQ(with_memo(), first);
  site_.pages[1]->meta.lastmod = At(2024, 6, 1);
  OutputPlan::Bytes edited = with_memo();
  EXPECT_NE(edited, first);
  EXPECT_EQ(*edited, clean());
  site_.pages[2]->url = "/news/moved/";
  EXPECT_EQ(*with_memo(), clean());
  EXPECT_NE(with_memo()->find("/news/moved/"), std::string::npos);
  site_.config.base_url = "https://example.org/other/";
  EXPECT_EQ(*with_memo(), clean());
}

TEST_F(SitemapTest, SitesOwnRobotsTxtWins) {
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddCopy("robots.txt", "/site/static/robots.txt", "static/robots.txt", &diags));
  Sitemap(&plan);
  EXPECT_EQ(plan.Find("robots.txt"), nullptr);  // still the copy
  EXPECT_EQ(plan.OwnerOf("robots.txt"), "static/robots.txt");
}

}  // namespace
}  // namespace portal
