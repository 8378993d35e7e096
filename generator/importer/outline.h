// The body of a speech as an editor would mark it up: outline markers become
// headings, every other line a paragraph.
#pragma once

#include <string>
#include <vector>

#include "importer/source_line.h"

namespace portal::importer {

struct OutlineResult {
  std::string markdown;  // blocks separated by blank lines, ending in "\n"
  int headings = 0;
  std::vector<ImportNote> notes;  // numbering the editor should check
};

// Builds Markdown from body lines (blank lines only separate paragraphs):
// - 一、 / （一） / 1. start headings ## / ### / ####, and Word Heading 1–3
//   styles the same; the level is the depth among the kinds the document has
//   used so far under the current heading, so a skipped kind moves up and
//   headings never jump a level (一、 then 1. gives ## then ###).
// - "（一）提高认识。党的十九大……": the first sentence (without 。) is the
//   heading, with its marker kept ("### （一）提高认识"), and the rest is
//   its first paragraph. A heading over 50 characters stays a paragraph.
//   A Word heading paragraph is split the same way, and its marker counts
//   in the numbering (styled 一、 then unstyled 二、 is in sequence).
// - A marker out of sequence stays a paragraph with a note; one that goes on
//   the 一是/二是 paragraphs just above it (一是… 二是… 三、…) belongs to
//   that enumeration and stays a paragraph too. 一是…二是… inside a line is
//   never touched.
// - Two or more consecutive short 1. 2. lines ending in ； (or ，、) are
//   list items, not headings: they become a Markdown ordered list.
// Text is escaped so that * _ [ < and the like show as written.
OutlineResult BuildOutline(const std::vector<SourceLine>& body);

// `text` escaped for a Markdown paragraph (a line start included).
std::string EscapeMarkdown(std::string_view text);

}  // namespace portal::importer
