#include "content/date.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

DateTime MustParse(std::string_view text, int offset = 480) {
  DateTime d;
  std::string error;
  EXPECT_TRUE(ParseDate(text, offset, &d, &error)) << text << ": " << error;
  return d;
}

std::string ErrorOf(std::string_view text) {
  DateTime d;
  std::string error;
  EXPECT_FALSE(ParseDate(text, 480, &d, &error)) << text;
  return error;
}

TEST(ParseDate, AcceptsEveryDocumentedFormat) {
  EXPECT_EQ(MustParse("2020-03-05").Iso8601(), "2020-03-05T00:00:00+08:00");
  EXPECT_EQ(MustParse("2020-03-05T09:30:00+08:00").Iso8601(), "2020-03-05T09:30:00+08:00");
  EXPECT_EQ(MustParse("2020-03-05 09:30").Iso8601(), "2020-03-05T09:30:00+08:00");
  EXPECT_EQ(MustParse("2020-03-05T09:30:00Z").Iso8601(), "2020-03-05T09:30:00+00:00");
  EXPECT_EQ(MustParse("2020/3/5").Iso8601(), "2020-03-05T00:00:00+08:00");
  EXPECT_EQ(MustParse("2020.3.5").Iso8601(), "2020-03-05T00:00:00+08:00");
  EXPECT_EQ(MustParse("2020年3月5日").Iso8601(), "2020-03-05T00:00:00+08:00");
}

TEST(ParseDate, AcceptsCommonVariants) {
  EXPECT_EQ(MustParse("２０２０年３月５日").IsoDate(), "2020-03-05");  // full-width digits from an IME
  EXPECT_EQ(MustParse("2020年03月05号").IsoDate(), "2020-03-05");
  EXPECT_EQ(MustParse("2020-3-5").IsoDate(), "2020-03-05");
  EXPECT_EQ(MustParse("  2020-03-05  ").IsoDate(), "2020-03-05");
  EXPECT_EQ(MustParse("2020-03-05T09:30:00.123+0800").Iso8601(), "2020-03-05T09:30:00+08:00");
  EXPECT_EQ(MustParse("2020-03-05 09:30:15 -05:00").Iso8601(), "2020-03-05T09:30:15-05:00");
  EXPECT_EQ(MustParse("2020年3月5日 09:30").Iso8601(), "2020-03-05T09:30:00+08:00");
  EXPECT_EQ(MustParse("2024-02-29").IsoDate(), "2024-02-29");
  EXPECT_EQ(MustParse("2000-02-29").IsoDate(), "2000-02-29");
}

TEST(ParseDate, UsesTheDefaultOffsetOnlyWithoutOne) {
  EXPECT_EQ(MustParse("2020-03-05", 60).offset_minutes, 60);
  EXPECT_EQ(MustParse("2020-03-05T01:00:00+02:00", 60).offset_minutes, 120);
  EXPECT_FALSE(MustParse("2020-03-05").has_time);
  EXPECT_TRUE(MustParse("2020-03-05 09:30").has_time);
}

TEST(ParseDate, ExplainsImpossibleDatesInPlainWords) {
  EXPECT_EQ(ErrorOf("2021-02-29"), "2021-02-29 is not a date: February 2021 has 28 days");
  EXPECT_EQ(ErrorOf("1900-02-29"), "1900-02-29 is not a date: February 1900 has 28 days");
  EXPECT_EQ(ErrorOf("2020-04-31"), "2020-04-31 is not a date: April 2020 has 30 days");
  EXPECT_EQ(ErrorOf("2020-13-01"), "2020-13-01 is not a date: there is no month 13");
  EXPECT_EQ(ErrorOf("2020-00-01"), "2020-00-01 is not a date: there is no month 0");
  EXPECT_EQ(ErrorOf("2020-01-00"), "2020-01-00 is not a date: there is no day 0");
  EXPECT_EQ(ErrorOf("1850-01-01"), "1850-01-01 is not a plausible date: the year must be between 1900 and 2200");
  EXPECT_EQ(ErrorOf("2020-03-05 24:00"), "2020-03-05 24:00 is not a time: the hour must be 0 to 23");
  EXPECT_EQ(ErrorOf("2020-03-05 09:60"), "2020-03-05 09:60 is not a time: the minutes must be 0 to 59");
  EXPECT_EQ(ErrorOf("2020-03-05T09:30:00+25:00"), "2020-03-05T09:30:00+25:00 has an impossible UTC offset");
}

TEST(ParseDate, RejectsUnknownFormats) {
  EXPECT_EQ(ErrorOf(""), "the date is empty");
  EXPECT_EQ(ErrorOf("3/5/2020"), "'3/5/2020' is not a date in a known format");
  EXPECT_EQ(ErrorOf("March 5, 2020"), "'March 5, 2020' is not a date in a known format");
  EXPECT_EQ(ErrorOf("2020-03/05"), "'2020-03/05' is not a date in a known format");
  EXPECT_EQ(ErrorOf("2020-03-05abc"), "'2020-03-05abc' is not a date: unexpected 'abc' after the date");
  EXPECT_EQ(ErrorOf("2020-03-05 9:30pm"), "'2020-03-05 9:30pm' is not a date: unexpected 'pm' after the time");
  EXPECT_EQ(ErrorOf("2020-03-05 noon"),
            "'2020-03-05 noon' has a time I cannot read: 'noon' (write it as 09:30 or 09:30:00)");
  EXPECT_EQ(ErrorOf("2020年3月5"), "'2020年3月5' is not a date in a known format");
}

TEST(DateTime, FormatsForFeedsAndPages) {
  DateTime d = MustParse("2020-03-05T09:30:00+08:00");
  EXPECT_EQ(d.Rfc822(), "Thu, 05 Mar 2020 09:30:00 +0800");
  EXPECT_EQ(d.Chinese(), "2020年3月5日");
  EXPECT_EQ(d.IsoDate(), "2020-03-05");
  EXPECT_EQ(MustParse("2024-12-31 23:59 -03:30").Rfc822(), "Tue, 31 Dec 2024 23:59:00 -0330");
  EXPECT_EQ(MustParse("1969-12-31T12:00:00Z").Rfc822(), "Wed, 31 Dec 1969 12:00:00 +0000");
}

TEST(DateTime, EpochSecondsHonorsTheOffset) {
  EXPECT_EQ(MustParse("1970-01-01T08:00:00+08:00").EpochSeconds(), 0);
  EXPECT_EQ(MustParse("2020-03-05T01:30:00Z").EpochSeconds(), 1583371800);
  EXPECT_EQ(MustParse("2020-03-05T09:30:00+08:00").EpochSeconds(), 1583371800);
  EXPECT_LT(MustParse("2020-03-05").EpochSeconds(), MustParse("2020-03-05 00:01").EpochSeconds());
}

TEST(TimeZoneOffsetMinutes, UsesIcu) {
  bool known = false;
  EXPECT_EQ(TimeZoneOffsetMinutes("Asia/Shanghai", 1583371800, &known), 480);
  EXPECT_TRUE(known);
  EXPECT_EQ(TimeZoneOffsetMinutes("UTC", 1583371800, &known), 0);
  // New York: EST (-5h) in January, EDT (-4h) in July.
  EXPECT_EQ(TimeZoneOffsetMinutes("America/New_York", 1578000000), -300);
  EXPECT_EQ(TimeZoneOffsetMinutes("America/New_York", 1594000000), -240);
  EXPECT_EQ(TimeZoneOffsetMinutes("Mars/Olympus", 0, &known), 480);
  EXPECT_FALSE(known);
}

}  // namespace
}  // namespace portal
