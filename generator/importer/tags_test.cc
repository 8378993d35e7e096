#include "importer/tags.h"

#include <gtest/gtest.h>

namespace portal::importer {
namespace {

TEST(SuggestTags, RanksQuotedTermsByHowOftenTheyAreQuotedThenOccur) {
  std::string text =
      "开展“三会一课”，落实“两个维护”。坚决做到两个维护，“两个维护”是根本。"
      "开展“党建质量提升年”活动，“提升年”要见实效。打造坚强“堡垒”，战斗堡垒，战斗堡垒。";
  EXPECT_EQ(SuggestTags(text),
            (std::vector<std::string>{"两个维护", "堡垒", "提升年", "三会一课", "党建质量提升年"}));
}

TEST(SuggestTags, SkipsPhrasesLongTermsAndPlaceholders) {
  std::string text = "“不忘初心、牢记使命”“属地管理分级负责和谁主管谁负责”“XX工程”“一”“2020”“四风”";
  EXPECT_EQ(SuggestTags(text), std::vector<std::string>{"四风"});
}

TEST(SuggestTags, GivesAtMostFive) {
  EXPECT_EQ(SuggestTags("“甲乙”“丙丁”“戊己”“庚辛”“壬癸”“子丑”").size(), 5u);
}

}  // namespace
}  // namespace portal::importer
