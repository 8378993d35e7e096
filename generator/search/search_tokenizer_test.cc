#include "search/search_tokenizer.h"

#include <gtest/gtest.h>

#include "search/search_fold.h"

namespace portal::search {
namespace {

// Units as text: ideographs joined to the previous one get no space before.
std::string Show(const std::vector<Unit>& units) {
  std::string out;
  for (const Unit& u : units) {
    if (!out.empty() && !u.joins_previous) out += ' ';
    out += u.cjk ? Utf8(u.cjk) : "[" + u.word + "]";
  }
  return out;
}

TEST(SearchTokenizer, FoldsTraditionalToSimplified) {
  EXPECT_EQ(Show(Tokenize("黨風廉政建設")), "党风廉政建设");
}

TEST(SearchTokenizer, FoldsFullWidthAndCase) {
  EXPECT_EQ(Show(Tokenize("ＡＢＣ１２３ Party")), "[abc123] [party]");
  EXPECT_EQ(Show(Tokenize("①")), "[1]");
}

TEST(SearchTokenizer, CutsMixedChineseAndEnglish) {
  EXPECT_EQ(Show(Tokenize("学习贯彻2023年GDP增长")), "学习贯彻 [2023] 年 [gdp] 增长");
}

TEST(SearchTokenizer, PunctuationBreaksRuns) {
  std::vector<Unit> u = Tokenize("三会，一课");
  ASSERT_EQ(u.size(), 4u);
  EXPECT_FALSE(u[2].joins_previous);
  EXPECT_EQ(Show(u), "三会 一课");
}

TEST(SearchTokenizer, AstralIdeographsAreUnits) {
  EXPECT_EQ(Show(Tokenize("𠀀党𠀁")), "𠀀党𠀁");
}

TEST(SearchTokenizer, EmojiIsAWordOfItsOwn) {
  EXPECT_EQ(Show(Tokenize("点赞👍很好")), "点赞 [👍] 很好");
  // The variation selector after an emoji is dropped, not glued to it.
  EXPECT_EQ(Show(Tokenize("❤️党")), "[❤] 党");
}

TEST(SearchTokenizer, OneCharacterTextIsOneUnit) {
  std::vector<Unit> u = Tokenize("党");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].cjk, U'党');
  EXPECT_TRUE(Tokenize("，。！").empty());
}

TEST(SearchTokenizer, CompatibilityIdeographsFoldToUnified) {
  // U+F900 is a compatibility form of 豈.
  EXPECT_EQ(Show(Tokenize("\uF900")), Show(Tokenize("豈")));
}

TEST(SearchTokenizer, DecomposedAccentsMatchComposed) {
  EXPECT_EQ(Show(Tokenize("cafe\u0301")), "[café]");
}

TEST(SearchTokenizer, LongWordsAreCut) {
  std::string w(100, 'x');
  std::vector<Unit> u = Tokenize(w + " y");
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].word.size(), kMaxWordLength);
}

TEST(SearchFold, TablesAgreeWithIcuForEveryBmpCodePoint) {
  // The tables take shortcuts (ICU's property data, the transliterator's
  // source set); they must give what asking ICU for every step gives.
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::u32string fast;
    FoldCodePoint(c, &fast);
    ASSERT_EQ(fast, FoldWithIcu(c)) << "U+" << std::hex << static_cast<uint32_t>(c);
  }
  for (char32_t c : {U'𠀀', U'\U0002F800', U'\U0002A6D6'}) {
    std::u32string fast;
    FoldCodePoint(c, &fast);
    EXPECT_EQ(fast, FoldWithIcu(c));
  }
}

TEST(SearchTokenizer, TextThatIsNotNfcIsCutAsItsNfc) {
  EXPECT_EQ(Show(Tokenize("e\u0301t\u00e9 三会")), Show(Tokenize("\u00e9t\u00e9 三会")));
  EXPECT_EQ(Show(Tokenize("a\xff" "b党")), Show(Tokenize("a\uFFFDb党")));  // invalid UTF-8 is U+FFFD
}

TEST(SearchFold, SimplificationTableOnlyKeepsWantedTargets) {
  auto table = SimplificationTable([](char32_t c) { return c == U'党' || c == U'风'; });
  ASSERT_FALSE(table.empty());
  bool has_dang = false;
  for (auto [from, to] : table) {
    EXPECT_TRUE(to == U'党' || to == U'风');
    has_dang |= from == U'黨' && to == U'党';
  }
  EXPECT_TRUE(has_dang);
}

}  // namespace
}  // namespace portal::search
