#include "check/placeholders.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

std::vector<std::string> Found(std::string_view line) {
  std::vector<std::string> out;
  for (const PlaceholderHit& h : FindPlaceholders(line)) out.push_back(h.text);
  return out;
}

using V = std::vector<std::string>;

TEST(FindPlaceholders, FindsTemplateLeftovers) {
  EXPECT_EQ(Found("在X镇党委扩大会议上的讲话"), V{"X镇"});
  EXPECT_EQ(Found("XX同志、XXX同志"), (V{"XX", "XXX"}));
  EXPECT_EQ(Found("全镇共有党员**人，其中预备党员*个"), (V{"**人", "*个"}));
  EXPECT_EQ(Found("共**人，其中女党员**人。"), (V{"**人", "**人"}));
  EXPECT_EQ(Found("××村党支部"), V{"××"});
  // "，**坚" cannot close the first run: CommonMark leaves "**人" as text.
  EXPECT_EQ(Found("全镇共有党员**人，**坚持人民至上**。"), V{"**人"});
  EXPECT_EQ(Found("＊＊名同志"), V{"＊＊"});
  EXPECT_EQ(Found("刚才，X、X同志，落实市委《X》和“X”制度"), (V{"X", "X同", "X", "X"}));
}

TEST(FindPlaceholders, FindsEscapedStarsAsPortalImportWritesThem) {
  EXPECT_EQ(Found("截至目前，\\*个新村，选出\\*\\*名同志"), (V{"*个", "**名"}));
  EXPECT_EQ(Found("发展党员\\*\\*人，培养对象\\*\\*人。"), (V{"**人", "**人"}));
  EXPECT_EQ(Found("\\*\\*党支部，建设富强\\*、美丽\\*新局面"), (V{"**党", "*", "*新"}));
  std::vector<PlaceholderHit> hits = FindPlaceholders("共\\*\\*人");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].offset, 3u);  // at the backslash
  // Escaped stars are not emphasis, and an escaped star after a real one closes nothing.
  EXPECT_TRUE(Found("价格\\*\\*100\\*").empty());
  EXPECT_EQ(Found("共*人，其他\\*."), V{"*人"});
}

TEST(FindPlaceholders, LeavesWordsAndEmphasisAlone) {
  EXPECT_TRUE(Found("坚持**人民至上**的理念").empty());
  EXPECT_TRUE(Found("**个人事项**要如实报告").empty());
  EXPECT_TRUE(Found("**重要**人员名单").empty());
  EXPECT_TRUE(Found("尺码XXL，Xi'an，X光检查，iPhone X").empty());
  EXPECT_TRUE(Found("iPhone X，Windows X。").empty());
  EXPECT_TRUE(Found("面积3×4米").empty());
  EXPECT_TRUE(Found("* 列表项").empty());
}

TEST(FindPlaceholders, GivesByteOffsets) {
  std::vector<PlaceholderHit> hits = FindPlaceholders("参加X镇");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].offset, 6u);
}

}  // namespace
}  // namespace portal
