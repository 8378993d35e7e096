// Hostile bodies must render quickly and without crashing. Each test has a
// generous time budget so a quadratic regression fails loudly.
#include "markdown/hostile_input.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "markdown/markdown.h"

namespace portal {
namespace {

// Bounds are loose (several times the idle time) so a loaded CI machine
// passes; the inputs that are quadratic without defusing take minutes.
double SecondsToRender(const std::string& md, RenderedMarkdown* out = nullptr) {
  auto start = std::chrono::steady_clock::now();
  RenderedMarkdown r = RenderMarkdown(md, MarkdownOptions{});
  if (out) *out = std::move(r);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(HostileMarkdown, SurvivesFiveThousandNestedBlockQuotes) {
  RenderedMarkdown r;
  EXPECT_LT(SecondsToRender(std::string(5000, '>') + " 深处\n", &r), 8.0);
  EXPECT_NE(r.html.find("深处"), std::string::npos);
}

TEST(HostileMarkdown, SurvivesTwoThousandNestedLists) {
  std::string one_line;
  for (int i = 0; i < 2000; ++i) one_line += "- ";
  std::string indented;
  for (int i = 0; i < 2000; ++i) indented += std::string(2 * i, ' ') + "- 项\n";
  RenderedMarkdown r;
  EXPECT_LT(SecondsToRender(one_line + "底\n", &r), 8.0);
  EXPECT_NE(r.html.find("底"), std::string::npos);
  EXPECT_LT(SecondsToRender(indented), 12.0);
}

TEST(HostileMarkdown, RendersTenMegabytesOfText) {
  std::string md;
  while (md.size() < 10'000'000) md += "坚持和加强党的全面领导，*推进*全面从严治党。\n\n";
  RenderedMarkdown r;
  EXPECT_LT(SecondsToRender(md, &r), 20.0);
  EXPECT_GT(r.char_count, 2'500'000);
}

TEST(HostileMarkdown, ReplacesInvalidUtf8AndNulBytes) {
  RenderedMarkdown r;
  const char kBytes[] = "a\xff\xfe b\0c \xe4\xb8\n";
  SecondsToRender(std::string(kBytes, sizeof kBytes - 1), &r);
  EXPECT_NE(r.html.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
  EXPECT_EQ(r.html.find('\0'), std::string::npos);
}

TEST(HostileMarkdown, SurvivesDeepInlineNesting) {
  std::string md(100000, '[');
  md += std::string(50000, '*') + "x" + std::string(50000, '_');
  EXPECT_LT(SecondsToRender(md), 8.0);
}

}  // namespace
}  // namespace portal

namespace portal {
namespace {

TEST(DefuseHostileMarkdown, LeavesOrdinaryTextAlone) {
  std::string md =
      "# 标题\n\n[链接](/a/) ![图](b.png) <?php ?> <![CDATA[x]]>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
  EXPECT_EQ(DefuseHostileMarkdown(md), md);
}

TEST(DefuseHostileMarkdown, EscapesBracketsBeyondTheParagraphBudget) {
  std::string md(500, '[');
  std::string defused = DefuseHostileMarkdown(md);
  EXPECT_EQ(defused.substr(0, 400), std::string(400, '['));
  EXPECT_EQ(defused.substr(400, 4), "\\[\\[");
  EXPECT_EQ(RenderMarkdown(md, {}).plain_text, md);  // the page still shows them all
}

TEST(DefuseHostileMarkdown, ResetsTheBudgetAtBlankLinesAndBulletItems) {
  std::string list;
  for (int i = 0; i < 1000; ++i) list += "- [文件" + std::to_string(i) + "](/f/)\n";
  EXPECT_EQ(DefuseHostileMarkdown(list), list);
  EXPECT_EQ(RenderMarkdown(list, {}).links.size(), 1000u);
}

TEST(DefuseHostileMarkdown, NeverTouchesFencedCode) {
  std::string md = "```\n" + std::string(1000, '[') + "\n```\n";
  EXPECT_EQ(DefuseHostileMarkdown(md), md);
}

TEST(DefuseHostileMarkdown, KeepsLineNumbers) {
  std::string md = std::string(600, '[') + "\n" + std::string(300, '|') + "\n\n![x](y.png)\n";
  std::string defused = DefuseHostileMarkdown(md);
  EXPECT_EQ(std::count(defused.begin(), defused.end(), '\n'), 4);
  EXPECT_EQ(RenderMarkdown(md, {}).images.at(0).line, 4);
}

TEST(HostileMarkdown, KnownQuadraticInputsRenderQuickly) {
  auto repeat = [](std::string_view unit, size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += unit;
    return s;
  };
  EXPECT_LT(SecondsToRender(repeat("![[]()", 200'000)), 8.0);
  EXPECT_LT(SecondsToRender(repeat("a <![CDATA[", 200'000)), 8.0);
  EXPECT_LT(SecondsToRender(repeat("a <? ", 200'000)), 8.0);
  EXPECT_LT(SecondsToRender("a|b\n-|-\n" + repeat(std::string(8000, '|') + "\n", 160'000)), 8.0);
}

}  // namespace
}  // namespace portal
