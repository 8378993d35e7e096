#include "importer/docx_reader.h"

#include <gtest/gtest.h>

#include "importer/import_testing.h"

namespace portal::importer {
namespace {

const std::string kNs = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::vector<SourceLine> Parse(const std::string& body, const std::string& styles = "") {
  std::vector<SourceLine> lines;
  std::string error;
  EXPECT_TRUE(ParseWordXml("<w:document " + kNs + "><w:body>" + body + "</w:body></w:document>", styles,
                           &lines, &error))
      << error;
  return lines;
}

TEST(ParseWordXml, JoinsRunsAndNumbersParagraphs) {
  std::vector<SourceLine> lines = Parse(
      "<w:p><w:r><w:t>同志</w:t></w:r><w:r><w:t>们：</w:t></w:r></w:p>"
      "<w:p/>"
      "<w:p><w:r><w:t>正文</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "同志们：");
  EXPECT_EQ(lines[1].text, "");
  EXPECT_EQ(lines[2].text, "正文");
  EXPECT_EQ(lines[3].text, "第二行");
  EXPECT_EQ(lines[3].line, 3);
}

TEST(ParseWordXml, LeavesDeletedTextOut) {
  std::vector<SourceLine> lines =
      Parse("<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>");
  EXPECT_EQ(lines[0].text, "保留");
}

TEST(ParseWordXml, MapsHeadingStylesByNameIdOrOutlineLevel) {
  std::string styles = "<w:styles " + kNs +
                       "><w:style w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>"
                       "<w:style w:styleId=\"myh\"><w:name w:val=\"我的标题\"/><w:basedOn w:val=\"1\"/></w:style>"
                       "<w:style w:styleId=\"a5\"><w:name w:val=\"标题 2\"/></w:style></w:styles>";
  std::vector<SourceLine> lines = Parse(
      testing::WordParagraph("甲", "1") + testing::WordParagraph("乙", "myh") +
          testing::WordParagraph("丙", "a5") + testing::WordParagraph("丁", "Heading3") +
          "<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>戊</w:t></w:r></w:p>" +
          testing::WordParagraph("己", "a3") + testing::WordParagraph("庚"),
      styles);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].heading_level, 1);
  EXPECT_EQ(lines[1].heading_level, 1);
  EXPECT_EQ(lines[2].heading_level, 2);
  EXPECT_EQ(lines[3].heading_level, 3);
  EXPECT_EQ(lines[4].heading_level, 2);
  EXPECT_EQ(lines[5].heading_level, 0);
  EXPECT_EQ(lines[6].heading_level, 0);
}

TEST(ParseWordXml, ReportsMalformedXml) {
  std::vector<SourceLine> lines;
  std::string error;
  EXPECT_FALSE(ParseWordXml("<w:document><w:body>", "", &lines, &error));
  EXPECT_NE(error.find("document.xml"), std::string::npos);
}

TEST(ReadDocx, ReadsAZipMadeByTheTest) {
  std::filesystem::path dir = testing::MakeTempDir("docx");
  testing::WriteDocx(dir / "a.docx", testing::WordParagraph("讲话", "a3") +
                                         testing::WordParagraph("一、提高认识", "1") +
                                         testing::WordParagraph("正文。"));
  std::vector<SourceLine> lines;
  std::string error;
  ASSERT_TRUE(ReadDocx(dir / "a.docx", &lines, &error)) << error;
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].title_style);
  EXPECT_EQ(lines[1].heading_level, 1);
  EXPECT_EQ(lines[2].text, "正文。");
  std::filesystem::remove_all(dir);
}

TEST(ReadDocx, ExplainsAFileThatIsNotAZip) {
  std::filesystem::path dir = testing::MakeTempDir("notzip");
  FILE* f = std::fopen((dir / "a.docx").c_str(), "w");
  std::fputs("not a zip", f);
  std::fclose(f);
  std::vector<SourceLine> lines;
  std::string error;
  EXPECT_FALSE(ReadDocx(dir / "a.docx", &lines, &error));
  EXPECT_NE(error.find(".docx"), std::string::npos) << error;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace portal::importer
