#include "importer/outline_marker.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

OutlineMarker Parse(std::string_view line) {
  OutlineMarker m;
  ParseOutlineMarker(line, &m);
  return m;
}

TEST(ParseOutlineMarker, ReadsTheThreeKindsOfNumbering) {
  EXPECT_EQ(Parse("一、强化认识").kind, MarkerKind::kChapter);
  EXPECT_EQ(Parse("十二、加强领导").number, 12);
  EXPECT_EQ(Parse("（三）细化落实").kind, MarkerKind::kSection);
  EXPECT_EQ(Parse("(二)以作风建设").number, 2);
  EXPECT_EQ(Parse("(二)以作风建设").canonical, "（二）");
  EXPECT_EQ(Parse("3.强化考核").kind, MarkerKind::kItem);
  EXPECT_EQ(Parse("3．强化考核").canonical, "3.");
  EXPECT_EQ(Parse("10、强化考核").number, 10);
}

TEST(ParseOutlineMarker, RejectsNumbersThatAreNotMarkers) {
  OutlineMarker m;
  EXPECT_FALSE(ParseOutlineMarker("1.5万元用于", &m));
  EXPECT_FALSE(ParseOutlineMarker("2020.3.5召开", &m));
  EXPECT_FALSE(ParseOutlineMarker("一是强化党建统领", &m));
  EXPECT_FALSE(ParseOutlineMarker("一、", &m));
  EXPECT_FALSE(ParseOutlineMarker("十分重要", &m));
}

TEST(LeadingEnumeration, ReadsYiShiAndYiYao) {
  EXPECT_EQ(LeadingEnumeration("一是强化党建统领。"), 1);
  EXPECT_EQ(LeadingEnumeration("三要严肃党内生活。"), 3);
  EXPECT_EQ(LeadingEnumeration("一、强化认识"), 0);
  EXPECT_EQ(LeadingEnumeration("同志们"), 0);
}

TEST(ChineseNumbers, RoundTrip) {
  for (int n = 1; n < 100; ++n) EXPECT_EQ(ParseChineseNumber(ChineseNumber(n)), n) << n;
  EXPECT_EQ(ParseChineseNumber("十"), 10);
  EXPECT_EQ(ParseChineseNumber("二十三"), 23);
  EXPECT_EQ(ParseChineseNumber("二三"), 0);
}

}  // namespace
}  // namespace portal::importer
