#include "base/utf8.h"

#include <gtest/gtest.h>

#include "base/escape.h"

namespace portal {
namespace {

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("党建 ok 𠀀"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE5\x85"), 0u);          // truncated
}

TEST(Utf8, CountsAndTruncatesByCodePoint) {
  EXPECT_EQ(CountCodePoints("两个维护"), 4u);
  EXPECT_EQ(TruncateCodePoints("两个维护", 2), "两个");
  EXPECT_EQ(DisplayWidth("ab两个"), 6);
  int line, col;
  LineColumnAt("a\n两个x", 8, &line, &col);
  EXPECT_EQ(line, 2);
  EXPECT_EQ(col, 3);
  EXPECT_EQ(LineAt("a\r\nb\n", 1), "a");
}

TEST(Escape, HtmlAndUrls) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(SafeUrl("javascript:alert(1)"), "");
  EXPECT_EQ(SafeUrl(" JaVa\tScript:alert(1)"), "");
  EXPECT_EQ(SafeUrl("data:text/html,x"), "");
  EXPECT_EQ(SafeUrl("https://example.org/a?b#c"), "https://example.org/a?b#c");
  EXPECT_EQ(SafeUrl("/speeches/a/"), "/speeches/a/");
  EXPECT_EQ(SafeUrl("a/b:c"), "a/b:c");
  EXPECT_EQ(PercentEncodePath("工作台账.pdf"), "%E5%B7%A5%E4%BD%9C%E5%8F%B0%E8%B4%A6.pdf");
  EXPECT_EQ(StripTags("<p>甲 &amp; <b>乙</b></p>"), "甲 & 乙");
}

}  // namespace
}  // namespace portal

namespace portal {
namespace {
TEST(Escape, JsonForWebHidesMarkupInStrings) {
  EXPECT_EQ(JsonForWeb(R"({"t":"<script>a&b</script>"})"), R"({"t":"\u003cscript\u003ea\u0026b\u003c/script\u003e"})");
}
}  // namespace
}  // namespace portal

namespace portal {
namespace {

TEST(FindAnyOf4, FindsTheFirstOfFourBytesAtAnyOffset) {
  for (size_t at = 0; at < 40; ++at) {
    std::string s(40, 'x');
    s.replace(0, 6, "党建");  // multi-byte text before
    if (at >= 6) s[at] = '|';
    size_t want = at >= 6 ? at : s.size();
    EXPECT_EQ(FindAnyOf4(s, 0, '\\', '|', '[', '<'), want) << at;
  }
  std::string t = "a[b<c";
  EXPECT_EQ(FindAnyOf4(t, 0, '\\', '|', '[', '<'), 1u);
  EXPECT_EQ(FindAnyOf4(t, 2, '\\', '|', '[', '<'), 3u);
  EXPECT_EQ(FindAnyOf4(t, 4, '\\', '|', '[', '<'), t.size());
  EXPECT_EQ(FindAnyOf4(t, 99, '\\', '|', '[', '<'), t.size());
}

}  // namespace
}  // namespace portal
