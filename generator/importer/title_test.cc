#include "importer/title.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

DocumentHeader Header(std::string_view text) { return ExtractHeader(SplitTextLines(text)); }

TEST(ExtractHeader, TakesTheFirstLineAsTitle) {
  DocumentHeader h = Header("在全镇动员会上的讲话\n\n同志们：\n今天开会。\n");
  EXPECT_EQ(h.title, "在全镇动员会上的讲话");
  EXPECT_EQ(h.body_start, 2u);
}

TEST(ExtractHeader, JoinsATitleBrokenOverTwoLines) {
  DocumentHeader h = Header("在党的建设工作暨党风廉政建设和\n反腐败工作会议上的讲话\n\n同志们：\n");
  EXPECT_EQ(h.title, "在党的建设工作暨党风廉政建设和反腐败工作会议上的讲话");
  EXPECT_EQ(h.body_start, 3u);
}

TEST(ExtractHeader, StopsTheTitleAtTheSalutationWithoutABlankLine) {
  DocumentHeader h = Header("在党建工作会议上的\n讲话\n同志们：\n今天开会。\n");
  EXPECT_EQ(h.title, "在党建工作会议上的讲话");
  EXPECT_EQ(h.body_start, 2u);
}

TEST(ExtractHeader, DoesNotJoinABodyLineAfterACompleteTitle) {
  DocumentHeader h = Header("在动员会上的讲话\n张三\n同志们：\n");
  EXPECT_EQ(h.title, "在动员会上的讲话");
  EXPECT_EQ(h.body_start, 1u);
}

TEST(ExtractHeader, SkipsANoticeLineAboveTheTitle) {
  DocumentHeader h = Header("本文系作者原创投稿，仅供学习参考，请勿照搬照抄！\n在党建会议上的讲话\n\n同志们：\n");
  EXPECT_EQ(h.title, "在党建会议上的讲话");
  EXPECT_EQ(h.body_start, 3u);
  EXPECT_EQ(Header("来源：某某网\n标题\n").title, "标题");
}

TEST(ExtractHeader, TakesTheDashSubtitleAsOccasion) {
  DocumentHeader h = Header(
      "紧密结合乡镇工作实际\n为确保疫情防控取得全面胜利\n提供坚强保证\n\n"
      "——在X镇2020年党建工作会议上的讲话\n\n同志们：\n");
  EXPECT_EQ(h.title, "紧密结合乡镇工作实际为确保疫情防控取得全面胜利提供坚强保证");
  EXPECT_EQ(h.occasion, "在X镇2020年党建工作会议上的讲话");
  EXPECT_EQ(h.body_start, 6u);
}

TEST(ExtractHeader, TakesADateLineUnderTheTitle) {
  DocumentHeader h = Header("在动员会上的讲话\n（2021年3月5日）\n同志们：\n");
  EXPECT_EQ(h.date_text, "（2021年3月5日）");
  EXPECT_EQ(h.body_start, 2u);
}

TEST(ExtractHeader, FindsNoTitleWhenTheFirstLineIsBodyText) {
  DocumentHeader h = Header("同志们：\n今天开会。\n");
  EXPECT_EQ(h.title, "");
  EXPECT_EQ(h.body_start, 0u);
  EXPECT_EQ(Header("今天我们召开会议，主要任务是学习贯彻会议精神。\n").title, "");
}

TEST(IsSalutation, KnowsTheUsualForms) {
  EXPECT_TRUE(IsSalutation("同志们："));
  EXPECT_TRUE(IsSalutation("各位代表、同志们："));
  EXPECT_TRUE(IsSalutation("同志们、朋友们:"));
  EXPECT_FALSE(IsSalutation("同志们，今天开会。"));
}

}  // namespace
}  // namespace portal::importer
