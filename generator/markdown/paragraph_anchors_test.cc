#include "markdown/paragraph_anchors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "markdown/plain_text.h"
#include "markdown/raw_html.h"

namespace portal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RenderedMarkdown Render(const std::string& md) { return RenderMarkdown(md, MarkdownOptions{}); }

std::vector<std::string> Ids(const RenderedMarkdown& r) {
  std::vector<std::string> ids;
  for (const TextBlock& b : r.blocks) ids.push_back(b.id);
  return ids;
}

TEST(ParagraphAnchors, EveryParagraphGetsAHashId) {
  RenderedMarkdown r = Render("## 一、提高认识\n\n坚持“三会一课”。\n\n落实责任。\n");
  std::string id = ParagraphId("坚持“三会一课”。");
  EXPECT_THAT(id, ::testing::MatchesRegex("p-[0-9a-f]{6}"));
  EXPECT_THAT(r.html, HasSubstr("<p id=\"" + id + "\">坚持“三会一课”。</p>"));
  ASSERT_EQ(r.blocks.size(), 3u);
  EXPECT_EQ(r.blocks[0].id, "一提高认识");
  EXPECT_EQ(r.blocks[0].heading_level, 2);
  EXPECT_EQ(r.blocks[1].id, id);
  EXPECT_EQ(r.BlockText(r.blocks[1]), "坚持“三会一课”。");
  EXPECT_TRUE(r.display_text.empty());  // the same text as plain_text: not stored twice
}

TEST(ParagraphAnchors, BlockSpansHoldWhatEachBlockAloneWouldGive) {
  const char* md =
      "# 标题 **加粗**\n\n第一段\n接着一行，  \n硬换行后。![图](a.png) \n\n> 引用里的段落。\n>\n> - 列表项一\n> - 列表项二\n\n"
      "| 甲 | 乙 |\n|---|---|\n| 一 | `代码` |\n\n```\ncode\n```\n\n---\n\n<div>原始</div>\n\n末段[^1]。\n\n[^1]: 注。\n";
  CmarkTree tree(md);
  EscapeRawHtml(tree.root());
  std::vector<TextSpan> spans;
  std::string text = PlainTextWithSpans(tree.root(), &spans);
  EXPECT_EQ(text, PlainText(tree.root()));
  ASSERT_GE(spans.size(), 8u);
  for (const TextSpan& s : spans) {
    EXPECT_EQ(text.substr(s.begin, s.end - s.begin), PlainText(s.node));
  }
  // Raw HTML shown as text: the blocks slice a text of their own.
  RenderedMarkdown r = Render("<b>粗</b>体\n\n段落。\n");
  EXPECT_FALSE(r.display_text.empty());
  EXPECT_EQ(r.BlockText(r.blocks[0]), "<b>粗</b>体");
  EXPECT_EQ(r.BlockText(r.blocks[1]), "段落。");
}

TEST(ParagraphAnchors, IdsDoNotChangeWhenOtherTextChanges) {
  RenderedMarkdown before = Render("第一段。\n\n第二段，引用的段落。\n\n第三段。\n");
  RenderedMarkdown after = Render("新加的一段。\n\n第一段，改过了。\n\n第二段，引用的段落。\n\n## 新标题\n\n第三段。\n");
  EXPECT_EQ(before.blocks[1].id, after.blocks[2].id);
  EXPECT_EQ(before.blocks[2].id, after.blocks[4].id);
  EXPECT_NE(before.blocks[0].id, after.blocks[1].id);  // the edited paragraph itself changes
}

TEST(ParagraphAnchors, WhiteSpaceAndWrappingDoNotMatter) {
  EXPECT_EQ(Render("一段\n文字。\n").blocks[0].id, Render("一段文字。\n").blocks[0].id);
}

TEST(ParagraphAnchors, EqualParagraphsAreNumbered) {
  RenderedMarkdown r = Render("同一段。\n\n同一段。\n\n同一段。\n");
  std::string id = ParagraphId("同一段。");
  EXPECT_EQ(Ids(r), (std::vector<std::string>{id, id + "-1", id + "-2"}));
}

TEST(ParagraphAnchors, TightListItemsPointAtTheParagraphBefore) {
  RenderedMarkdown r = Render("要求如下：\n\n- 甲项\n- 乙项\n");
  ASSERT_EQ(r.blocks.size(), 3u);
  EXPECT_EQ(r.blocks[1].id, "");
  EXPECT_EQ(r.BlockAnchor(1), r.blocks[0].id);
  EXPECT_THAT(r.html, HasSubstr("<li>甲项</li>"));
}

TEST(ParagraphAnchors, SummariesAndFootnotesCarryNoIds) {
  RenderedMarkdown r = Render("摘要一段。\n\n<!--more-->\n\n正文[^1]。\n\n[^1]: 注释。\n");
  EXPECT_EQ(r.summary_html, "<p>摘要一段。</p>\n");
  EXPECT_THAT(r.html, HasSubstr("<p id=\"" + ParagraphId("摘要一段。") + "\">"));
  EXPECT_THAT(r.html, HasSubstr("<p>注释。"));
}

TEST(ParagraphAnchors, CanBeTurnedOff) {
  MarkdownOptions o;
  o.anchor_paragraphs = false;
  RenderedMarkdown r = RenderMarkdown("一段。\n", o);
  EXPECT_EQ(r.html, "<p>一段。</p>\n");
  EXPECT_TRUE(r.blocks.empty());
}

TEST(ParagraphAnchors, RawHtmlParagraphsAreStillEscapedAndAnchored) {
  RenderedMarkdown r = Render("a <b>c</b>\n");
  EXPECT_THAT(r.html, HasSubstr("&lt;b&gt;"));
  EXPECT_THAT(r.html, Not(HasSubstr("<b>")));
}

}  // namespace
}  // namespace portal
