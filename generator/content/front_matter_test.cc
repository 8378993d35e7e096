#include "content/front_matter.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

const char kDisplay[] = "content/speeches/a.md";

struct Result {
  std::string text;  // split views point into it
  bool ok = false;
  FrontMatter fm;
  SplitSource split;
  std::string diags;
};

// Runs the whole pipeline a page goes through: normalize, split, parse.
void Load(std::string text, Result* r, bool is_index = false) {
  Diagnostics diags;
  r->text = std::move(text);
  r->ok = NormalizeSourceText(&r->text, kDisplay, &diags) && SplitFrontMatter(r->text, kDisplay, &r->split, &diags) &&
          ParseFrontMatter(r->split, r->text, kDisplay, 480, is_index, &r->fm, &diags);
  r->diags = diags.Format();
}

Result Load(std::string text, bool is_index = false) {
  Result r;
  Load(std::move(text), &r, is_index);
  r.split = SplitSource{};  // its views would dangle once r is moved
  return r;
}

const char kSpeech[] =
    "---\n"
    "title: 在全镇党建工作会议上的讲话\n"
    "date: 2020-03-05 09:30\n"
    "lastmod: 2020年3月6日\n"
    "draft: no\n"
    "slug: dangjian-huiyi\n"
    "tags: [党建, 学习]\n"
    "categories: 讲话\n"
    "summary: 全面加强基层党组织建设\n"
    "author: 党政办\n"
    "weight: 3\n"
    "aliases: /old/speech/\n"
    "speaker: 张书记\n"
    "occasion: 全镇党建工作会议\n"
    "organization: 中共东风镇委员会\n"
    "docNumber: 东委发〔2023〕5号\n"
    "source: 东风镇党政办\n"
    "cover: /img/a.jpg\n"
    "meta:\n"
    "  level: 3\n"
    "  ok: true\n"
    "---\n"
    "\n"
    "同志们：\n";

TEST(FrontMatter, ParsesEveryDocumentedKey) {
  Result r;
  Load(kSpeech, &r);
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.diags, "");
  const FrontMatter& fm = r.fm;
  EXPECT_EQ(fm.title, "在全镇党建工作会议上的讲话");
  EXPECT_EQ(fm.date.Iso8601(), "2020-03-05T09:30:00+08:00");
  ASSERT_TRUE(fm.lastmod.has_value());
  EXPECT_EQ(fm.lastmod->IsoDate(), "2020-03-06");
  EXPECT_FALSE(fm.draft);
  EXPECT_EQ(fm.slug, "dangjian-huiyi");
  EXPECT_EQ(fm.tags, (std::vector<std::string>{"党建", "学习"}));
  EXPECT_EQ(fm.categories, (std::vector<std::string>{"讲话"}));
  EXPECT_EQ(fm.summary, "全面加强基层党组织建设");
  EXPECT_EQ(fm.author, "党政办");
  EXPECT_EQ(fm.weight, 3);
  EXPECT_EQ(fm.aliases, (std::vector<std::string>{"/old/speech/"}));
  EXPECT_EQ(fm.speaker, "张书记");
  EXPECT_EQ(fm.occasion, "全镇党建工作会议");
  EXPECT_EQ(fm.organization, "中共东风镇委员会");
  EXPECT_EQ(fm.doc_number, "东委发〔2023〕5号");
  EXPECT_EQ(fm.source, "东风镇党政办");
  // Unknown keys are kept for templates, scalars as text.
  EXPECT_EQ(fm.extra["cover"], "/img/a.jpg");
  EXPECT_EQ(fm.extra["meta"]["level"], "3");
  EXPECT_EQ(fm.extra["meta"]["ok"], "true");
  EXPECT_EQ(r.split.body, "\n同志们：\n");
  EXPECT_EQ(r.split.body_first_line, 23);
}

TEST(FrontMatter, CrlfAndBomGiveTheSameResultAsLf) {
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : std::string(kSpeech)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  Result a, b;
  Load(kSpeech, &a);
  Load(crlf, &b);
  ASSERT_TRUE(b.ok) << b.diags;
  EXPECT_EQ(a.fm.title, b.fm.title);
  EXPECT_EQ(a.fm.date.Iso8601(), b.fm.date.Iso8601());
  EXPECT_EQ(a.fm.extra, b.fm.extra);
  EXPECT_EQ(a.split.body, b.split.body);
  EXPECT_EQ(a.split.body_first_line, b.split.body_first_line);
}

TEST(FrontMatter, TagsAsASingleStringAreAOneItemList) {
  Result r = Load("---\ntitle: a\ndate: 2020-03-05\ntags: 党建\n---\n");
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.fm.tags, (std::vector<std::string>{"党建"}));
}

TEST(FrontMatter, NumbersForTextKeysAreTakenAsText) {
  Result r = Load("---\ntitle: 2023\ndate: 2020-03-05\nauthor: 110\n---\n");
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.fm.title, "2023");
  EXPECT_EQ(r.fm.author, "110");
}

TEST(FrontMatter, KeysMatchWithoutRegardToCase) {
  Result r = Load("---\nTitle: a\nDate: 2020-03-05\ndraft: yes\n---\n");
  ASSERT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.fm.title, "a");
  EXPECT_TRUE(r.fm.draft);
}

TEST(FrontMatter, GoldenImpossibleDate) {
  Result r = Load("---\ntitle: 讲话\ndate: 2021-02-29\n---\n正文\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:3:7: error: 2021-02-29 is not a date: February 2021 has 28 days\n"
            "  3 | date: 2021-02-29\n"
            "    |       ^\n"
            "  hint: write the date as 2020-03-05, 2020-03-05 09:30 or 2020年3月5日\n");
}

TEST(FrontMatter, GoldenTitleAsAList) {
  Result r = Load("---\ntitle:\n  - 讲话\n  - 学习\ndate: 2020-03-05\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:3:3: error: title must be text, not a list\n"
            "  3 |   - 讲话\n"
            "    |   ^\n"
            "  hint: write the text on one line after the colon, e.g. title: 在全镇党建工作会议上的讲话\n");
}

TEST(FrontMatter, GoldenBrokenYamlUnclosedQuote) {
  Result r = Load("---\ntitle: \"在全镇党建工作会议上的讲话\ndate: 2020-03-05\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:2:8: error: invalid YAML: the quote opened here is never closed\n"
            "  2 | title: \"在全镇党建工作会议上的讲话\n"
            "    |        ^\n"
            "  hint: end the value with a matching \" on the same line\n");
}

TEST(FrontMatter, GoldenBrokenYamlBadIndentation) {
  Result r = Load("---\ntitle: 讲话\n  date: 2020-03-05\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:3:3: error: invalid YAML: this line is indented more than the line above\n"
            "  3 |   date: 2020-03-05\n"
            "    |   ^\n"
            "  hint: keys at the same level must start in the same column; remove the extra spaces\n");
}

TEST(FrontMatter, GoldenUnclosedFrontMatter) {
  Result r = Load("---\ntitle: 讲话\ndate: 2020-03-05\n\n同志们：\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:1:1: error: front matter starts with '---' on line 1 but is never closed\n"
            "  1 | ---\n"
            "    | ^\n"
            "  hint: add a line '---' after the last key\n");
}

TEST(FrontMatter, GoldenInvalidUtf8InBody) {
  Result r = Load("---\ntitle: 讲话\ndate: 2020-03-05\n---\n同志们\xFF好\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:5:4: error: invalid UTF-8 (byte 0xFF)\n"
            "  5 | 同志们\xEF\xBF\xBD好\n"
            "    |       ^\n"
            "  hint: save the file as UTF-8\n");
}

TEST(FrontMatter, GbkTextGetsANamedHint) {
  Diagnostics diags;
  std::string text = "title: \xB5\xB3\xBD\xA8\n";  // 党建 in GBK
  EXPECT_FALSE(NormalizeSourceText(&text, kDisplay, &diags));
  EXPECT_EQ(diags.Sorted()[0].column, 8);
  EXPECT_NE(diags.Sorted()[0].hint.find("GBK"), std::string::npos);
}

TEST(FrontMatter, NulByteIsAnError) {
  Diagnostics diags;
  std::string text = std::string("a\nb", 3) + '\0' + "c\n";
  EXPECT_FALSE(NormalizeSourceText(&text, kDisplay, &diags));
  EXPECT_EQ(diags.Format(),
            "content/speeches/a.md:2:2: error: contains a NUL byte\n"
            "  2 | b\xEF\xBF\xBD" "c\n"
            "    |  ^\n"
            "  hint: the file is probably not a text file, or was saved as UTF-16; save it as UTF-8\n");
}

TEST(FrontMatter, MissingTitleAndDateAreReportedTogether) {
  Result r = Load("---\ntitel: 讲话\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.diags,
            "content/speeches/a.md:1: error: front matter has no date\n"
            "  hint: add a line like 'date: 2020-03-05'\n"
            "content/speeches/a.md:1: error: front matter has no title\n"
            "  hint: did you mean 'title'? line 2 has 'titel'\n");
}

TEST(FrontMatter, SectionIndexNeedsNeitherTitleNorDate) {
  Result r = Load("---\ndescription: 各级领导讲话\n---\n", true);
  EXPECT_TRUE(r.ok) << r.diags;
  EXPECT_EQ(r.fm.extra["description"], "各级领导讲话");
  EXPECT_TRUE(Load("---\n---\n", true).ok);
}

TEST(FrontMatter, ReportsAllErrorsInTheBlock) {
  Result r = Load("---\ntitle: [a]\ndate: 2020-02-30\ndraft: maybe\nweight: heavy\ntags: {a: b}\n---\n");
  EXPECT_FALSE(r.ok);
  Diagnostics d;
  std::string text = "---\ntitle: [a]\ndate: 2020-02-30\ndraft: maybe\nweight: heavy\ntags: {a: b}\n---\n";
  SplitSource s;
  ASSERT_TRUE(SplitFrontMatter(text, kDisplay, &s, &d));
  FrontMatter fm;
  EXPECT_FALSE(ParseFrontMatter(s, text, kDisplay, 480, false, &fm, &d));
  EXPECT_EQ(d.error_count(), 5) << d.Format();
}

TEST(FrontMatter, DuplicateKeyIsAnError) {
  Result r = Load("---\ntitle: a\ndate: 2020-03-05\ntitle: b\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.diags.find("content/speeches/a.md:4:1: error: 'title' is set twice (first on line 2)"),
            std::string::npos);
}

TEST(FrontMatter, AnAliasInsideItsOwnAnchorIsAnErrorNotACrash) {
  Result r = Load("---\ntitle: a\ndate: 2020-03-05\nextra: &x [*x]\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.diags.find("content/speeches/a.md:4:8: error: extra nests more than 64 levels deep"),
            std::string::npos)
      << r.diags;
}

TEST(SplitFrontMatter, NoFrontMatterIsNotAnError) {
  Diagnostics diags;
  SplitSource s;
  EXPECT_TRUE(SplitFrontMatter("# 标题\n正文\n", kDisplay, &s, &diags));
  EXPECT_FALSE(s.has_front_matter);
  EXPECT_EQ(s.body, "# 标题\n正文\n");
  EXPECT_EQ(s.body_first_line, 1);
  EXPECT_EQ(diags.error_count(), 0);
}

TEST(SplitFrontMatter, AcceptsDotsAsTheClosingLine) {
  Diagnostics diags;
  SplitSource s;
  EXPECT_TRUE(SplitFrontMatter("---\ntitle: a\n...\nbody", kDisplay, &s, &diags));
  EXPECT_EQ(s.yaml, "title: a\n");
  EXPECT_EQ(s.yaml_first_line, 2);
  EXPECT_EQ(s.body, "body");
  EXPECT_EQ(s.body_first_line, 4);
}

TEST(SplitFrontMatter, TomlIsRejectedWithAHint) {
  Diagnostics diags;
  SplitSource s;
  EXPECT_FALSE(SplitFrontMatter("+++\ntitle = \"a\"\n+++\n", kDisplay, &s, &diags));
  EXPECT_EQ(diags.Format(),
            "content/speeches/a.md:1:1: error: front matter in TOML ('+++') is not supported\n"
            "  1 | +++\n"
            "    | ^\n"
            "  hint: write the front matter as YAML between '---' lines, e.g. '---', 'title: 讲话', '---'\n");
}

TEST(FrontMatter, FullWidthColonGetsAPlainHint) {
  Result r = Load("---\ntitle：讲话\n---\n");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.diags.find("not '：'"), std::string::npos) << r.diags;
}

}  // namespace
}  // namespace portal
