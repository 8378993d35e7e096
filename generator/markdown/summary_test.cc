#include <gtest/gtest.h>

#include "base/utf8.h"
#include "markdown/markdown.h"

namespace portal {
namespace {

TEST(AutoSummary, ReturnsShortTextWhole) {
  EXPECT_EQ(AutoSummary("  学习贯彻。  ", 120), "学习贯彻。");
  EXPECT_EQ(AutoSummary("没有句号", 4), "没有句号");
  EXPECT_EQ(AutoSummary("", 120), "");
}

TEST(AutoSummary, CutsAfterTheLastSentenceEndInsideTheSpan) {
  EXPECT_EQ(AutoSummary("第一句。第二句！第三句很长很长很长", 10), "第一句。第二句！");
  EXPECT_EQ(AutoSummary("Is it? Yes it is. More text here", 10), "Is it?");
}

TEST(AutoSummary, KeepsAClosingQuoteWithItsSentence) {
  EXPECT_EQ(AutoSummary("他说：“要学习。”然后离开了会场", 10), "他说：“要学习。”");
}

TEST(AutoSummary, AddsEllipsisWhenThereIsNoSentenceEnd) {
  EXPECT_EQ(AutoSummary("一二三四五六七八九十", 4), "一二三四……");
}

TEST(AutoSummary, NeverSplitsACharacter) {
  std::string s = AutoSummary("𠀀𠀀𠀀𠀀𠀀😀😀😀", 6);
  EXPECT_EQ(FindInvalidUtf8(s), std::string::npos);
  EXPECT_EQ(s, "𠀀𠀀𠀀𠀀𠀀😀……");
}

TEST(AutoSummary, JoinsLinesWithoutSpacesBetweenChinese) {
  EXPECT_EQ(AutoSummary("第一段\n第二段\nEnglish\ntext", 100), "第一段第二段 English text");
}

TEST(AutoSummary, HandlesNonPositiveLength) { EXPECT_EQ(AutoSummary("文字", 0), ""); }

}  // namespace
}  // namespace portal
