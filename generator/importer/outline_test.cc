#include "importer/outline.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

OutlineResult Build(std::string_view text) { return BuildOutline(SplitTextLines(text)); }

TEST(BuildOutline, MapsTheThreeMarkerKindsToHeadingLevels) {
  OutlineResult r = Build(
      "一、强化认识\n"
      "（一）提高认识\n"
      "1.抓好学习\n"
      "二、突出重点\n");
  EXPECT_EQ(r.markdown,
            "## 一、强化认识\n\n"
            "### （一）提高认识\n\n"
            "#### 1.抓好学习\n\n"
            "## 二、突出重点\n");
  EXPECT_EQ(r.headings, 4);
  EXPECT_TRUE(r.notes.empty());
}

TEST(BuildOutline, MovesASkippedLevelUpSoHeadingsNeverJump) {
  OutlineResult r = Build(
      "一、强化认识\n"
      "1.党的领导\n"
      "2.基层组织\n"
      "二、打响攻坚战\n"
      "（一）政治建设\n"
      "1.严明纪律\n");
  EXPECT_EQ(r.markdown,
            "## 一、强化认识\n\n"
            "### 1.党的领导\n\n"
            "### 2.基层组织\n\n"
            "## 二、打响攻坚战\n\n"
            "### （一）政治建设\n\n"
            "#### 1.严明纪律\n");
}

TEST(BuildOutline, SplitsTheFirstSentenceOffAsTheHeading) {
  OutlineResult r = Build("（一）提高认识。党的十九大提出了新要求。我们要落实。\n");
  EXPECT_EQ(r.markdown, "## （一）提高认识\n\n党的十九大提出了新要求。我们要落实。\n");
}

TEST(BuildOutline, DoesNotSplitInsideQuotesOrBookTitles) {
  OutlineResult r = Build("1.落实《意见。细则》要求。正文。\n");
  EXPECT_EQ(r.markdown, "## 1.落实《意见。细则》要求\n\n正文。\n");
}

TEST(BuildOutline, KeepsAnOverLongMarkerLineWithoutSentenceEndAsAParagraph) {
  std::string line =
      "一、坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的二十大精神深入落实新时代党的建设总要求"
      "和新时代党的组织路线不断提高党的建设质量";
  OutlineResult r = Build(line + "\n");
  EXPECT_EQ(r.markdown, line + "\n");
  EXPECT_EQ(r.headings, 0);
}

TEST(BuildOutline, LeavesInlineEnumerationsInTheirParagraph) {
  OutlineResult r = Build(
      "一、加强领导\n"
      "一是强化责任。二是细化措施。三是严格考核。\n"
      "一要坚定方向。\n");
  EXPECT_EQ(r.markdown,
            "## 一、加强领导\n\n"
            "一是强化责任。二是细化措施。三是严格考核。\n\n"
            "一要坚定方向。\n");
}

TEST(BuildOutline, AMarkerGoingOnAYiShiListStaysAParagraph) {
  // 一是/二是 paragraphs continued as 三、四、: the writer's list, not the outline.
  OutlineResult r = Build(
      "一、严抓严管\n"
      "二、提高站位\n"
      "三、牢记使命\n"
      "一是加强政治建设。正文。\n"
      "二是强化理论武装。正文。\n"
      "三、深化支部建设。正文。\n"
      "四、加强作风建设。正文。\n");
  EXPECT_EQ(r.headings, 3);
  EXPECT_NE(r.markdown.find("\n三、深化支部建设。正文。\n\n四、加强作风建设。正文。\n"), std::string::npos)
      << r.markdown;
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].line, 6);
}

TEST(BuildOutline, NotesAMarkerOutOfSequence) {
  OutlineResult r = Build("一、第一部分\n三、第三部分\n");
  EXPECT_EQ(r.markdown, "## 一、第一部分\n\n三、第三部分\n");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].line, 2);
  EXPECT_NE(r.notes[0].message.find("out of sequence"), std::string::npos);
}

TEST(BuildOutline, RestartsNumberingUnderEachParent) {
  OutlineResult r = Build("一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n");
  EXPECT_EQ(r.headings, 5);
  EXPECT_TRUE(r.notes.empty());
}

TEST(BuildOutline, TurnsShortConsecutiveItemsEndingInSemicolonsIntoAList) {
  OutlineResult r = Build(
      "重点抓好三项工作：\n"
      "1.加强理论学习；\n"
      "2.严格组织生活；\n"
      "3.强化考核问责。\n");
  EXPECT_EQ(r.markdown,
            "重点抓好三项工作：\n\n"
            "1. 加强理论学习；\n"
            "2. 严格组织生活；\n"
            "3. 强化考核问责。\n");
  EXPECT_EQ(r.headings, 0);
}

TEST(BuildOutline, MapsWordHeadingStylesAndNeverJumps) {
  std::vector<SourceLine> body = {{"强化认识", 1, 1, false}, {"抓好学习", 2, 3, false}, {"正文。", 3, 0, false}};
  EXPECT_EQ(BuildOutline(body).markdown, "## 强化认识\n\n### 抓好学习\n\n正文。\n");
}

TEST(BuildOutline, SplitsAWordHeadingLikeAMarkerLineAndCountsItsNumber) {
  // Heading 1 on 一、 only: the unstyled 二、 after it still continues the outline.
  std::vector<SourceLine> body = {{"一、总体要求", 1, 1, false},
                                  {"（一）提高认识。要认真学习。", 2, 2, false},
                                  {"正文。", 3, 0, false},
                                  {"二、主要任务", 4, 0, false},
                                  {"（一）抓落实", 5, 0, false}};
  OutlineResult r = BuildOutline(body);
  EXPECT_EQ(r.markdown,
            "## 一、总体要求\n\n"
            "### （一）提高认识\n\n"
            "要认真学习。\n\n"
            "正文。\n\n"
            "## 二、主要任务\n\n"
            "### （一）抓落实\n");
  EXPECT_TRUE(r.notes.empty()) << r.notes[0].message;
}

TEST(BuildOutline, NamesTheMarkerBeforeInItsNotes) {
  OutlineResult r = Build("一、甲\n（一）子\n（三）丑\n");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].message.find("(the one before is （一）)"), std::string::npos) << r.notes[0].message;
  r = Build("一是学习。\n二是落实。\n三、考核。\n");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].message.find("(the one before is none)"), std::string::npos) << r.notes[0].message;
}

TEST(BuildOutline, KeepsSalutationAndClosingAsParagraphs) {
  EXPECT_EQ(Build("同志们：\n今天开会。\n谢谢大家！\n").markdown, "同志们：\n\n今天开会。\n\n谢谢大家！\n");
}

TEST(EscapeMarkdown, ShowsPlaceholdersAndMarkupCharactersAsWritten) {
  EXPECT_EQ(EscapeMarkdown("发展党员**人，富强*、美丽*"), "发展党员\\*\\*人，富强\\*、美丽\\*");
  EXPECT_EQ(EscapeMarkdown("2020. 年"), "2020\\. 年");
  EXPECT_EQ(EscapeMarkdown("# 不是标题"), "\\# 不是标题");
  EXPECT_EQ(EscapeMarkdown("<script>"), "\\<script\\>");
}

}  // namespace
}  // namespace portal::importer
