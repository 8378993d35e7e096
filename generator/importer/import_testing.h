// Fixture makers for the importer tests (linked into importer_test only).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portal::importer::testing {

// `utf8` converted to `charset` with ICU ("GB18030", "UTF-16LE").
std::string EncodeAs(std::string_view utf8, const char* charset);

// Writes a zip at `path` holding the given (name, content) entries.
void WriteZip(const std::filesystem::path& path,
              const std::vector<std::pair<std::string, std::string>>& entries);

// A minimal .docx: [Content_Types].xml, word/document.xml with `body_xml`
// inside <w:body>, and word/styles.xml mapping ids "1".."3" to "heading 1".."3"
// as Chinese Word does.
void WriteDocx(const std::filesystem::path& path, const std::string& body_xml);

// <w:p> with one run; `style` becomes <w:pStyle w:val="..."/> when not "".
std::string WordParagraph(const std::string& text, const std::string& style = "");

// A fresh empty folder under the system temp dir, removed by the caller.
std::filesystem::path MakeTempDir(const std::string& name);

}  // namespace portal::importer::testing
