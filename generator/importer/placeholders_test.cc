#include "importer/placeholders.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

std::vector<std::string> Texts(std::string_view line) {
  std::vector<std::string> out;
  for (const Placeholder& p : FindPlaceholders(line)) out.push_back(p.text);
  return out;
}

TEST(FindPlaceholders, FindsTemplateGapsNextToChineseText) {
  EXPECT_EQ(Texts("我们召开X镇2020年党建工作会议"), std::vector<std::string>{"X"});
  EXPECT_EQ(Texts("刚才，XX同志作了部署，XXX村"), (std::vector<std::string>{"XX", "XXX"}));
  EXPECT_EQ(Texts("发展党员**人，*个新村"), (std::vector<std::string>{"**", "*"}));
  EXPECT_EQ(Texts("××乡××村"), (std::vector<std::string>{"××", "××"}));
  EXPECT_EQ(Texts("X、X、X3位同志"), (std::vector<std::string>{"X", "X", "X"}));
}

TEST(FindPlaceholders, GivesCodePointColumnsAndTheNextCharacter) {
  std::vector<Placeholder> found = FindPlaceholders("刚才，XX同志");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].column, 4);
  EXPECT_EQ(found[0].shown, "XX同");
}

TEST(FindPlaceholders, IgnoresLatinWordsAndArithmetic) {
  EXPECT_TRUE(FindPlaceholders("用XML和Xi表示").empty());
  EXPECT_TRUE(FindPlaceholders("面积3×4米").empty());
  EXPECT_TRUE(FindPlaceholders("x轴").empty());
  EXPECT_TRUE(FindPlaceholders("党建工作").empty());
}

}  // namespace
}  // namespace portal::importer
