#include "config/yaml_reader.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

// Parses `text` as a whole file and returns the formatted diagnostics.
std::string ParseErrors(const std::string& text) {
  Diagnostics diags;
  YamlReader reader(text, "a.yaml", 1, &diags);
  YAML::Node root;
  bool ok = reader.Parse(text, &root);
  EXPECT_EQ(ok, diags.error_count() == 0);
  return diags.Format();
}

TEST(YamlReaderParse, ValueWithColonSuggestsQuotes) {
  EXPECT_EQ(ParseErrors("a: 1\ntitle: 学习: 体会\n"),
            "a.yaml:2:10: error: invalid YAML: the value contains ': '\n"
            "  2 | title: 学习: 体会\n"
            "    |            ^\n"
            "  hint: put the value in quotes, e.g. title: \"学习: 体会\"\n");
}

TEST(YamlReaderParse, BracketAtValueStartSuggestsQuotes) {
  EXPECT_EQ(ParseErrors("title: [重要] 通知\n"),
            "a.yaml:1:8: error: invalid YAML: text after '[...' needs quotes\n"
            "  1 | title: [重要] 通知\n"
            "    |        ^\n"
            "  hint: a value that starts with [ or { must be quoted, e.g. title: \"[重要] 通知\"\n");
}

TEST(YamlReaderParse, FullWidthColonIsNamed) {
  EXPECT_EQ(ParseErrors("a: 1\ntitle：讲话\nb: 2\n"),
            "a.yaml:2:6: error: invalid YAML: a key is followed by the full-width colon '：'\n"
            "  2 | title：讲话\n"
            "    |      ^\n"
            "  hint: after a key write an ASCII colon ':' and a space, e.g. title: 讲话\n");
}

TEST(YamlReaderParse, TabIndentationIsNamed) {
  std::string out = ParseErrors("a:\n\t- x\n");
  EXPECT_NE(out.find("a.yaml:2:1: error: invalid YAML: this line is indented with a tab"), std::string::npos) << out;
  EXPECT_NE(out.find("hint: indent with spaces, not tabs"), std::string::npos);
}

TEST(YamlReaderParse, UnclosedFlowListAndBadEscape) {
  EXPECT_NE(ParseErrors("a: [1, 2\nb: 3\n").find("close '[' with ']'"), std::string::npos);
  EXPECT_NE(ParseErrors("a: \"C:\\q\"\n").find("write a backslash as \\\\"), std::string::npos);
  EXPECT_NE(ParseErrors("a: @x\n").find("must be put in quotes"), std::string::npos);
}

TEST(YamlReaderParse, UnclosedQuoteAtEndIsCaughtEvenWhenYamlCppAcceptsIt) {
  std::string out = ParseErrors("a: 1\nb: 'x\nc: 2\n");
  EXPECT_NE(out.find("a.yaml:2:4: error: invalid YAML: the quote opened here is never closed"), std::string::npos)
      << out;
}

TEST(YamlReaderParse, LegalQuotesAreNotFlagged) {
  EXPECT_EQ(ParseErrors("a: \"one\n  two\"\nb: 'it''s'\nc: \"say \\\"hi\\\"\"\nd: it's\n"), "");
  EXPECT_EQ(ParseErrors("summary: |\n  \"引号开头的一段\n  第二行\nb: 1\n"), "");
  EXPECT_EQ(ParseErrors("list:\n  - \"a\"\n  - 'b'\n"), "");
}

class YamlReaderReads : public ::testing::Test {
 protected:
  void Load(const std::string& text) {
    text_ = text;
    reader_ = std::make_unique<YamlReader>(text_, "a.yaml", 1, &diags_);
    ASSERT_TRUE(reader_->Parse(text_, &root_));
  }
  YAML::Node Key(const std::string& name) {
    for (const auto& kv : root_) {
      if (kv.first.Scalar() == name) return kv.first;
    }
    return YAML::Node();
  }
  std::string text_;
  Diagnostics diags_;
  std::unique_ptr<YamlReader> reader_;
  YAML::Node root_;
};

TEST_F(YamlReaderReads, EmptyValuesKeepDefaultsAndPointAtTheKey) {
  Load("a:\nb: x\n");
  std::string s = "default";
  EXPECT_TRUE(reader_->ReadString(Key("a"), root_["a"], "a", "x", &s));
  EXPECT_EQ(s, "default");
  EXPECT_EQ(YamlReader::ValueMark(Key("a"), root_["a"]).line, 0);
}

TEST_F(YamlReaderReads, ListItemsMustBeText) {
  Load("tags:\n  - a\n  - [b]\n");
  std::vector<std::string> tags = {"keep"};
  EXPECT_FALSE(reader_->ReadStringList(Key("tags"), root_["tags"], "tags", "[a, b]", &tags));
  EXPECT_EQ(tags, (std::vector<std::string>{"keep"}));
  EXPECT_EQ(diags_.Format(),
            "a.yaml:3:5: error: each item of tags must be text, not a list\n"
            "  3 |   - [b]\n"
            "    |     ^\n"
            "  hint: write a list, e.g. tags: [a, b]\n");
  EXPECT_EQ(reader_->error_count(), 1);
}

TEST_F(YamlReaderReads, IntsAndBools) {
  Load("n: 12\nbig: 99999999999\nneg: -3\nb: yes\nf: 1.5\n");
  int n = 0;
  EXPECT_TRUE(reader_->ReadInt(Key("n"), root_["n"], "n", 1, "1", &n));
  EXPECT_EQ(n, 12);
  EXPECT_FALSE(reader_->ReadInt(Key("big"), root_["big"], "big", 1, "1", &n));
  EXPECT_FALSE(reader_->ReadInt(Key("neg"), root_["neg"], "neg", 1, "1", &n));
  EXPECT_FALSE(reader_->ReadInt(Key("f"), root_["f"], "f", 1, "1", &n));
  bool b = false;
  EXPECT_TRUE(reader_->ReadBool(Key("b"), root_["b"], "b", &b));
  EXPECT_TRUE(b);
  EXPECT_EQ(n, 12);
  EXPECT_EQ(reader_->error_count(), 3);
}

TEST_F(YamlReaderReads, UnknownAndDuplicateKeys) {
  Load("length: 1\nfulltext: true\nlength: 2\n");
  reader_->CheckKeys(root_, {"length", "fullText"}, "feed");
  EXPECT_EQ(diags_.Format(),
            "a.yaml:2:1: warning: unknown key 'fulltext' in feed\n"
            "  2 | fulltext: true\n"
            "    | ^\n"
            "  hint: did you mean 'fullText'?\n"
            "a.yaml:3:1: error: 'length' is set twice in feed (first on line 1)\n"
            "  3 | length: 2\n"
            "    | ^\n"
            "  hint: keep only one of the two lines\n");
}

TEST(YamlToJson, TypedOrAllText) {
  YAML::Node n = YAML::Load("a: true\nb: 12\nc: 1.5\nd: \"12\"\ne: ~\nf: [x, 2]\ng: {h: no}\n");
  nlohmann::json typed, text;
  std::string error;
  ASSERT_TRUE(YamlToJson(n, true, &typed, &error));
  EXPECT_EQ(typed["a"], true);
  EXPECT_EQ(typed["b"], 12);
  EXPECT_EQ(typed["c"], 1.5);
  EXPECT_EQ(typed["d"], "12");
  EXPECT_TRUE(typed["e"].is_null());
  EXPECT_EQ(typed["f"][1], 2);
  EXPECT_EQ(typed["g"]["h"], false);
  ASSERT_TRUE(YamlToJson(n, false, &text, &error));
  EXPECT_EQ(text["a"], "true");
  EXPECT_EQ(text["b"], "12");
  EXPECT_TRUE(text["e"].is_null());
  EXPECT_EQ(text["f"][1], "2");
}

TEST(YamlToJson, AliasesExpandButStayBounded) {
  std::string error;
  nlohmann::json out = "unchanged";
  // An alias to an earlier anchor is its value again.
  ASSERT_TRUE(YamlToJson(YAML::Load("a: &x [1, 2]\nb: *x\n"), false, &out, &error));
  EXPECT_EQ(out["b"], nlohmann::json::array({"1", "2"}));
  // An alias inside its own anchor is a value without end.
  out = "unchanged";
  EXPECT_FALSE(YamlToJson(YAML::Load("a: &x [*x]\n"), false, &out, &error));
  EXPECT_EQ(error, "nests more than 64 levels deep");
  EXPECT_EQ(out, "unchanged");
  EXPECT_FALSE(YamlToJson(YAML::Load("a: &x {b: *x}\n"), true, &out, &error));
  EXPECT_EQ(error, "nests more than 64 levels deep");
  // Aliases of aliases: 10^9 values from a few lines.
  std::string laughs = "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (int i = 1; i < 9; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) laughs += (j ? ", " : "") + prev;
    laughs += "]\n";
  }
  EXPECT_FALSE(YamlToJson(YAML::Load(laughs), false, &out, &error));
  EXPECT_EQ(error, "expands to more than 100000 values");
  // Deep but within the limit is fine.
  std::string deep = std::string(kMaxYamlDepth, '[') + std::string(kMaxYamlDepth, ']');
  EXPECT_TRUE(YamlToJson(YAML::Load(deep), false, &out, &error));
  std::string deeper = std::string(kMaxYamlDepth + 1, '[') + std::string(kMaxYamlDepth + 1, ']');
  EXPECT_FALSE(YamlToJson(YAML::Load(deeper), false, &out, &error));
}

TEST_F(YamlReaderReads, AnEndlessValueIsReportedAtTheValue) {
  Load("title: a\nextra: &x [*x]\n");
  nlohmann::json out;
  EXPECT_FALSE(reader_->ReadJson(Key("extra"), root_["extra"], "extra", false, &out));
  EXPECT_EQ(diags_.Format(),
            "a.yaml:2:8: error: extra nests more than 64 levels deep\n"
            "  2 | extra: &x [*x]\n"
            "    |        ^\n"
            "  hint: write the value out plainly; an alias (*name) repeats its anchor's (&name) whole value, "
            "and one inside its own anchor never ends\n");
}

}  // namespace
}  // namespace portal
