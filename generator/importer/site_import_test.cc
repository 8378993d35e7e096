#include "importer/site_import.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/file.h"
#include "importer/import_testing.h"

namespace portal::importer {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& data) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

std::string Read(const fs::path& path) {
  std::string data, error;
  EXPECT_TRUE(ReadFile(path, &data, &error)) << path << ": " << error;
  return data;
}

class ImportIntoSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = testing::MakeTempDir("site");
    inbox_ = site_ / "inbox";
    Write(site_ / "site-config/site.yaml",
          "title: 测试\nbaseURL: https://example.cn/\nsections:\n"
          "  - name: speeches\n    label: 领导讲话\n  - name: policies\n    label: 政策解读\n");
  }
  void TearDown() override { fs::remove_all(site_); }

  bool Import(std::vector<fs::path> inputs, std::string section = "speeches") {
    ImportOptions options;
    options.site_root = site_;
    options.section = std::move(section);
    options.inputs = std::move(inputs);
    report_ = ImportReport();
    return ImportIntoSite(options, &report_, &diags_);
  }

  fs::path site_, inbox_;
  ImportReport report_;
  Diagnostics diags_;
};

TEST_F(ImportIntoSiteTest, ImportsAFolderOfTxtInEveryEncodingAndDocx) {
  Write(inbox_ / "a.txt", "在全镇动员会上的讲话\r\n\r\n同志们：\r\n一、提高认识\r\n正文。\r\n");
  Write(inbox_ / "b.txt", "\xEF\xBB\xBF在述职评议大会上的讲话\n（2021年3月5日）\n同志们：\n谢谢大家！\n");
  Write(inbox_ / "c.txt", testing::EncodeAs("在党建工作会议上的讲话\n\n一、加强领导\n（一）压实责任。正文。\n", "GB18030"));
  testing::WriteDocx(inbox_ / "d.docx", testing::WordParagraph("在理论学习中心组会议上的讲话") +
                                            testing::WordParagraph("") +
                                            testing::WordParagraph("同志们：") +
                                            testing::WordParagraph("一、提高政治站位", "1") +
                                            testing::WordParagraph("（一）学深悟透", "2") +
                                            testing::WordParagraph("正文。"));
  Write(inbox_ / "notes.md", "ignored");

  ASSERT_TRUE(Import({inbox_})) << diags_.Format();
  ASSERT_EQ(report_.rows.size(), 4u);
  fs::path out = site_ / "content/speeches";
  EXPECT_EQ(report_.rows[0].output, "content/speeches/zai-quan-zhen-dong-yuan-hui-shang-de-jiang-hua.md");
  EXPECT_EQ(report_.rows[2].encoding, "GB18030");
  EXPECT_EQ(report_.rows[3].headings, 2);

  std::string a = Read(out / "zai-quan-zhen-dong-yuan-hui-shang-de-jiang-hua.md");
  EXPECT_NE(a.find("title: \"在全镇动员会上的讲话\"\n"), std::string::npos) << a;
  EXPECT_NE(a.find("source: \"a.txt\"\n"), std::string::npos);
  EXPECT_NE(a.find("---\n\n同志们：\n\n## 一、提高认识\n\n正文。\n"), std::string::npos) << a;

  std::string b = Read(out / "zai-shu-zhi-ping-yi-da-hui-shang-de-jiang-hua.md");
  EXPECT_NE(b.find("date: 2021-03-05\n"), std::string::npos) << b;
  EXPECT_NE(b.find("\n谢谢大家！\n"), std::string::npos) << b;

  std::string c = Read(out / "zai-dang-jian-gong-zuo-hui-yi-shang-de-jiang-hua.md");
  EXPECT_NE(c.find("## 一、加强领导\n\n### （一）压实责任\n\n正文。\n"), std::string::npos) << c;

  std::string d = Read(out / "zai-li-lun-xue-xi-zhong-xin-zu-hui-yi-shang-de-jiang-hua.md");
  EXPECT_NE(d.find("---\n\n同志们：\n\n## 一、提高政治站位\n\n### （一）学深悟透\n\n正文。\n"), std::string::npos)
      << d;

  std::string table = FormatImportTable(report_);
  EXPECT_NE(table.find("在全镇动员会上的讲话"), std::string::npos) << table;
}

TEST_F(ImportIntoSiteTest, ImportsGb18030AndBomTextExactlyAsUtf8) {
  const std::string speech =
      "在全镇党建工作会议上的讲话\n"
      "——在X镇2022年度工作会议上\n"
      "\n"
      "同志们：\n"
      "一、提高认识\n"
      "（一）加强学习。要学“三会一课”，发展党员**人。\n"
      "1．抓好落实。一是强化责任，二是细化措施。\n"
      "谢谢大家！\n";
  const std::string want =
      "---\n"
      "title: \"在全镇党建工作会议上的讲话\"\n"
      "date: 2022-01-01\n"
      "occasion: \"在X镇2022年度工作会议上\"\n"
      "tags: [\"三会一课\"]\n"
      "source: \"speech.txt\"\n"
      "draft: true  # placeholders left from a template (portal import's warnings): fill them, then remove this line\n"
      "---\n"
      "\n"
      "同志们：\n"
      "\n"
      "## 一、提高认识\n"
      "\n"
      "### （一）加强学习\n"
      "\n"
      "要学“三会一课”，发展党员\\*\\*人。\n"
      "\n"
      "#### 1.抓好落实\n"
      "\n"
      "一是强化责任，二是细化措施。\n"
      "\n"
      "谢谢大家！\n";
  const fs::path page = site_ / "content/speeches/zai-quan-zhen-dang-jian-gong-zuo-hui-yi-shang-de-jiang-hua.md";
  for (const auto& [encoding, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"UTF-8", speech},
           {"UTF-8 (BOM)", "\xEF\xBB\xBF" + speech},
           {"GB18030", testing::EncodeAs(speech, "GB18030")}}) {
    fs::remove(page);
    Write(inbox_ / encoding / "speech.txt", bytes);
    int warnings_before = diags_.warning_count();
    ASSERT_TRUE(Import({inbox_ / encoding / "speech.txt"})) << encoding << "\n" << diags_.Format();
    EXPECT_EQ(report_.rows[0].encoding, encoding);
    EXPECT_EQ(Read(page), want) << encoding;
    EXPECT_EQ(diags_.warning_count() - warnings_before, 2) << encoding << "\n" << diags_.Format();  // X镇 at 2, **人 at 6
  }
  // The table says where the date came from and that the page waits as a draft.
  std::string table = FormatImportTable(report_);
  EXPECT_NE(table.find("zai-quan-zhen-dang-jian-gong-zuo-hui-yi-shang-de-jiang-hua.md (draft)"), std::string::npos) << table;
  EXPECT_NE(table.find("2022-01-01"), std::string::npos) << table;
  EXPECT_EQ(table.find("file date"), std::string::npos) << table;
}

// A page without placeholders is published as imported; one whose text
// names no date gets the file's, and the table says so.
TEST_F(ImportIntoSiteTest, CleanPagesArePublishedAndFileDatesFlagged) {
  Write(inbox_ / "a.txt", "在动员会上的讲话\n\n同志们：\n正文。\n");
  ASSERT_TRUE(Import({inbox_ / "a.txt"})) << diags_.Format();
  std::string page = Read(site_ / "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua.md");
  EXPECT_EQ(page.find("draft:"), std::string::npos) << page;
  std::string table = FormatImportTable(report_);
  EXPECT_NE(table.find("(file date!)"), std::string::npos) << table;
  EXPECT_EQ(table.find("(draft)"), std::string::npos) << table;
}

// Another page on the slug moves the speech to slug-2; the same source
// imported again is refused; nothing is ever overwritten.
TEST_F(ImportIntoSiteTest, NeverOverwritesAnExistingPage) {
  Write(inbox_ / "a.txt", "在动员会上的讲话\n\n正文。\n");
  Write(inbox_ / "b.txt", "在动员会上的讲话\n\n另一篇正文。\n");
  fs::path existing = site_ / "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua.md";
  Write(existing, "editor's page");
  ASSERT_TRUE(Import({inbox_ / "a.txt", inbox_ / "b.txt"})) << diags_.Format();
  EXPECT_EQ(Read(existing), "editor's page");
  ASSERT_EQ(report_.rows.size(), 2u);
  EXPECT_EQ(report_.rows[0].output, "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua-2.md");
  EXPECT_EQ(report_.rows[1].output, "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua-3.md");
  std::string second = Read(site_ / "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua-3.md");
  EXPECT_NE(second.find("另一篇正文"), std::string::npos) << second;

  report_ = ImportReport();
  EXPECT_FALSE(Import({inbox_ / "a.txt"}));
  EXPECT_EQ(report_.rows[0].output, "");
  EXPECT_NE(diags_.Format().find("content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua-2.md was imported from a.txt before"),
            std::string::npos)
      << diags_.Format();
  EXPECT_FALSE(fs::exists(site_ / "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua-4.md"));
}

TEST_F(ImportIntoSiteTest, ReportsPlaceholdersAtFileAndLine) {
  Write(inbox_ / "a.txt", "在动员会上的讲话\n\n同志们：\n刚才，XX同志作了部署。\n");
  ASSERT_TRUE(Import({inbox_ / "a.txt"})) << diags_.Format();
  EXPECT_EQ(report_.rows[0].warnings, 1);
  std::string text = diags_.Format();
  EXPECT_NE(text.find((inbox_ / "a.txt").generic_string() + ":4:4: warning: placeholder 'XX同'"), std::string::npos)
      << text;
}

TEST_F(ImportIntoSiteTest, RejectsAnUnknownSectionListingTheKnownOnes) {
  Write(inbox_ / "a.txt", "讲话\n");
  EXPECT_FALSE(Import({inbox_ / "a.txt"}, "speech"));
  std::string text = diags_.Format();
  EXPECT_NE(text.find("unknown section 'speech'; the sections are: speeches, policies"), std::string::npos)
      << text;
  EXPECT_NE(text.find("did you mean 'speeches'?"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(site_ / "content"));
}

TEST_F(ImportIntoSiteTest, ReportsUnreadableInputsAndGoesOn) {
  Write(inbox_ / "bad.txt", "\x81\x20\xFF\xFF");
  Write(inbox_ / "old.doc", "x");
  Write(inbox_ / "good.txt", "在动员会上的讲话\n");
  EXPECT_FALSE(Import({inbox_ / "bad.txt", inbox_ / "old.doc", inbox_ / "missing.txt", inbox_ / "good.txt"}));
  std::string text = diags_.Format();
  EXPECT_NE(text.find("bad.txt: error: the text is neither UTF-8 nor GB18030"), std::string::npos) << text;
  EXPECT_NE(text.find("old.doc: error: old Word"), std::string::npos) << text;
  EXPECT_NE(text.find("missing.txt: error: no such file"), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(site_ / "content/speeches/zai-dong-yuan-hui-shang-de-jiang-hua.md"));
}

TEST(ImportSlug, CutsLongTitlesAtASyllable) {
  std::string slug = ImportSlug("在党的建设工作暨党风廉政建设和反腐败工作会议上的讲话", "x");
  EXPECT_LE(slug.size(), 60u);
  EXPECT_EQ(slug.rfind("zai-dang-de-jian-she", 0), 0u);
  EXPECT_NE(slug.back(), '-');
  EXPECT_EQ(ImportSlug("！！", "speech-2"), "speech-2");
}

}  // namespace
}  // namespace portal::importer
