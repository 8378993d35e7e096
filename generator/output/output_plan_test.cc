#include "output/output_plan.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(OutputPlanTest, AcceptsOrdinaryRelativePaths) {
  EXPECT_TRUE(OutputPlan::IsSafePath("index.html"));
  EXPECT_TRUE(OutputPlan::IsSafePath("speeches/a/index.html"));
  EXPECT_TRUE(OutputPlan::IsSafePath("tags/两个维护/index.xml"));
  EXPECT_TRUE(OutputPlan::IsSafePath(".well-known/security.txt"));
  EXPECT_TRUE(OutputPlan::IsSafePath("a/..b/c.."));
  EXPECT_TRUE(OutputPlan::IsSafePath(std::string(255, 'x')));
}

TEST(OutputPlanTest, RejectsUnsafePaths) {
  for (const std::string& path :
       {std::string(""), std::string("/etc/passwd"), std::string("a//b"), std::string("a/"),
        std::string("./a"), std::string("a/./b"), std::string(".."), std::string("../a"),
        std::string("a/../../b"), std::string("a/.."), std::string("a\\b"), std::string("a\tb"),
        std::string("a\nb"), std::string("a\x7f"), std::string("a\0b", 3), std::string(256, 'x'),
        std::string("a/") + std::string(256, 'y'), std::string(4001, 'a')}) {
    EXPECT_FALSE(OutputPlan::IsSafePath(path)) << "path: " << path;
  }
  std::string long_path;
  while (long_path.size() < 4000) long_path += "abcdefghi/";
  EXPECT_FALSE(OutputPlan::IsSafePath(long_path + "x"));
}

TEST(OutputPlanTest, UnsafePathIsAnErrorNamingTheOwner) {
  OutputPlan plan;
  Diagnostics diags;
  EXPECT_FALSE(plan.AddFile("../escape.html", "x", "content/speeches/a.md", &diags));
  EXPECT_FALSE(plan.AddCopy("/abs.png", "/tmp/x.png", "static/abs.png", &diags));
  EXPECT_EQ(plan.size(), 0u);
  ASSERT_EQ(diags.error_count(), 2);
  std::vector<Diagnostic> list = diags.Sorted();
  EXPECT_EQ(list[0].file, "content/speeches/a.md");
  EXPECT_NE(list[0].message.find("../escape.html"), std::string::npos);
  EXPECT_EQ(list[1].file, "static/abs.png");
}

TEST(OutputPlanTest, DuplicatePathNamesBothOwners) {
  OutputPlan plan;
  Diagnostics diags;
  EXPECT_TRUE(plan.AddFile("speeches/a/index.html", "first", "content/speeches/a.md", &diags));
  EXPECT_FALSE(plan.AddFile("speeches/a/index.html", "second", "content/speeches/b.md", &diags));
  ASSERT_EQ(diags.error_count(), 1);
  Diagnostic d = diags.Sorted()[0];
  EXPECT_EQ(d.message,
            "two pages write public/speeches/a/index.html: content/speeches/a.md and content/speeches/b.md");
  EXPECT_EQ(d.hint.rfind("give one of them a different slug:", 0), 0u) << d.hint;
  // The plan is unchanged: the first owner keeps the path.
  ASSERT_NE(plan.Find("speeches/a/index.html"), nullptr);
  EXPECT_EQ(*plan.Find("speeches/a/index.html"), "first");
  EXPECT_EQ(plan.OwnerOf("speeches/a/index.html"), "content/speeches/a.md");
}

TEST(OutputPlanTest, CopyAndFileCannotShareAPath) {
  OutputPlan plan;
  plan.set_display_root("out");
  Diagnostics diags;
  EXPECT_TRUE(plan.AddCopy("css/site.css", "/theme/site.css", "themes/default/static/css/site.css", &diags));
  EXPECT_FALSE(plan.AddFile("css/site.css", "x", "static/css/site.css", &diags));
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_NE(diags.Sorted()[0].message.find("out/css/site.css"), std::string::npos);
  EXPECT_TRUE(plan.Contains("css/site.css"));
  EXPECT_EQ(plan.Find("css/site.css"), nullptr);  // a copy has no bytes in the plan
  EXPECT_EQ(plan.copies().size(), 1u);
}

TEST(OutputPlanTest, PathCannotBeBothFileAndFolder) {
  OutputPlan plan;
  Diagnostics diags;
  EXPECT_TRUE(plan.AddFile("speeches/a", "x", "content/one.md", &diags));
  EXPECT_FALSE(plan.AddFile("speeches/a/index.html", "y", "content/two.md", &diags));
  EXPECT_TRUE(plan.AddFile("news/b/index.html", "z", "content/three.md", &diags));
  EXPECT_FALSE(plan.AddFile("news/b", "w", "content/four.md", &diags));
  EXPECT_TRUE(plan.AddFile("news/bb", "v", "content/five.md", &diags));
  EXPECT_EQ(diags.error_count(), 2);
  EXPECT_EQ(plan.size(), 3u);
}

}  // namespace
}  // namespace portal
