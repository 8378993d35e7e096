// Citable paragraphs: every paragraph gets a stable id (issue 8).
//
// Scheme: "p-" + six hex digits of a hash (FNV-1a) of the paragraph's own
// plain text with white space removed. The id depends on nothing else on the
// page, so editing, adding or moving other paragraphs never changes it; only
// editing the paragraph itself does. Equal paragraphs (or a hash collision)
// get "-1", "-2" in document order, as duplicate headings do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace portal {

// The id a paragraph with plain text `text` gets before duplicates are
// numbered: "p-3fa9c2".
std::string ParagraphId(std::string_view text);

// An anchored paragraph: the invisible marker put at its start and its id.
struct ParagraphSwap {
  cmark_node* paragraph = nullptr;
  cmark_node* marker = nullptr;
  std::string id;
};

// Collects every heading, paragraph and table row in document order into
// out->blocks (see TextBlock; their text is sliced from out->plain_text, or
// from out->display_text when raw HTML shown as text makes the two differ)
// and marks each paragraph that renders as <p> (not tight list items, not
// footnotes) so PutParagraphIds can give it id="…" in the rendered HTML.
// Headings must still be in the tree (call before AnchorHeadings);
// `headings` are their ids; out->plain_text must be set.
std::vector<ParagraphSwap> AnchorParagraphs(const CmarkTree& tree, const std::vector<Heading>& headings,
                                            RenderedMarkdown* out);

// The rendered `html` with each marked "<p>" turned into <p id="…">.
std::string PutParagraphIds(const std::string& html, const std::vector<ParagraphSwap>& swaps);

// Removes the markers again (after the page HTML is rendered, so summaries
// cut from the tree carry no ids).
void RestoreParagraphs(const std::vector<ParagraphSwap>& swaps);

}  // namespace portal
