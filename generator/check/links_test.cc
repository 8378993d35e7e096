#include "check/links.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

std::string Resolve(const std::string& href, std::string* fragment = nullptr, const std::string& prefix = "") {
  std::string path, frag, error;
  if (!ResolveSiteLink("/speeches/a/", href, prefix, &path, &frag, &error)) return error.empty() ? "<external>" : "<" + error + ">";
  if (fragment) *fragment = frag;
  return path;
}

TEST(ResolveSiteLink, ResolvesAbsoluteAndRelativeLinks) {
  EXPECT_EQ(Resolve("/speeches/b/"), "speeches/b/");
  EXPECT_EQ(Resolve("../b/"), "speeches/b/");
  EXPECT_EQ(Resolve("../../policies/c/?x=1"), "policies/c/");
  EXPECT_EQ(Resolve("附件.pdf"), "speeches/a/附件.pdf");
  EXPECT_EQ(Resolve("%E9%99%84%E4%BB%B6.pdf"), "speeches/a/附件.pdf");
  EXPECT_EQ(Resolve("/"), "");
  EXPECT_EQ(Resolve("/portal/speeches/b/", nullptr, "/portal"), "speeches/b/");
  std::string fragment;
  EXPECT_EQ(Resolve("#一提高认识", &fragment), "speeches/a/");
  EXPECT_EQ(fragment, "一提高认识");
}

TEST(ResolveSiteLink, SkipsOtherSitesAndRefusesClimbingOut) {
  EXPECT_EQ(Resolve("https://www.12371.cn/"), "<external>");
  EXPECT_EQ(Resolve("//cdn.example.org/x.js"), "<external>");
  EXPECT_EQ(Resolve("mailto:dangban@example.org"), "<external>");
  EXPECT_EQ(Resolve("../../../etc/passwd"), "<it climbs above the site root>");
  EXPECT_EQ(Resolve("/a%zz"), "<malformed %-escape>");
}

}  // namespace
}  // namespace portal
