#include "site/page_path.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(PagePath, AsciiNamesAreKeptLowercased) {
  std::string slug, url, error;
  ASSERT_TRUE(PagePath("speeches", {}, "2024-DangJian_Hui", "", &slug, &url, &error));
  EXPECT_EQ(slug, "2024-dangjian_hui");
  EXPECT_EQ(url, "/speeches/2024-dangjian_hui/");
}

TEST(PagePath, ChineseNamesAndFoldersGetPinyin) {
  std::string slug, url, error;
  ASSERT_TRUE(PagePath("speeches", {"二〇二四年"}, "两个维护", "", &slug, &url, &error));
  EXPECT_EQ(slug, "liang-ge-wei-hu");
  EXPECT_EQ(url.rfind("/speeches/", 0), 0u);
  EXPECT_EQ(url.substr(url.size() - 17), "/liang-ge-wei-hu/");
}

TEST(PagePath, ExplicitSlugWins) {
  std::string slug, url, error;
  ASSERT_TRUE(PagePath("cases", {}, "a", "My Case", &slug, &url, &error));
  EXPECT_EQ(slug, "my-case");
  EXPECT_EQ(url, "/cases/my-case/");
}

TEST(PagePath, SlugsThatLeaveTheirFolderAreRefused) {
  std::string slug, url, error;
  for (const char* bad : {"../x", "..", "a/b", "/etc/passwd", "a\\b", "x\ny"}) {
    EXPECT_FALSE(PagePath("cases", {}, "a", bad, &slug, &url, &error)) << bad;
    EXPECT_FALSE(error.empty());
  }
  EXPECT_FALSE(PagePath("cases", {}, "a", std::string(300, 'x'), &slug, &url, &error));
}

TEST(PagePath, NamesWithNothingUsableFallBack) {
  EXPECT_EQ(SegmentSlug("！！！", "page"), "page");
  EXPECT_EQ(SegmentSlug("...hidden", "page"), "hidden");
}

TEST(FindKeyLine, FindsKeysInsideFrontMatterOnly) {
  std::string text = "---\ntitle: x\nslug: ../a\n---\nslug: body\n";
  EXPECT_EQ(FindKeyLine(text, "slug"), 3);
  EXPECT_EQ(FindKeyLine(text, "date"), 0);
  EXPECT_EQ(FindKeyLine("no front matter", "slug"), 0);
}

}  // namespace
}  // namespace portal
