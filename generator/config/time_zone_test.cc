#include "config/time_zone.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(TimeZone, KnowsIanaIdsOnly) {
  EXPECT_TRUE(IsKnownTimeZone("Asia/Shanghai"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("asia/shanghai"));
  EXPECT_FALSE(IsKnownTimeZone("GMT+8"));
  EXPECT_FALSE(IsKnownTimeZone(""));
}

TEST(TimeZone, HintsTheUsualChoice) {
  EXPECT_EQ(TimeZoneHint("Beijing"), "for China write timeZone: Asia/Shanghai");
  EXPECT_EQ(TimeZoneHint("GMT+8"), "for China write timeZone: Asia/Shanghai");
  EXPECT_EQ(TimeZoneHint("asia/shanghai"), "did you mean 'Asia/Shanghai'?");
  EXPECT_EQ(TimeZoneHint("Europe/Berln"), "did you mean 'Europe/Berlin'?");
  EXPECT_EQ(TimeZoneHint("xyz"), "write an IANA time zone name; for China write timeZone: Asia/Shanghai");
}

}  // namespace
}  // namespace portal
