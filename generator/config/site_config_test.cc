#include "config/site_config.h"

#include <fstream>

#include <gtest/gtest.h>

namespace portal {
namespace {

const char kDisplay[] = "site-config/site.yaml";

const char kFullConfig[] = R"(title: 东风镇党建学习园地
subtitle: 学思践悟 知行合一
baseURL: https://dj.example.gov.cn
languageCode: zh-CN
timeZone: Asia/Shanghai
theme: default
pageSize: 12
summaryLength: 150
feed:
  length: 30
  fullText: true
search: false
markup:
  unsafe: true
sections:
  - name: speeches
    label: 领导讲话
    description: 各级领导在重要会议上的讲话
    order: 2
  - name: policies
    label: 政策解读
    order: 1
    indent: false
  - name: cases
menu:
  - label: 首页
    url: /
  - label: 共产党员网
    url: https://www.12371.cn/
footer: 中共东风镇委员会主办
copyright: © 2024 中共东风镇委员会
icp: 京ICP备12345678号-1
params:
  showBanner: false
  banner: "2024"
  links: [a, b]
)";

std::string Parse(std::string_view text, SiteConfig* config, bool* ok = nullptr) {
  Diagnostics diags;
  bool result = ParseSiteConfig(text, kDisplay, config, &diags);
  if (ok) *ok = result;
  return diags.Format();
}

TEST(SiteConfig, ParsesAFullValidConfig) {
  SiteConfig c;
  bool ok = false;
  EXPECT_EQ(Parse(kFullConfig, &c, &ok), "");
  ASSERT_TRUE(ok);
  EXPECT_EQ(c.title, "东风镇党建学习园地");
  EXPECT_EQ(c.subtitle, "学思践悟 知行合一");
  EXPECT_EQ(c.base_url, "https://dj.example.gov.cn/");
  EXPECT_EQ(c.language, "zh-CN");
  EXPECT_EQ(c.time_zone, "Asia/Shanghai");
  EXPECT_EQ(c.theme, "default");
  EXPECT_EQ(c.page_size, 12);
  EXPECT_EQ(c.summary_length, 150);
  EXPECT_EQ(c.feed_length, 30);
  EXPECT_TRUE(c.feed_full_text);
  EXPECT_FALSE(c.search);
  EXPECT_TRUE(c.unsafe_html);
  ASSERT_EQ(c.sections.size(), 3u);
  EXPECT_EQ(c.sections[0].name, "policies");
  EXPECT_EQ(c.sections[0].order, 1);
  EXPECT_FALSE(c.sections[0].indent);
  EXPECT_EQ(c.sections[1].name, "speeches");
  EXPECT_EQ(c.sections[1].label, "领导讲话");
  EXPECT_EQ(c.sections[1].description, "各级领导在重要会议上的讲话");
  EXPECT_TRUE(c.sections[1].indent);
  EXPECT_EQ(c.sections[2].name, "cases");
  EXPECT_EQ(c.sections[2].label, "cases");  // label defaults to the name
  EXPECT_EQ(c.sections[2].order, 3);        // order defaults to the position
  ASSERT_EQ(c.menu.size(), 2u);
  EXPECT_EQ(c.menu[1].label, "共产党员网");
  EXPECT_EQ(c.menu[1].url, "https://www.12371.cn/");
  EXPECT_EQ(c.footer, "中共东风镇委员会主办");
  EXPECT_EQ(c.copyright, "© 2024 中共东风镇委员会");
  EXPECT_EQ(c.icp, "京ICP备12345678号-1");
  EXPECT_EQ(c.params["showBanner"], false);
  EXPECT_EQ(c.params["banner"], "2024");  // quoted, so it stays text
  EXPECT_EQ(c.params["links"].size(), 2u);
  ASSERT_NE(c.FindSection("cases"), nullptr);
  EXPECT_EQ(c.FindSection("nope"), nullptr);
}

TEST(SiteConfig, MinimalConfigKeepsDefaults) {
  SiteConfig c;
  bool ok = false;
  EXPECT_EQ(Parse("title: 园地\nbaseURL: http://localhost:1313/\nsections:\n  - name: speeches\n", &c, &ok), "");
  EXPECT_TRUE(ok);
  EXPECT_EQ(c.page_size, 10);
  EXPECT_EQ(c.feed_length, 20);
  EXPECT_EQ(c.time_zone, "Asia/Shanghai");
  EXPECT_TRUE(c.search);
  EXPECT_EQ(c.params, nlohmann::json::object());
}

TEST(SiteConfig, CrlfAndBomGiveTheSameResult) {
  SiteConfig a, b;
  std::string crlf = "\xEF\xBB\xBF";
  for (char ch : std::string(kFullConfig)) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  EXPECT_EQ(Parse(kFullConfig, &a), "");
  EXPECT_EQ(Parse(crlf, &b), "");
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.sections.size(), b.sections.size());
  EXPECT_EQ(a.params, b.params);
}

TEST(SiteConfig, GoldenUnknownKeyWithDidYouMean) {
  SiteConfig c;
  bool ok = false;
  std::string out = Parse("title: 园地\nbaseURL: https://a.cn/\npagesize: 10\nsections:\n  - name: speeches\n", &c, &ok);
  EXPECT_TRUE(ok);  // a warning does not fail the build
  EXPECT_EQ(out,
            "site-config/site.yaml:3:1: warning: unknown key 'pagesize'\n"
            "  3 | pagesize: 10\n"
            "    | ^\n"
            "  hint: did you mean 'pageSize'?\n");
}

TEST(SiteConfig, GoldenUnknownKeyListsValidKeysWhenNothingIsClose) {
  SiteConfig c;
  std::string out = Parse("title: 园地\nbaseURL: https://a.cn/\nfeed:\n  rss: 1\nsections: [{name: a}]\n", &c);
  EXPECT_EQ(out,
            "site-config/site.yaml:4:3: warning: unknown key 'rss' in feed\n"
            "  4 |   rss: 1\n"
            "    |   ^\n"
            "  hint: valid keys in feed: length, fullText\n");
}

TEST(SiteConfig, GoldenWrongType) {
  SiteConfig c;
  bool ok = true;
  std::string out = Parse("title: 园地\nbaseURL: https://a.cn/\npageSize: ten\nsections:\n  - name: speeches\n", &c, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(out,
            "site-config/site.yaml:3:11: error: pageSize must be a whole number, not 'ten'\n"
            "  3 | pageSize: ten\n"
            "    |           ^\n"
            "  hint: write a whole number, e.g. pageSize: 10\n");
}

TEST(SiteConfig, GoldenListWhereTextIsExpectedAfterChineseText) {
  SiteConfig c;
  std::string out = Parse("title: [东风镇, 党建]\nbaseURL: https://a.cn/\nsections:\n  - name: speeches\n", &c);
  EXPECT_EQ(out,
            "site-config/site.yaml:1:8: error: title must be text, not a list\n"
            "  1 | title: [东风镇, 党建]\n"
            "    |        ^\n"
            "  hint: write the text on one line after the colon, e.g. title: 东风镇党建学习园地\n");
}

TEST(SiteConfig, GoldenMissingTitle) {
  SiteConfig c;
  bool ok = true;
  std::string out = Parse("baseURL: https://a.cn/\nsections:\n  - name: speeches\n", &c, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(out,
            "site-config/site.yaml:1: error: missing required key 'title'\n"
            "  hint: add a line like: title: 东风镇党建学习园地\n");
}

TEST(SiteConfig, GoldenBrokenYaml) {
  SiteConfig c;
  bool ok = true;
  std::string out = Parse("title: 学习: 体会\nbaseURL: https://a.cn/\n", &c, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(out,
            "site-config/site.yaml:1:10: error: invalid YAML: the value contains ': '\n"
            "  1 | title: 学习: 体会\n"
            "    |            ^\n"
            "  hint: put the value in quotes, e.g. title: \"学习: 体会\"\n");
}

TEST(SiteConfig, GoldenUnclosedQuoteIsReportedWhereItOpens) {
  SiteConfig c;
  std::string out = Parse("title: \"东风镇\nbaseURL: https://a.cn/\nsections: [{name: a}]\n", &c);
  EXPECT_EQ(out,
            "site-config/site.yaml:1:8: error: invalid YAML: the quote opened here is never closed\n"
            "  1 | title: \"东风镇\n"
            "    |        ^\n"
            "  hint: end the value with a matching \" on the same line\n");
}

TEST(SiteConfig, ReportsAllErrorsNotJustTheFirst) {
  SiteConfig c;
  Diagnostics diags;
  const char text[] =
      "title: 园地\n"
      "baseURL: dj.example.gov.cn\n"
      "timeZone: Asia/Beijing\n"
      "pageSize: 0\n"
      "search: maybe\n"
      "sections:\n"
      "  - name: Speeches\n"
      "  - name: 领导讲话\n"
      "  - name: cases\n"
      "  - name: cases\n"
      "menu:\n"
      "  - label: 首页\n"
      "    url: speeches/\n";
  EXPECT_FALSE(ParseSiteConfig(text, kDisplay, &c, &diags));
  std::vector<Diagnostic> list = diags.Sorted();
  ASSERT_EQ(list.size(), 8u) << diags.Format();
  EXPECT_EQ(list[0].line, 2);
  EXPECT_EQ(list[0].hint, "write the site's public address, e.g. baseURL: https://dj.example.gov.cn/");
  EXPECT_EQ(list[1].message, "unknown time zone 'Asia/Beijing'");
  EXPECT_EQ(list[1].hint, "for China write timeZone: Asia/Shanghai");
  EXPECT_EQ(list[2].message, "pageSize must be 1 or more, not 0");
  EXPECT_EQ(list[3].message, "search must be true or false, not 'maybe'");
  EXPECT_EQ(list[4].hint, "did you mean 'speeches'?");
  EXPECT_EQ(list[5].message, "section name '领导讲话' may only contain a-z, 0-9 and '-'");
  EXPECT_EQ(list[6].message, "section 'cases' is listed twice (first on line 9)");
  EXPECT_EQ(list[6].line, 10);
  EXPECT_EQ(list[6].column, 11);
  EXPECT_EQ(list[7].message, "menu url must start with '/' or http(s)://, not 'speeches/'");
  EXPECT_EQ(c.sections.size(), 1u);
}

TEST(SiteConfig, TimeZoneTypoGetsADidYouMean) {
  SiteConfig c;
  Diagnostics diags;
  ParseSiteConfig("title: a\nbaseURL: https://a.cn/\ntimeZone: Asia/Shanghia\nsections: [{name: a}]\n", kDisplay, &c,
                  &diags);
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.Sorted()[0].hint, "did you mean 'Asia/Shanghai'?");
}

TEST(SiteConfig, CstIsAWarningBecauseItIsUsCentralTime) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_TRUE(ParseSiteConfig("title: a\nbaseURL: https://a.cn/\ntimeZone: CST\nsections: [{name: a}]\n", kDisplay,
                              &c, &diags));
  EXPECT_EQ(diags.warning_count(), 1);
}

TEST(SiteConfig, EmptySectionsAndMissingKeysAreErrors) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_FALSE(ParseSiteConfig("title: a\nbaseURL: https://a.cn/\nsections: []\n", kDisplay, &c, &diags));
  EXPECT_EQ(diags.Sorted()[0].message, "sections must be a list with at least one section, not an empty list");
  Diagnostics d2;
  EXPECT_FALSE(ParseSiteConfig("subtitle: x\n", kDisplay, &c, &d2));
  EXPECT_EQ(d2.error_count(), 3);  // title, baseURL, sections
}

TEST(SiteConfig, DuplicateKeyIsAnError) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_FALSE(ParseSiteConfig("title: a\ntitle: b\nbaseURL: https://a.cn/\nsections: [{name: a}]\n", kDisplay, &c,
                               &diags));
  EXPECT_EQ(diags.Sorted()[0].message, "'title' is set twice (first on line 1)");
  EXPECT_EQ(c.title, "a");
}

TEST(SiteConfig, FullWidthColonGetsAPlainHint) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_FALSE(ParseSiteConfig("title：园地\n", kDisplay, &c, &diags));
  EXPECT_EQ(diags.Sorted()[0].hint,
            "after a key write an ASCII colon ':' and a space, not '：', e.g. title: 东风镇党建学习园地");
}

TEST(SiteConfig, EmptyFileIsAnError) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_FALSE(ParseSiteConfig("", kDisplay, &c, &diags));
  EXPECT_EQ(diags.Format(),
            "site-config/site.yaml: error: the site config is empty\n"
            "  hint: it needs at least title, baseURL and sections\n");
}

TEST(SiteConfig, LoadReportsAMissingFile) {
  SiteConfig c;
  Diagnostics diags;
  EXPECT_FALSE(LoadSiteConfig("/nonexistent/site.yaml", kDisplay, &c, &diags));
  EXPECT_EQ(diags.error_count(), 1);
}

TEST(SiteConfig, LoadReadsTheFile) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / "portal_site_config_test.yaml";
  {
    std::ofstream out(p, std::ios::binary);
    out << kFullConfig;
  }
  SiteConfig c;
  Diagnostics diags;
  EXPECT_TRUE(LoadSiteConfig(p, kDisplay, &c, &diags)) << diags.Format();
  EXPECT_EQ(c.title, "东风镇党建学习园地");
  std::filesystem::remove(p);
}

}  // namespace
}  // namespace portal

namespace portal {
namespace {

constexpr const char* kTaxonomyBase =
    "title: t\nbaseURL: https://example.org/\nsections:\n  - name: speeches\n";

TEST(SiteConfigTaxonomies, DefaultsToSpeakersAndOrganizations) {
  SiteConfig c;
  Diagnostics d;
  ASSERT_TRUE(ParseSiteConfig(kTaxonomyBase, "site.yaml", &c, &d)) << d.Format();
  ASSERT_EQ(c.taxonomies.size(), 2u);
  EXPECT_EQ(c.taxonomies[0].name, "speakers");
  EXPECT_EQ(c.taxonomies[0].key, "speaker");
  EXPECT_EQ(c.taxonomies[1].key, "organization");
}

TEST(SiteConfigTaxonomies, DeclaredListReplacesTheDefaults) {
  SiteConfig c;
  Diagnostics d;
  std::string yaml = std::string(kTaxonomyBase) +
                     "taxonomies:\n  - {name: occasions, key: occasion, label: 会议}\n  - {name: speakers, key: speaker}\n";
  ASSERT_TRUE(ParseSiteConfig(yaml, "site.yaml", &c, &d)) << d.Format();
  ASSERT_EQ(c.taxonomies.size(), 2u);
  EXPECT_EQ(c.taxonomies[0].label, "会议");
  EXPECT_EQ(c.taxonomies[1].label, "speakers");
}

TEST(SiteConfigTaxonomies, RejectsBadNamesKeysAndClashes) {
  SiteConfig c;
  Diagnostics d;
  std::string yaml = std::string(kTaxonomyBase) +
                     "taxonomies:\n  - {name: 讲话人, key: speaker}\n  - {name: a, key: 'x y'}\n"
                     "  - {name: tags, key: tags}\n  - {name: speeches, key: speaker}\n  - {label: x}\n";
  EXPECT_FALSE(ParseSiteConfig(yaml, "site.yaml", &c, &d));
  std::string out = d.Format();
  EXPECT_NE(out.find("site.yaml:6:12: error: taxonomy name '讲话人' may only contain"), std::string::npos) << out;
  EXPECT_NE(out.find("taxonomy key 'x y'"), std::string::npos) << out;
  EXPECT_NE(out.find("taken by the build's own pages (/tags/)"), std::string::npos) << out;
  EXPECT_NE(out.find("also a section name"), std::string::npos) << out;
  EXPECT_NE(out.find("this taxonomy has no name"), std::string::npos) << out;
}

}  // namespace
}  // namespace portal
