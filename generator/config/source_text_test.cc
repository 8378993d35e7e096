#include "config/source_text.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(NormalizeText, StripsBomAndFoldsLineEndings) {
  Diagnostics diags;
  std::string text = "\xEF\xBB\xBF" "a\r\nb\rc\n";
  EXPECT_TRUE(NormalizeText(&text, "x.md", &diags));
  EXPECT_EQ(text, "a\nb\nc\n");
  EXPECT_EQ(diags.error_count(), 0);
}

TEST(NormalizeText, ReportsInvalidUtf8WithAPrintableLine) {
  Diagnostics diags;
  std::string text = "first\r\n党\xC0\x80建\n";  // an overlong NUL after CRLF
  EXPECT_FALSE(NormalizeText(&text, "x.md", &diags));
  EXPECT_EQ(diags.Format(),
            "x.md:2:2: error: invalid UTF-8 (byte 0xC0)\n"
            "  2 | 党\xEF\xBF\xBD\xEF\xBF\xBD建\n"
            "    |   ^\n"
            "  hint: save the file as UTF-8\n");
}

TEST(NormalizeText, InvalidByteAtTheStartOfTheText) {
  Diagnostics diags;
  std::string text = "\xFF";
  EXPECT_FALSE(NormalizeText(&text, "x.md", &diags));
  EXPECT_EQ(diags.Sorted()[0].line, 1);
  EXPECT_EQ(diags.Sorted()[0].column, 1);
}

}  // namespace
}  // namespace portal
