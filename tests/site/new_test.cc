// `portal new`: archetypes, escaping, refusing to overwrite, unknown sections.
#include <gtest/gtest.h>

#include <ctime>

#include "content/date.h"
#include "fixture.h"

namespace portal::testing {
namespace {

std::string TodayIn(const std::string& zone) {
  std::time_t now = std::time(nullptr);
  std::time_t local = now + static_cast<std::time_t>(TimeZoneOffsetMinutes(zone, now)) * 60;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string TodayInShanghai() { return TodayIn("Asia/Shanghai"); }

TEST(New, FillsTheThemeArchetypeOfTheSection) {
  SiteFixture site("");
  RunResult r = site.Run("new speeches 在全镇党建工作会议上的讲话");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string path = "content/speeches/zai-quan-zhen-dang-jian-gong-zuo-hui-yi-shang-de-jiang-hua.md";
  EXPECT_EQ(r.out, path + "\n");
  std::string text = site.Read(path);
  EXPECT_NE(text.find("title: \"在全镇党建工作会议上的讲话\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("date: " + TodayInShanghai() + "\n"), std::string::npos) << text;
  EXPECT_NE(text.find("draft: true"), std::string::npos) << text;
  EXPECT_NE(text.find("speaker:"), std::string::npos) << text;  // themes/default/archetypes/speeches.md
  EXPECT_NE(text.find("occasion:"), std::string::npos) << text;
  EXPECT_EQ(site.Run("new policies 关于印发学习计划的通知").exit_code, 0);
  EXPECT_NE(site.Read("content/policies/guan-yu-yin-fa-xue-xi-ji-hua-de-tong-zhi.md").find("doc_number:"),
            std::string::npos);
  // The new drafts build (with -D) without errors.
  RunResult build = site.Build("-D");
  EXPECT_EQ(build.exit_code, 0) << build.err;
}

TEST(New, PrefersTheSiteArchetypeThenTheDefaultOne) {
  SiteFixture site(R"(-- archetypes/speeches.md --
---
title: {{title}}
date: {{date}}
speaker: 书记
---
栏目：{{section}}
-- archetypes/default.md --
---
title: "{{title}}"
date: {{date}}
draft: true
tags: [默认]
---
)");
  ASSERT_EQ(site.Run("new speeches 讲话").exit_code, 0);
  std::string speech = site.Read("content/speeches/jiang-hua.md");
  EXPECT_NE(speech.find("speaker: 书记\n"), std::string::npos) << speech;
  EXPECT_NE(speech.find("栏目：speeches"), std::string::npos) << speech;
  EXPECT_NE(speech.find("draft: true\n"), std::string::npos) << speech;  // added: the archetype had none
  ASSERT_EQ(site.Run("new cases 案例").exit_code, 0);  // no cases.md in the site: the theme's wins over default.md
  EXPECT_NE(site.Read("content/cases/an-li.md").find("organization:"), std::string::npos);
}

TEST(New, MakesADraftWhateverTheArchetypeSaysAndFillsQuotedPlaceholders) {
  SiteFixture site(R"(-- archetypes/speeches.md --
---
title: '{{title}}'
date: {{ date }}
draft: false   # 写完后改为 false
---
-- archetypes/cases.md --
---
title: {{ title }}
date: {{date}}
draft: "no"
---
)");
  ASSERT_EQ(site.Run("new speeches \"书记's 讲话\" --slug shu-ji").exit_code, 0);
  std::string speech = site.Read("content/speeches/shu-ji.md");
  EXPECT_NE(speech.find("title: '书记''s 讲话'\n"), std::string::npos) << speech;
  EXPECT_NE(speech.find("date: " + TodayInShanghai() + "\n"), std::string::npos) << speech;
  EXPECT_NE(speech.find("draft: true   # 写完后改为 false\n"), std::string::npos) << speech;
  ASSERT_EQ(site.Run("new cases 案例").exit_code, 0);
  std::string case_page = site.Read("content/cases/an-li.md");
  EXPECT_NE(case_page.find("title: \"案例\"\ndate: " + TodayInShanghai() + "\ndraft: true\n"), std::string::npos)
      << case_page;
  RunResult build = site.Build("-D");  // the filled front matter is valid
  EXPECT_EQ(build.exit_code, 0) << build.err;
  EXPECT_TRUE(site.Exists("public/speeches/shu-ji/index.html"));
}

TEST(New, DatesThePageInTheSiteTimeZone) {
  // UTC+14 and UTC-11 are 25 hours apart: never the same date.
  for (const std::string zone : {"Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
    SiteFixture site("-- site-config/site.yaml --\ntitle: 测试\nbaseURL: https://example.org/\ntimeZone: " + zone +
                     "\nsections:\n  - name: speeches\n    label: 领导讲话\n");
    ASSERT_EQ(site.Run("new speeches 讲话").exit_code, 0) << zone;
    EXPECT_NE(site.Read("content/speeches/jiang-hua.md").find("date: " + TodayIn(zone) + "\n"), std::string::npos)
        << zone << "\n" << site.Read("content/speeches/jiang-hua.md");
  }
  EXPECT_NE(TodayIn("Pacific/Kiritimati"), TodayIn("Pacific/Pago_Pago"));
}

TEST(New, EscapesQuotesAndBackslashesInTheTitle) {
  SiteFixture site("");
  RunResult r = site.Run(R"(new speeches '学习"两个维护"的体会\' --slug ti-hui)");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(site.Read("content/speeches/ti-hui.md").find(R"(title: "学习\"两个维护\"的体会\\")"),
            std::string::npos)
      << site.Read("content/speeches/ti-hui.md");
  RunResult build = site.Build("-D");
  EXPECT_EQ(build.exit_code, 0) << build.err;
  EXPECT_NE(site.Read("public/speeches/ti-hui/index.html").find("学习&quot;两个维护&quot;的体会\\"), std::string::npos);
}

TEST(New, RefusesToOverwriteAPage) {
  SiteFixture site(R"(-- content/speeches/jiang-hua.md --
keep me
)");
  RunResult r = site.Run("new speeches 讲话");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("content/speeches/jiang-hua.md already exists"), std::string::npos) << r.err;
  EXPECT_EQ(site.Read("content/speeches/jiang-hua.md"), "keep me\n");
}

TEST(New, ListsTheKnownSectionsForAnUnknownOne) {
  SiteFixture site("");
  RunResult r = site.Run("new speech 讲话");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("'speech' is not a section of the site; known sections: speeches, policies, cases"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("did you mean 'speeches'?"), std::string::npos) << r.err;
}

TEST(Build, NeverContainsTheLiveReloadScript) {
  SiteFixture site(R"(-- content/speeches/a.md --
---
title: 讲话
date: 2023-01-01
---
正文
-- want-not public/index.html --
data-portal-live-reload
-- want-not public/speeches/a/index.html --
__portal
)");
  ASSERT_EQ(site.Build().exit_code, 0);
  EXPECT_EQ(site.CheckWants(), "");
}

TEST(Check, ExitsNonZeroWithCompilerStyleErrorsAndJson) {
  SiteFixture site(R"(-- content/speeches/a.md --
---
title: 讲话
date: 2023-01-01
tags: [学习]
---
见[不存在](/speeches/nope/)。
)");
  RunResult r = site.Run("check");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("content/speeches/a.md:6:8: error: broken link: /speeches/nope/ is not a page or file of the site"),
            std::string::npos)
      << r.out;
  RunResult json = site.Run("check --format json");
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(json.out.rfind("[", 0), 0u) << json.out;
  EXPECT_NE(json.out.find("\"line\": 6"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace portal::testing
