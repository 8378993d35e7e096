#include "base/diagnostic.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(Diagnostic, FormatsInCompilerStyleWithCaretUnderWideCharacters) {
  Diagnostic d = MakeDiagnostic(Severity::kError, "content/speeches/a.md", "---\ntitle: 讲话\ndate: 2021-02-29\n", 2, 8,
                                "something is wrong", "fix it");
  EXPECT_EQ(FormatDiagnostic(d),
            "content/speeches/a.md:2:8: error: something is wrong\n"
            "  2 | title: 讲话\n"
            "    |        ^\n"
            "  hint: fix it\n");
  d.column = 9;  // after one double-width character the caret moves two cells
  EXPECT_NE(FormatDiagnostic(d).find("    |          ^\n"), std::string::npos) << FormatDiagnostic(d);
}

TEST(Diagnostic, WholeFileMessagesHaveNoPosition) {
  Diagnostic d{Severity::kWarning, "content/x", 0, 0, "symbolic link is not followed", "", ""};
  EXPECT_EQ(FormatDiagnostic(d), "content/x: warning: symbolic link is not followed\n");
}

TEST(Diagnostics, SortsByFileLineAndCountsSeverities) {
  Diagnostics diags;
  diags.Error("b.md", 3, 1, "late");
  diags.Warning("a.md", 9, 1, "warn");
  diags.Error("a.md", 2, 1, "early");
  auto sorted = diags.Sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].message, "early");
  EXPECT_EQ(sorted[2].file, "b.md");
  EXPECT_EQ(diags.error_count(), 2);
  EXPECT_EQ(diags.warning_count(), 1);
}

TEST(ClosestMatch, SuggestsTyposIncludingSwappedLetters) {
  std::vector<std::string> keys = {"title", "subtitle", "pageSize", "baseURL"};
  EXPECT_EQ(ClosestMatch("titel", keys), "title");
  EXPECT_EQ(ClosestMatch("pagesize", keys), "pageSize");
  EXPECT_EQ(ClosestMatch("baseUrl", keys), "baseURL");
  EXPECT_EQ(ClosestMatch("completely", keys), "");
  EXPECT_EQ(EditDistance("两个维护", "两个维户"), 1);
}

}  // namespace
}  // namespace portal
