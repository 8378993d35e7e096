// The lines above the speech itself: title, —— subtitle, date line, notices.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "importer/source_line.h"

namespace portal::importer {

struct DocumentHeader {
  std::string title;       // "" when the document has no title line
  std::string occasion;    // the —— subtitle without its dashes
  std::string date_text;   // a line that is only a date, e.g. "（2021年3月5日）"
  size_t body_start = 0;   // index of the first body line
};

// Reads the header from the top of `lines`:
// - notice lines (本文系…仅供学习参考, 来源：…, 作者：…) before the title are
//   dropped, they are not part of the speech;
// - the title is the first line, joined with the lines after it when a long
//   title is broken: up to 4 short lines without sentence punctuation, ending
//   at a blank line, a —— subtitle, a salutation, an outline marker, or after
//   a line that ends like a complete title (…讲话, …发言, …致辞, …报告);
// - a first line of 60+ characters or with 。 is body text, not a title;
// - then blank lines, one —— subtitle (the occasion) and one date line.
// The salutation (同志们：) and everything after it is body.
DocumentHeader ExtractHeader(const std::vector<SourceLine>& lines);

// 同志们：, 各位代表：, 同志们、朋友们： and the like.
bool IsSalutation(std::string_view line);

// Notices from the source of a text that are not part of the speech.
bool IsNoticeLine(std::string_view line);

}  // namespace portal::importer
