// Word (.docx) speeches: the paragraphs of word/document.xml.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "importer/source_line.h"

namespace portal::importer {

// Paragraphs (<w:p>) of a WordprocessingML body in order, the text of their
// <w:t> runs joined (<w:br/> splits a paragraph into lines, deleted text is
// left out). heading_level comes from the paragraph style: its name in
// `styles_xml` ("heading 1", "标题 1"), its outline level, the style it is
// based on, or — without styles.xml — the id itself ("Heading1", "1").
// SourceLine::line is the paragraph number. On malformed XML returns false
// and sets *error.
bool ParseWordXml(std::string_view document_xml, std::string_view styles_xml,
                  std::vector<SourceLine>* out, std::string* error);

// Reads word/document.xml and word/styles.xml from the .docx zip at `path`
// and parses them. On failure (not a zip, no document.xml, bad XML) returns
// false and sets *error to a sentence.
bool ReadDocx(const std::filesystem::path& path, std::vector<SourceLine>* out, std::string* error);

}  // namespace portal::importer
