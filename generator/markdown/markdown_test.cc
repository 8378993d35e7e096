#include "markdown/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RenderedMarkdown Render(std::string_view md, bool unsafe_html = false) {
  MarkdownOptions options;
  options.unsafe_html = unsafe_html;
  return RenderMarkdown(md, options);
}

TEST(RenderMarkdown, RendersFootnotes) {
  std::string html = Render("正文[^1]\n\n[^1]: 注释内容\n").html;
  EXPECT_THAT(html, HasSubstr("class=\"footnote-ref\""));
  EXPECT_THAT(html, HasSubstr("注释内容"));
  EXPECT_THAT(html, HasSubstr("<section class=\"footnotes\""));
}

TEST(RenderMarkdown, WrapsTablesInAScrollBox) {
  std::string html = Render("| 项目 | 内容 |\n|---|---|\n| 一 | 二 |\n").html;
  EXPECT_THAT(html, HasSubstr("<div class=\"table-scroll\">\n<table>"));
  EXPECT_THAT(html, HasSubstr("</table>\n</div>"));
  EXPECT_THAT(html, HasSubstr("<td>二</td>"));
}

TEST(RenderMarkdown, RendersTaskListsStrikethroughAndAutolinks) {
  std::string html = Render("- [x] 已完成\n- [ ] 未完成\n\n~~删除~~ 见 https://www.12371.cn\n").html;
  EXPECT_THAT(html, HasSubstr("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> 已完成"));
  EXPECT_THAT(html, HasSubstr("<del>删除</del>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://www.12371.cn\">https://www.12371.cn</a>"));
}

TEST(RenderMarkdown, KeepsChinesePunctuationAsTyped) {
  std::string html = Render("他说：\"学习\"——'坚持'...\n").html;
  EXPECT_THAT(html, HasSubstr("他说：&quot;学习&quot;——'坚持'..."));
}

TEST(RenderMarkdown, EscapesRawHtmlByDefault) {
  RenderedMarkdown r = Render("<script>alert(1)</script>\n\n文字<b>粗</b>\n");
  EXPECT_THAT(r.html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(r.html, HasSubstr("文字&lt;b&gt;粗&lt;/b&gt;"));
  EXPECT_THAT(r.html, Not(HasSubstr("<script>")));
  EXPECT_THAT(r.html, Not(HasSubstr("<b>")));
}

TEST(RenderMarkdown, EscapedHtmlBlockKeepsItsLines) {
  std::string html = Render("<div>\n第一行\n</div>\n").html;
  EXPECT_THAT(html, HasSubstr("\">&lt;div&gt;<br />\n第一行<br />\n&lt;/div&gt;</p>"));  // <p id="p-…">
  EXPECT_THAT(html, HasSubstr("<p id=\"p-"));
}

TEST(RenderMarkdown, PassesRawHtmlWhenAllowedButTagfilterStillApplies) {
  std::string html = Render("<div class=\"note\">提示</div>\n\n<script>x</script>\n", true).html;
  EXPECT_THAT(html, HasSubstr("<div class=\"note\">提示</div>"));
  EXPECT_THAT(html, HasSubstr("&lt;script>"));
}

TEST(RenderMarkdown, NeutralizesScriptUrlsInBothModes) {
  for (bool unsafe : {false, true}) {
    RenderedMarkdown r = Render(
        "[a](javascript:alert(1)) [b](JavaScript:x) <vbscript:x> ![c](data:text/html,x) "
        "![d](data:image/png;base64,AAAA) [e](https://ok.cn)\n",
        unsafe);
    EXPECT_THAT(r.html, Not(HasSubstr("javascript")));
    EXPECT_THAT(r.html, Not(HasSubstr("JavaScript")));
    EXPECT_THAT(r.html, Not(HasSubstr("href=\"vbscript")));
    EXPECT_THAT(r.html, Not(HasSubstr("data:text")));
    EXPECT_THAT(r.html, HasSubstr("<a href=\"\">a</a>"));
    EXPECT_THAT(r.html, HasSubstr("src=\"data:image/png;base64,AAAA\""));
    EXPECT_THAT(r.html, HasSubstr("href=\"https://ok.cn\""));
  }
}

TEST(RenderMarkdown, NeutralizesEntityEncodedScriptUrls) {
  std::string html = Render("[a](jav&#x61;script:alert(1))\n").html;
  EXPECT_THAT(html, HasSubstr("<a href=\"\">a</a>"));
}

TEST(RenderMarkdown, AnchorsHeadingsWithIds) {
  std::string html = Render("## 一、提高政治站位\n").html;
  EXPECT_THAT(html, HasSubstr("<h2 id=\"一提高政治站位\">一、提高政治站位"
                              "<a class=\"anchor\" href=\"#一提高政治站位\" "
                              "aria-label=\"本节链接\">#</a></h2>"));
}

TEST(RenderMarkdown, KeepsInlineMarkupInsideHeadings) {
  std::string html = Render("### 学习 *重点* `代码`\n").html;
  EXPECT_THAT(html, HasSubstr("<h3 id=\"学习-重点-代码\">学习 <em>重点</em> <code>代码</code><a"));
}

TEST(RenderMarkdown, GivesDuplicateHeadingsDistinctIds) {
  RenderedMarkdown r = Render("## 学习\n\n## 学习\n\n## 学习-1\n\n## 学习\n");
  ASSERT_EQ(r.headings.size(), 4u);
  EXPECT_EQ(r.headings[0].id, "学习");
  EXPECT_EQ(r.headings[1].id, "学习-1");
  EXPECT_EQ(r.headings[2].id, "学习-1-1");
  EXPECT_EQ(r.headings[3].id, "学习-2");
  EXPECT_THAT(r.html, HasSubstr("<h2 id=\"学习-1-1\">"));
}

TEST(RenderMarkdown, ListsAllHeadingsButOnlyLevelsTwoToFourInToc) {
  RenderedMarkdown r = Render(
      "# 标题\n\n## （二）加强学习\n\n### Hello, World!\n\n#### 1. 总体要求\n\n##### 细则\n\n"
      "设置\n---\n");
  ASSERT_EQ(r.headings.size(), 6u);
  EXPECT_EQ(r.headings[0].level, 1);
  EXPECT_EQ(r.headings[1].id, "二加强学习");
  EXPECT_EQ(r.headings[2].id, "hello-world");
  EXPECT_EQ(r.headings[3].id, "1-总体要求");
  EXPECT_EQ(r.headings[3].text, "1. 总体要求");
  EXPECT_EQ(r.headings[5].level, 2);  // setext
  ASSERT_EQ(r.toc.size(), 4u);
  EXPECT_EQ(r.toc[0].text, "（二）加强学习");
  EXPECT_EQ(r.toc[3].text, "设置");
}

TEST(RenderMarkdown, HeadingTextLeavesOutRawHtmlTags) {
  RenderedMarkdown r = Render("## 重要<span>通知</span>\n");
  EXPECT_EQ(r.headings[0].text, "重要通知");
  EXPECT_THAT(r.html, HasSubstr("重要&lt;span&gt;通知&lt;/span&gt;<a"));
}

TEST(RenderMarkdown, CollectsImagesAndLinksWithLines) {
  RenderedMarkdown r = Render("第一行\n\n![会议 *现场*](/img/a.jpg) 和 [链接](/a/)\n\n见 www.gov.cn\n");
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0].src, "/img/a.jpg");
  EXPECT_EQ(r.images[0].alt, "会议 现场");
  EXPECT_EQ(r.images[0].line, 3);
  ASSERT_EQ(r.links.size(), 2u);
  EXPECT_EQ(r.links[0].href, "/a/");
  EXPECT_EQ(r.links[0].line, 3);
  EXPECT_EQ(r.links[1].href, "http://www.gov.cn");
  EXPECT_EQ(r.links[1].line, 5);
  EXPECT_THAT(r.html, HasSubstr("<img loading=\"lazy\" src=\"/img/a.jpg\" alt=\"会议 现场\" />"));
}

TEST(RenderMarkdown, PlainTextJoinsBlocksWithNewlines) {
  RenderedMarkdown r = Render(
      "## 标题\n\n第一段第一行\n第一段第二行\nand English\nwords\n\n```\ncode()\n```\n\n"
      "脚注[^n]\n\n![图](a.png)\n\n[^n]: 说明\n");
  EXPECT_EQ(r.plain_text, "标题\n第一段第一行第一段第二行 and English words\ncode()\n脚注\n说明");
}

TEST(RenderMarkdown, SummaryComesFromMoreMarker) {
  RenderedMarkdown r = Render("第一段。\n\n**第二段**。\n\n<!--more-->\n\n第三段。\n");
  EXPECT_TRUE(r.summary_from_more);
  EXPECT_EQ(r.summary_html, "<p>第一段。</p>\n<p><strong>第二段</strong>。</p>\n");
  EXPECT_EQ(r.summary_text, "第一段。第二段。");
  EXPECT_THAT(r.html, HasSubstr("第三段"));
  EXPECT_THAT(r.html, Not(HasSubstr("more")));
}

TEST(RenderMarkdown, SummaryComesFromInlineMoreMarker) {
  RenderedMarkdown r = Render("摘要部分<!-- more -->正文部分。\n\n后文\n");
  EXPECT_TRUE(r.summary_from_more);
  EXPECT_EQ(r.summary_html, "<p>摘要部分</p>\n");
  EXPECT_EQ(r.summary_text, "摘要部分");
  EXPECT_THAT(r.html, HasSubstr("\">摘要部分正文部分。</p>"));  // <p id="p-…">
}

TEST(RenderMarkdown, MoreMarkerIsRemovedInUnsafeModeToo) {
  RenderedMarkdown r = Render("前文\n\n<!--more-->\n\n后文\n", true);
  EXPECT_TRUE(r.summary_from_more);
  EXPECT_THAT(r.html, Not(HasSubstr("<!--more-->")));
  EXPECT_EQ(r.summary_html, "<p>前文</p>\n");
}

TEST(RenderMarkdown, AutomaticSummaryCutsAtSentenceEnd) {
  MarkdownOptions options;
  options.summary_length = 12;
  RenderedMarkdown r = RenderMarkdown("坚持党的领导。加强理论学习！深入基层调研。\n", options);
  EXPECT_FALSE(r.summary_from_more);
  EXPECT_EQ(r.summary_text, "坚持党的领导。");
  EXPECT_EQ(r.summary_html, "<p>坚持党的领导。</p>");
}

TEST(RenderMarkdown, AutomaticSummaryFallsBackToEllipsis) {
  MarkdownOptions options;
  options.summary_length = 5;
  RenderedMarkdown r = RenderMarkdown("坚持党的全面领导\n", options);
  EXPECT_EQ(r.summary_text, "坚持党的全……");
}

TEST(RenderMarkdown, AutomaticSummaryIsEscaped) {
  RenderedMarkdown r = Render("a < b & c\n");
  EXPECT_EQ(r.summary_html, "<p>a &lt; b &amp; c</p>");
}

TEST(RenderMarkdown, EmptyInputGivesEmptyPage) {
  RenderedMarkdown r = Render("");
  EXPECT_EQ(r.html, "");
  EXPECT_EQ(r.summary_html, "");
  EXPECT_EQ(r.char_count, 0);
  EXPECT_EQ(r.reading_minutes, 1);
}

TEST(RenderMarkdown, CountsCharactersAndReadingTime) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "党建学习教育";  // 600
  for (int i = 0; i < 50; ++i) text += "全面从严治党";   // +300 ... trimmed below
  text = text.substr(0, 800 * 3);                      // 800 ideographs
  RenderedMarkdown r = Render(text + "\n");
  EXPECT_EQ(r.char_count, 800);
  EXPECT_EQ(r.reading_minutes, 2);
  EXPECT_EQ(Render("Two words and 2023 党建\n").char_count, 6);
  // Ideographs of every UTF-8 lead byte (丁 U+4E01, 㐀 U+3400, 〇 U+3007,
  // 鿿 U+9FFF), full-width letters as one word, punctuation as nothing.
  EXPECT_EQ(Render("丁中文，ＡＢ１２ 〇 㐀 鿿 word。\n").char_count, 8);
}

}  // namespace
}  // namespace portal

namespace portal {
namespace {

TEST(RenderMarkdown, MoreMarkerInsideTableCellCutsThere) {
  RenderedMarkdown r = RenderMarkdown("| a | b |\n|---|---|\n| x<!--more--> | y |\n\n后\n", {});
  EXPECT_TRUE(r.summary_from_more);
  EXPECT_THAT(r.summary_html, ::testing::HasSubstr("<td>x</td>"));
  EXPECT_THAT(r.summary_html, ::testing::Not(::testing::HasSubstr("后")));
  EXPECT_EQ(r.summary_text, "a b x");
}

TEST(RenderMarkdown, MoreMarkerInsideHeadingIsOnlyRemoved) {
  RenderedMarkdown r = RenderMarkdown("## 标题<!--more-->\n\n正文\n", {});
  EXPECT_FALSE(r.summary_from_more);
  EXPECT_EQ(r.headings.at(0).id, "标题");
}

TEST(RenderMarkdown, SummaryDropsFootnoteReferences) {
  RenderedMarkdown r = RenderMarkdown("前文[^1]\n\n<!--more-->\n\n后[^1]\n\n[^1]: 注\n", {});
  EXPECT_EQ(r.summary_html, "<p>前文</p>\n");
  EXPECT_THAT(r.html, ::testing::HasSubstr("href=\"#fn-1\""));
}

TEST(RenderMarkdown, RendersPagesConcurrently) {
  // Pages with and without inline extensions (strikethrough, autolinks)
  // at once: cmark-gfm's global special-character table must not let one
  // parse change another's result.
  const std::string with = "## 标题\n\n| a |\n|---|\n| ~~b~~ |\n\n正文[^1] www.example.cn\n\n[^1]: 注\n";
  const std::string without = "## 标题\n\n| a | w:x |\n|---|---|\n| b | 9:30 |\n\n正文 new word\n";
  const std::string want_with = RenderMarkdown(with, {}).html, want_without = RenderMarkdown(without, {}).html;
  ASSERT_NE(want_with.find("<del>b</del>"), std::string::npos) << want_with;
  ASSERT_NE(want_with.find("href=\"http://www.example.cn\""), std::string::npos) << want_with;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 300; ++j) {
        bool w = (i + j) % 2 == 0;
        if (RenderMarkdown(w ? with : without, {}).html != (w ? want_with : want_without)) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace portal
