#include "importer/date_guess.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

std::string Guess(std::vector<std::string_view> header, std::vector<std::string_view> body,
                  std::string* rule = nullptr) {
  CalendarDate d;
  std::string r;
  if (!GuessDate(header, body, &d, &r)) return "none";
  if (rule) *rule = r;
  return d.Iso();
}

TEST(FindFullDate, ReadsDigitsAndChineseNumerals) {
  CalendarDate d;
  ASSERT_TRUE(FindFullDate("于2021年3月5日召开", &d));
  EXPECT_EQ(d.Iso(), "2021-03-05");
  ASSERT_TRUE(FindFullDate("（二〇二一年十二月三十一日）", &d));
  EXPECT_EQ(d.Iso(), "2021-12-31");
  ASSERT_TRUE(FindFullDate("２０２２年１０月１日", &d));
  EXPECT_EQ(d.Iso(), "2022-10-01");
  EXPECT_FALSE(FindFullDate("2021年2月30日", &d));
  EXPECT_FALSE(FindFullDate("2021年3月", &d));
  EXPECT_FALSE(FindFullDate("（4048年3月5日）", &d));  // the build would refuse the year (fuzz find)
}

TEST(IsDateOnlyLine, AcceptsABracketedDate) {
  EXPECT_TRUE(IsDateOnlyLine("（2021年3月5日）"));
  EXPECT_TRUE(IsDateOnlyLine("2021年3月5日"));
  EXPECT_FALSE(IsDateOnlyLine("2021年3月5日召开"));
}

TEST(GuessDate, PrefersAFullDateInTheHeader) {
  std::string rule;
  EXPECT_EQ(Guess({"在动员会上的讲话", "", "（2021年3月5日）"}, {"2020年1月13日召开全会"}, &rule), "2021-03-05");
  EXPECT_EQ(rule, "date in header");
}

TEST(GuessDate, TakesAYearInTheHeaderAsJanuaryFirst) {
  EXPECT_EQ(Guess({"在全镇2022年度述职评议大会上的讲话"}, {}), "2022-01-01");
  EXPECT_EQ(Guess({"讲话", "在X镇2020年党建工作会议上的讲话"}, {"2021年"}), "2020-01-01");
}

TEST(GuessDate, FallsBackToTheYearTheBodyNamesMostOften) {
  std::string rule;
  EXPECT_EQ(Guess({"讲话"}, {"2019年成绩显著，2020年任务艰巨。", "2020年1月13日召开全会。"}, &rule),
            "2020-01-01");
  EXPECT_EQ(rule, "year in text");
}

TEST(GuessDate, IgnoresFullDatesInTheBody) {
  // They date the events the speech talks about, and 2020年 still counts as a year.
  EXPECT_EQ(Guess({"讲话"}, {"2020年1月13日，十九届中央纪委四中全会召开。"}), "2020-01-01");
}

TEST(GuessDate, ReturnsFalseWithoutAnyDate) { EXPECT_EQ(Guess({"讲话"}, {"今天开会。"}), "none"); }

TEST(DateInZone, UsesTheSiteTimeZone) {
  // 2021-03-04T20:00:00Z is already March 5 in Shanghai.
  auto t = std::chrono::file_clock::from_sys(
      std::chrono::sys_seconds(std::chrono::seconds(1614888000)));
  EXPECT_EQ(DateInZone(t, "Asia/Shanghai").Iso(), "2021-03-05");
  EXPECT_EQ(DateInZone(t, "UTC").Iso(), "2021-03-04");
}

}  // namespace
}  // namespace portal::importer
