// Markdown to HTML with cmark-gfm, plus what the site needs from a page body:
// heading anchors, table of contents, summary, plain text, length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

struct MarkdownOptions {
  bool unsafe_html = false;  // false: raw HTML is escaped (shown as text)
  int summary_length = 120;  // characters in an automatic summary
  bool anchor_paragraphs = true;  // <p id="p-…"> on every paragraph (citable)
  bool valid_utf8 = false;        // the text is known to be valid UTF-8 (skips cmark's check)
};

struct Heading {
  int level = 2;     // 1-6
  std::string text;  // plain text of the heading
  std::string id;    // anchor id, unique within the page
};

// A heading, paragraph or table row with the anchor a citation or concordance line links
// to (see paragraph_anchors.h for the id scheme). Its text is a slice of the
// page's text (RenderedMarkdown::BlockText), not a copy.
struct TextBlock {
  std::string id;            // its own id ("" for paragraphs in tight lists and table rows)
  int32_t anchor_block = -1;  // the block whose id it links to: itself, else the nearest before (-1: the top)
  uint32_t begin = 0, end = 0;  // its text: bytes of RenderedMarkdown::block_text()
  int heading_level = 0;     // 1-6 for headings, 0 for paragraphs
};

struct ImageRef {
  std::string src;
  std::string alt;
  int line = 0;  // line within the Markdown body (1-based)
};

struct LinkRef {
  std::string href;
  int line = 0;
};

struct RenderedMarkdown {
  std::string html;               // body HTML; headings carry id="..."
  std::vector<Heading> headings;  // every heading, in order
  std::vector<Heading> toc;       // h2-h4 only
  std::string plain_text;         // text without markup, paragraphs joined by '\n'
  std::string summary_html;       // from <!--more--> (rendered) or the automatic cut
  std::string summary_text;       // plain text of the summary
  bool summary_from_more = false;
  int char_count = 0;             // CJK characters + words of other scripts
  int reading_minutes = 1;        // >= 1; ~400 CJK characters or ~200 words a minute
  std::vector<ImageRef> images;
  std::vector<LinkRef> links;
  std::vector<TextBlock> blocks;  // headings, paragraphs, table rows in order (anchor_paragraphs)
  // The text the blocks slice: the page as displayed (raw HTML shown as
  // text when the site escapes it). Usually equal to plain_text, and then
  // not stored twice.
  std::string display_text;  // "" when equal to plain_text

  const std::string& block_text() const { return display_text.empty() ? plain_text : display_text; }
  std::string_view BlockText(const TextBlock& b) const {
    return std::string_view(block_text()).substr(b.begin, b.end - b.begin);
  }
  // The id block `i` links to ("" at the top of the page).
  const std::string& BlockAnchor(size_t i) const {
    static const std::string kNone;
    int32_t a = i < blocks.size() ? blocks[i].anchor_block : -1;
    return a >= 0 ? blocks[static_cast<size_t>(a)].id : kNone;
  }
};

// Renders GFM (tables, strikethrough, autolinks, task lists, footnotes,
// tagfilter). Never fails: any input gives some HTML. Deep nesting is bounded
// by cmark itself.
RenderedMarkdown RenderMarkdown(std::string_view markdown, const MarkdownOptions& options);

// Anchor id for a heading's text, Hugo style but keeping Chinese: letters
// (any script) and digits kept, ASCII lowercased, spaces to '-', punctuation
// dropped ("一、提高认识" -> "一提高认识", "Hello World!" -> "hello-world").
// "" becomes "section".
std::string HeadingId(std::string_view text);

// Automatic summary: the first `max_chars` characters of `text` cut after
// the last sentence end (。！？!?) inside that span; when there is none, cut at
// max_chars code points and add "……". Never splits a character.
std::string AutoSummary(std::string_view text, int max_chars);

}  // namespace portal
