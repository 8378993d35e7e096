#include "importer/import_text.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

const CalendarDate kFileDate{2024, 6, 1};

ImportedDocument Convert(std::string_view text) {
  return ConvertDocument(SplitTextLines(text), "file-name", kFileDate);
}

TEST(ConvertDocument, TurnsAPlainTextSpeechIntoAPage) {
  ImportedDocument doc = Convert(
      "本文系作者原创投稿，仅供学习参考，请勿照搬照抄！\n"
      "为全面建设社会主义现代化国家\n"
      "提供坚强保证\n"
      "\n"
      "——在全镇2021年党建工作会议上的讲话\n"
      "\n"
      "同志们：\n"
      "今天我们召开会议，开展“党建质量提升年”活动。\n"
      "一、提高认识\n"
      "1.党的领导。“党建质量提升年”要见实效。\n"
      "2.基层组织。一是强化责任，二是细化措施。\n"
      "二、狠抓落实\n"
      "谢谢大家！\n");
  EXPECT_EQ(doc.title, "为全面建设社会主义现代化国家提供坚强保证");
  EXPECT_EQ(doc.occasion, "在全镇2021年党建工作会议上的讲话");
  EXPECT_EQ(doc.date.Iso(), "2021-01-01");
  EXPECT_EQ(doc.tags, std::vector<std::string>{"党建质量提升年"});
  EXPECT_EQ(doc.headings, 4);
  EXPECT_TRUE(doc.warnings.empty());
  EXPECT_EQ(RenderPage(doc, "speech.txt"),
            "---\n"
            "title: \"为全面建设社会主义现代化国家提供坚强保证\"\n"
            "date: 2021-01-01\n"
            "occasion: \"在全镇2021年党建工作会议上的讲话\"\n"
            "tags: [\"党建质量提升年\"]\n"
            "source: \"speech.txt\"\n"
            "---\n"
            "\n"
            "同志们：\n"
            "\n"
            "今天我们召开会议，开展“党建质量提升年”活动。\n"
            "\n"
            "## 一、提高认识\n"
            "\n"
            "### 1.党的领导\n"
            "\n"
            "“党建质量提升年”要见实效。\n"
            "\n"
            "### 2.基层组织\n"
            "\n"
            "一是强化责任，二是细化措施。\n"
            "\n"
            "## 二、狠抓落实\n"
            "\n"
            "谢谢大家！\n");
}

TEST(ConvertDocument, UsesTheFileDateWhenTheTextHasNone) {
  ImportedDocument doc = Convert("在动员会上的讲话\n\n同志们：\n今天开会。\n");
  EXPECT_EQ(doc.date.Iso(), "2024-06-01");
  EXPECT_EQ(doc.date_rule, "file date");
  EXPECT_EQ(RenderPage(doc, "a.txt").find("occasion"), std::string::npos);
  EXPECT_EQ(RenderPage(doc, "a.txt").find("tags"), std::string::npos);
}

TEST(ConvertDocument, TakesTheDateOfTheSignatureLineAtTheEnd) {
  ImportedDocument doc = Convert(
      "在2020年工作会议上的讲话\n\n同志们：\n2019年1月13日，全会召开。\n谢谢大家！\n\n中共某某镇委员会\n2021年3月5日\n");
  EXPECT_EQ(doc.date.Iso(), "2021-03-05");
  EXPECT_EQ(doc.date_rule, "date in header");
  // A date inside a paragraph dates an event, not the speech.
  doc = Convert("在工作会议上的讲话\n\n同志们：\n2019年1月13日，全会召开。\n谢谢大家！\n");
  EXPECT_EQ(doc.date.Iso(), "2019-01-01");
}

TEST(ConvertDocument, WarnsAboutPlaceholdersAtTheirInputLine) {
  ImportedDocument doc = Convert(
      "讲话\n"
      "——在X镇会议上的讲话\n"
      "同志们：\n"
      "刚才，XX同志作了部署，发展党员**人，*个新村。\n");
  ASSERT_EQ(doc.warnings.size(), 2u);
  EXPECT_EQ(doc.warnings[0].line, 2);
  EXPECT_EQ(doc.warnings[0].message, "placeholder 'X镇' left from a template");
  EXPECT_EQ(doc.warnings[1].line, 4);
  EXPECT_EQ(doc.warnings[1].column, 4);
  EXPECT_EQ(doc.warnings[1].message, "3 placeholders 'XX同', '**人', '*个' left from a template");
  // Kept in the text, escaped so they show as written.
  EXPECT_NE(doc.body.find("发展党员\\*\\*人，\\*个新村"), std::string::npos) << doc.body;
}

TEST(ConvertDocument, FallsBackToTheFileNameWithAWarning) {
  ImportedDocument doc = Convert("同志们：\n今天开会。\n");
  EXPECT_EQ(doc.title, "file-name");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.body.find("同志们："), std::string::npos);
}

TEST(RenderPage, QuotesTitlesForYaml) {
  ImportedDocument doc;
  doc.title = "标题: \"引号\"";
  doc.date = {2021, 3, 5};
  EXPECT_NE(RenderPage(doc, "a.txt").find("title: \"标题: \\\"引号\\\"\"\n"), std::string::npos);
}

}  // namespace
}  // namespace portal::importer
