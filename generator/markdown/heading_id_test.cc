#include <gtest/gtest.h>

#include "markdown/heading_anchors.h"
#include "markdown/markdown.h"

namespace portal {
namespace {

TEST(HeadingId, KeepsChineseAndDropsPunctuation) {
  EXPECT_EQ(HeadingId("一、提高政治站位"), "一提高政治站位");
  EXPECT_EQ(HeadingId("（二）加强学习"), "二加强学习");
  EXPECT_EQ(HeadingId("1. 总体要求"), "1-总体要求");
  EXPECT_EQ(HeadingId("“两个维护”的重大意义"), "两个维护的重大意义");
}

TEST(HeadingId, LowercasesAsciiAndTurnsSpacesIntoSingleDashes) {
  EXPECT_EQ(HeadingId("Hello, World!"), "hello-world");
  EXPECT_EQ(HeadingId("  A  --  B  "), "a-b");
  EXPECT_EQ(HeadingId("snake_case"), "snake_case");
  EXPECT_EQ(HeadingId("党建　工作"), "党建-工作");  // ideographic space
}

TEST(HeadingId, NeverReturnsEmpty) {
  EXPECT_EQ(HeadingId(""), "section");
  EXPECT_EQ(HeadingId("！？。"), "section");
  EXPECT_EQ(HeadingId("😀"), "section");
  EXPECT_EQ(HeadingId("\xff\xfe"), "section");
}

TEST(HeadingId, NeverContainsWhitespace) {
  std::string id = HeadingId("a \t b\n c\xe3\x80\x80 d");
  EXPECT_EQ(id.find_first_of(" \t\n"), std::string::npos);
  EXPECT_EQ(id, "a-b-c-d");
}

TEST(UniqueIds, SuffixesRepeatsAndAvoidsEarlierSuffixedIds) {
  UniqueIds ids;
  EXPECT_EQ(ids.Claim("a"), "a");
  EXPECT_EQ(ids.Claim("a-1"), "a-1");
  EXPECT_EQ(ids.Claim("a"), "a-2");
  EXPECT_EQ(ids.Claim("a"), "a-3");
  EXPECT_EQ(ids.Claim("a-2"), "a-2-1");
}

TEST(UniqueIds, StaysFastForManyEqualHeadings) {
  UniqueIds ids;
  std::string last;
  for (int i = 0; i < 100000; ++i) last = ids.Claim("section");
  EXPECT_EQ(last, "section-99999");
}

}  // namespace
}  // namespace portal
