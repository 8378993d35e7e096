// Themes: site overrides, static files, i18n, template data.
#include <gtest/gtest.h>

#include "fixture.h"

namespace portal::testing {
namespace {

TEST(Theme, SiteLayoutsOverrideThemeFilesByNameAndSeeUnknownKeys) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
meeting_room: 三楼会议室
---
x
-- layouts/single.mustache --
{{#page}}<p class="custom">{{title}} @ {{params.meeting_room}}</p>{{/page}}
-- layouts/partials/foot.mustache --
<footer>自定义页脚</footer></main></body></html>
-- want public/speeches/a/index.html --
<p class="custom">甲 @ 三楼会议室</p>
-- want public/index.html --
<footer>自定义页脚</footer>
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.CheckWants(), "");
}

TEST(Theme, SiteStaticFilesAreCopiedAndWinOverTheTheme) {
  SiteFixture site(R"(
-- content/speeches/a.md --
---
title: 甲
date: 2024-01-01
---
x
-- static/css/style.css --
body { color: red; }
-- static/images/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/robots.txt --
User-agent: *
Disallow: /drafts/
)");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(site.Read("public/css/style.css"), "body { color: red; }\n");
  EXPECT_TRUE(site.Exists("public/images/logo.svg"));
  EXPECT_EQ(site.Read("public/robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
}

TEST(Theme, EnglishStringsWhenTheSiteLanguageIsEnglish) {
  SiteFixture site(std::string("-- site-config/site.yaml --\n") + kDefaultConfig + "language: en\n" +
                   "-- content/speeches/a.md --\n---\ntitle: A\ndate: 2024-01-01\n---\nx\n");
  RunResult r = site.Build();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string home = site.Read("public/index.html");
  EXPECT_NE(home.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(home.find(">Archives</a>"), std::string::npos);
}

TEST(Theme, RawHtmlIsTextUnlessTheSiteAllowsIt) {
  const char* page = "-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\n<span class=\"hl\">重点</span>\n";
  SiteFixture safe(page);
  ASSERT_EQ(safe.Build().exit_code, 0);
  EXPECT_NE(safe.Read("public/speeches/a/index.html").find("&lt;span class=&quot;hl&quot;&gt;重点"), std::string::npos);
  SiteFixture unsafe(std::string("-- site-config/site.yaml --\n") + kDefaultConfig + "markup:\n  unsafe: true\n" + page);
  ASSERT_EQ(unsafe.Build().exit_code, 0);
  EXPECT_NE(unsafe.Read("public/speeches/a/index.html").find("<span class=\"hl\">重点</span>"), std::string::npos);
}

TEST(Theme, FooterShowsCopyrightAndIcpFilingNumber) {
  SiteFixture site(std::string("-- site-config/site.yaml --\n") + kDefaultConfig +
                   "copyright: © 2024 中共东风镇委员会\nicp: 临ICP备20240001号-1\n" +
                   "-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  std::string html = site.Read("public/speeches/a/index.html");
  EXPECT_NE(html.find("© 2024 中共东风镇委员会"), std::string::npos);
  EXPECT_NE(html.find(">临ICP备20240001号-1</a>"), std::string::npos);
}

TEST(Theme, EmptyFieldsLeaveNoEmptyMarkup) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  ASSERT_EQ(site.Build().exit_code, 0);
  std::string html = site.Read("public/speeches/a/index.html");
  EXPECT_EQ(html.find("<dd></dd>"), std::string::npos);
  EXPECT_EQ(html.find("href=\"\""), std::string::npos);
}

}  // namespace
}  // namespace portal::testing
