// Golden error messages: what an editor sees for common mistakes, pinned
// byte for byte, so a change to any message is a deliberate one.
#include <gtest/gtest.h>

#include "fixture.h"

namespace portal::testing {
namespace {

TEST(Errors, BadFrontMatterIsReportedInCompilerFormatAllAtOnce) {
  SiteFixture site(
      "-- content/speeches/a.md --\n---\ntitle: [a, b]\ndate: 2021-02-29\n---\nbody\n"
      "-- content/speeches/b.md --\n---\ntitle: \"unclosed\ndate: 2021-02-28\n---\nbody\n"
      "-- content/speeches/d.md --\nno front matter\n");
  site.Write("content/speeches/c.md", "---\ntitle: ok\ndate: 2021-02-28\n---\nbody \xff here\n");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "content/speeches/a.md:2:8: error: title must be text, not a list\n"
            "  2 | title: [a, b]\n"
            "    |        ^\n"
            "  hint: write the text on one line after the colon, e.g. title: 在全镇党建工作会议上的讲话\n"
            "content/speeches/a.md:3:7: error: 2021-02-29 is not a date: February 2021 has 28 days\n"
            "  3 | date: 2021-02-29\n"
            "    |       ^\n"
            "  hint: write the date as 2020-03-05, 2020-03-05 09:30 or 2020年3月5日\n"
            "content/speeches/b.md:2:8: error: invalid YAML: the quote opened here is never closed\n"
            "  2 | title: \"unclosed\n"
            "    |        ^\n"
            "  hint: end the value with a matching \" on the same line\n"
            "content/speeches/c.md:5:6: error: invalid UTF-8 (byte 0xFF)\n"
            "  5 | body \xEF\xBF\xBD here\n"
            "    |      ^\n"
            "  hint: save the file as UTF-8\n"
            "content/speeches/d.md:1: error: page has no front matter\n"
            "  hint: start the file with a line '---', then 'title: 标题' and 'date: 2024-03-05', then '---'\n"
            "build failed: 5 error(s), 0 warning(s); public was left as it was\n");
  EXPECT_FALSE(site.Exists("public"));
}

TEST(Errors, BadConfigNamesKeyLineAndFix) {
  SiteFixture site(R"(
-- site-config/site.yaml --
title: 测试
baseURL: https://example.org/
pagesize: 10
sections:
  - name: speeches
    label: [讲话]
)");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "site-config/site.yaml:3:1: warning: unknown key 'pagesize'\n"
            "  3 | pagesize: 10\n"
            "    | ^\n"
            "  hint: did you mean 'pageSize'?\n"
            "site-config/site.yaml:6:12: error: label must be text, not a list\n"
            "  6 |     label: [讲话]\n"
            "    |            ^\n"
            "  hint: write the text on one line after the colon, e.g. label: 领导讲话\n"
            "build failed: 1 error(s), 1 warning(s); public was left as it was\n");
}

TEST(Errors, PageOutsideAKnownSectionSuggestsTheNearestOne) {
  SiteFixture site("-- content/speech/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("content/speech/a.md: error: folder content/speech/ is not a section of the site\n"
                       "  hint: did you mean content/speeches/? Known sections: speeches, policies, cases\n"),
            std::string::npos)
      << r.err;
}

TEST(Errors, MissingConfigSaysWhatToCreate) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\nx\n");
  std::filesystem::remove(site.root() / "site-config/site.yaml");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("site-config/site.yaml"), std::string::npos) << r.err;
}

TEST(Errors, ImageWithoutAltTextIsAWarningWithItsLine) {
  SiteFixture site("-- content/speeches/a.md --\n---\ntitle: 甲\ndate: 2024-01-01\n---\n正文\n\n![](a.png)\n");
  RunResult r = site.Build();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("content/speeches/a.md:7: warning: image 'a.png' has no alt text"), std::string::npos) << r.err;
}

TEST(Cli, HelpAndVersionExplainEveryFlag) {
  SiteFixture site("");
  RunResult r = site.Run("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("build"), std::string::npos);
  r = site.Run("build --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag : {"--source", "--destination", "--baseURL", "--buildDrafts", "--buildFuture", "--verbose", "--jobs"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
  r = site.Run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("portal ", 0), 0u) << r.out;
  r = site.Run("build --no-such-flag");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace portal::testing
