// `portal check` on fixture sites with one of each kind of problem.
#include "check/check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace portal {
namespace {
namespace fs = std::filesystem;

class TempSite {
 public:
  TempSite() {
    char tmpl[] = "/tmp/portal-check-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~TempSite() { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

const char kConfig[] =
    "title: 测试园地\n"
    "baseURL: https://example.org/\n"
    "sections:\n"
    "  - name: speeches\n"
    "    label: 领导讲话\n"
    "  - name: cases\n"
    "    label: 典型案例\n";

// "file:line:col: severity: message" of every diagnostic, in order.
std::vector<std::string> Lines(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.Sorted()) {
    out.push_back(d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
                  (d.severity == Severity::kError ? "error" : "warning") + ": " + d.message);
  }
  return out;
}

bool Has(const std::vector<std::string>& lines, const std::string& want) {
  return std::find(lines.begin(), lines.end(), want) != lines.end();
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

TEST(RunCheck, FindsLinkImagePlaceholderSectionAndTagProblems) {
  TempSite site;
  site.Write("site-config/site.yaml", kConfig);
  site.Write("content/speeches/a.md",
             "---\n"
             "title: 在X镇党建会上的讲话\n"
             "date: 2023-03-01\n"
             "tags: [学习]\n"
             "---\n"
             "\n"
             "## 一、提高认识\n"
             "\n"
             "见[第二篇](/speeches/b/)和[不存在](/speeches/nope/)。\n"
             "\n"
             "见[锚点](/speeches/b/#二加强领导)和[错锚](/speeches/b/#一提高认)。\n"
             "\n"
             "![](/img/logo.png)\n"
             "\n"
             "![图片](/img/none.png)\n"
             "\n"
             "全镇共有党员**人，**坚持人民至上**。\n"
             "\n"
             "[附件](附件.pdf) [草稿](../draft/) [本页](#一提高认识) [外链](https://www.12371.cn/)\n");
  site.Write("content/speeches/b.md",
             "---\ntitle: 第二篇\ndate: 2023-03-02\noccasion: 在XX县会议上\n---\n\n## 一、提高认识\n\n正文。\n\n## 二、加强领导\n\n正文。\n");
  site.Write("content/speeches/draft.md",
             "---\ntitle: 草稿\ndate: 2023-03-03\ndraft: true\ntags: [草稿]\n---\n\nXX同志：\n");
  site.Write("static/img/logo.png", "png");

  CheckOptions options;
  options.site_root = site.root();
  options.jobs = 2;
  Diagnostics diags;
  EXPECT_FALSE(RunCheck(options, &diags));
  std::vector<std::string> lines = Lines(diags);
  const std::string a = "content/speeches/a.md:";
  for (const std::string& want : {
           a + "2:9: error: placeholder 'X镇' left in the text",
           a + "9:28: error: broken link: /speeches/nope/ is not a page or file of the site",
           a + "11:32: error: broken anchor: /speeches/b/#一提高认 — content/speeches/b.md has no heading with id '一提高认'",
           a + "13:0: warning: image '/img/logo.png' has no alt text",
           a + "15:7: error: image /img/none.png does not exist",
           a + "17:7: error: placeholder '**人' left in the text",
           a + "19:6: error: broken link: 附件.pdf is not a page or file of the site",
           a + "19:19: warning: link to a draft page content/speeches/draft.md: it will be broken once published",
           std::string("content/speeches/b.md:2:0: warning: page has no tags"),
           std::string("content/speeches/b.md:4:12: error: placeholder 'XX' left in the text"),
           std::string("content/speeches/draft.md:8:1: warning: placeholder 'XX' left in the text"),
           std::string("site-config/site.yaml:6:5: warning: section 'cases' (典型案例) has no pages"),
       }) {
    EXPECT_TRUE(Has(lines, want)) << "missing: " << want << "\n got:\n" << Join(lines);
  }
  EXPECT_EQ(diags.error_count(), 7) << Join(lines);
  EXPECT_EQ(diags.warning_count(), 5) << Join(lines);

  // The hint of the anchor guesses the heading meant.
  for (const Diagnostic& d : diags.Sorted()) {
    if (d.line == 11) {
      EXPECT_EQ(d.hint, "did you mean #一提高认识?");
    }
  }

  nlohmann::json json = nlohmann::json::parse(DiagnosticsJson(diags.Sorted()));
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 12u);
  EXPECT_EQ(json[0]["file"], "content/speeches/a.md");
  EXPECT_EQ(json[0]["line"], 2);
  EXPECT_EQ(json[0]["column"], 9);
  EXPECT_EQ(json[0]["severity"], "error");
  EXPECT_EQ(json[0]["message"], "placeholder 'X镇' left in the text");
  EXPECT_EQ(json[0]["hint"], "replace it with the real name or number before publishing");
}

TEST(RunCheck, ReportsFrontMatterDuplicateSlugsAndAliasesTogether) {
  TempSite site;
  site.Write("site-config/site.yaml", kConfig);
  site.Write("content/cases/x.md", "---\ntitle: 甲\ndate: 2023-01-01\nslug: same\ntags: [a]\n---\n正文\n");
  site.Write("content/cases/y.md", "---\ntitle: 乙\ndate: 2023-01-02\nslug: same\ntags: [a]\n---\n正文\n");
  site.Write("content/cases/z.md", "---\ntitle: 丙\ndate: 2023-01-03\naliases: [/cases/same/]\ntags: [a]\n---\n正文\n");
  site.Write("content/speeches/bad.md", "---\ntitle: 坏日期\ndate: 2021-02-29\n---\n正文\n");
  CheckOptions options;
  options.site_root = site.root();
  Diagnostics diags;
  EXPECT_FALSE(RunCheck(options, &diags));
  std::vector<std::string> lines = Lines(diags);
  EXPECT_TRUE(Has(lines,
                  "content/cases/y.md:4:0: error: two pages want the same URL /cases/same/: content/cases/x.md and "
                  "content/cases/y.md"))
      << Join(lines);
  EXPECT_TRUE(Has(lines, "content/cases/z.md:4:0: error: alias /cases/same/ is already the URL of content/cases/x.md"))
      << Join(lines);
  bool date_error = false;
  for (const Diagnostic& d : diags.Sorted()) {
    date_error |= d.file == "content/speeches/bad.md" && d.line == 3 && d.severity == Severity::kError;
  }
  EXPECT_TRUE(date_error) << Join(lines);
  // The links could not be checked: the report says so rather than look clean.
  EXPECT_TRUE(Has(lines, ":0:0: warning: links, heading anchors and images were not checked: the site does not build"))
      << Join(lines);
}

TEST(RunCheck, PassesACleanSite) {
  TempSite site;
  site.Write("site-config/site.yaml", kConfig);
  site.Write("content/speeches/a.md", "---\ntitle: 甲\ndate: 2023-01-01\ntags: [a]\n---\n见[乙](/cases/b/)。\n");
  site.Write("content/cases/b.md", "---\ntitle: 乙\ndate: 2023-01-02\ntags: [a]\n---\n见[甲](../../speeches/a/)。\n");
  CheckOptions options;
  options.site_root = site.root();
  Diagnostics diags;
  EXPECT_TRUE(RunCheck(options, &diags)) << diags.Format();
  EXPECT_EQ(diags.warning_count(), 0) << diags.Format();
}

}  // namespace
}  // namespace portal
