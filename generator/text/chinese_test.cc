#include "text/chinese.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace portal {
namespace {

TEST(ToPinyin, SeparatesSyllablesWithSpacesAndDropsTones) {
  EXPECT_EQ(ToPinyin("两个维护"), "liang ge wei hu");
  EXPECT_EQ(ToPinyin("党建 2023"), "dang jian 2023");
}

TEST(ToPinyin, SeparatesHanFromAdjacentLatin) {
  EXPECT_EQ(ToPinyin("党建2023Party"), "dang jian 2023party");
}

TEST(ToPinyin, GivesStableOutputForPolyphonicCharacters) {
  std::string first = ToPinyin("重要银行长大");
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first.find_first_not_of("abcdefghijklmnopqrstuvwxyz "), std::string::npos) << first;
  EXPECT_EQ(ToPinyin("重要银行长大"), first);
}

// The memo a build keeps in its cache: what ToPinyin computed is in it, and
// what is added to it is what ToPinyin answers (without asking ICU).
TEST(ToPinyin, TheMemoHoldsWhatWasComputedAndAnswersFromWhatWasAdded) {
  std::string pinyin = ToPinyin("党建引领");
  auto memo = PinyinMemo();
  EXPECT_TRUE(std::is_sorted(memo.begin(), memo.end()));
  EXPECT_NE(std::find(memo.begin(), memo.end(), std::make_pair(std::string("党建引领"), pinyin)), memo.end());
  AddToPinyinMemo({{"测试专用词", "memo answer"}});
  EXPECT_EQ(ToPinyin("测试专用词"), "memo answer");
  EXPECT_NE(std::string(IcuVersion()), "");
}

TEST(ToPinyin, EmptyInputGivesEmptyOutput) { EXPECT_EQ(ToPinyin(""), ""); }

TEST(ToPinyin, SurvivesEmojiAstralHanAndInvalidUtf8) {
  EXPECT_NO_FATAL_FAILURE(ToPinyin("😀𠀀\xff\xfe"));
  EXPECT_NO_FATAL_FAILURE(ToPinyin(std::string("a\0b", 3)));
}

TEST(PinyinInitials, TakesFirstLetterOfEachSyllable) {
  EXPECT_EQ(PinyinInitials("三会一课"), "shyk");
  EXPECT_EQ(PinyinInitials(""), "");
}

TEST(Slugify, JoinsPinyinSyllablesWithDashes) {
  EXPECT_EQ(Slugify("两个维护"), "liang-ge-wei-hu");
  EXPECT_EQ(Slugify("党建 2023 Party"), "dang-jian-2023-party");
}

TEST(Slugify, CollapsesPunctuationAndTrimsDashes) {
  EXPECT_EQ(Slugify("《关于加强党的建设的决定》"), "guan-yu-jia-qiang-dang-de-jian-she-de-jue-ding");
  EXPECT_EQ(Slugify("  Hello, World!  "), "hello-world");
  EXPECT_EQ(Slugify("ＡＢＣ１"), "abc1");
}

TEST(Slugify, ReturnsEmptyWhenNothingUsableIsLeft) {
  EXPECT_EQ(Slugify(""), "");
  EXPECT_EQ(Slugify("。。！！"), "");
  EXPECT_EQ(Slugify("😀"), "");
}

TEST(Slugify, CutsLongSlugsAtADashWithinEightyCharacters) {
  std::string title;
  for (int i = 0; i < 20; ++i) title += "中华人民共和国";
  std::string slug = Slugify(title);
  EXPECT_LE(slug.size(), 80u);
  EXPECT_GT(slug.size(), 60u);
  EXPECT_NE(slug.back(), '-');
  EXPECT_EQ(Slugify(title + "x").substr(0, slug.size()), slug);
  // The cut falls between syllables: the slug is a prefix of the full one
  // followed by '-'.
  std::string full = ToPinyin(title);
  std::replace(full.begin(), full.end(), ' ', '-');
  EXPECT_EQ(full.substr(0, slug.size() + 1), slug + "-");
}

TEST(Slugify, CutsOneHugeWordHard) {
  EXPECT_EQ(Slugify(std::string(200, 'a')), std::string(80, 'a'));
}

TEST(PinyinSortKey, OrdersByPinyin) {
  EXPECT_LT(PinyinSortKey("安全"), PinyinSortKey("北京"));
  EXPECT_LT(PinyinSortKey("北京"), PinyinSortKey("党建"));
  EXPECT_LT(PinyinSortKey("党建"), PinyinSortKey("中国"));
}

TEST(PinyinSortKey, SortsAListOfTitles) {
  std::vector<std::string> titles = {"中国", "党建", "安全", "北京", "两个维护"};
  std::sort(titles.begin(), titles.end(), [](const std::string& a, const std::string& b) {
    return PinyinSortKey(a) < PinyinSortKey(b);
  });
  EXPECT_EQ(titles, (std::vector<std::string>{"安全", "北京", "党建", "两个维护", "中国"}));
}

TEST(PinyinSortKey, HandlesEmptyAndHostileInput) {
  EXPECT_LE(PinyinSortKey(""), PinyinSortKey("a"));
  EXPECT_NO_FATAL_FAILURE(PinyinSortKey("\xff😀𠀀"));
}

TEST(PinyinInitialLetter, UsesPinyinOrLatinLetter) {
  EXPECT_EQ(PinyinInitialLetter("两个维护"), "L");
  EXPECT_EQ(PinyinInitialLetter("abc"), "A");
  EXPECT_EQ(PinyinInitialLetter("Éclat"), "E");
}

TEST(PinyinInitialLetter, GivesHashForDigitsPunctuationAndEmpty) {
  EXPECT_EQ(PinyinInitialLetter("2023年"), "#");
  EXPECT_EQ(PinyinInitialLetter("《决定》"), "#");
  EXPECT_EQ(PinyinInitialLetter(""), "#");
  EXPECT_EQ(PinyinInitialLetter("😀"), "#");
}

TEST(ToSimplified, ConvertsTraditionalCharacters) {
  EXPECT_EQ(ToSimplified("黨風廉政"), "党风廉政");
  EXPECT_EQ(ToSimplified("党风廉政"), "党风廉政");
  EXPECT_EQ(ToSimplified(""), "");
}

TEST(NfkcCaseFold, MapsFullWidthToAsciiLowercase) {
  EXPECT_EQ(NfkcCaseFold("ＡＢＣ１"), "abc1");
  EXPECT_EQ(NfkcCaseFold("Party"), "party");
  EXPECT_EQ(NfkcCaseFold("党建"), "党建");
  EXPECT_EQ(NfkcCaseFold(""), "");
}

TEST(ChineseText, IsSafeToUseFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&results, i] {
      for (int j = 0; j < 50; ++j) {
        results[i] = Slugify("两个维护") + PinyinSortKey("党建") + ToSimplified("黨");
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, results[0]);
}

}  // namespace
}  // namespace portal
