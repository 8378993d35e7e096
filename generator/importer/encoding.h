// Speech text arrives in whatever encoding the editor's Windows PC saved it in.
#pragma once

#include <string>
#include <string_view>

namespace portal::importer {

enum class TextEncoding { kUtf8, kUtf8Bom, kUtf16, kGb18030 };

// "UTF-8", "UTF-8 (BOM)", "UTF-16", "GB18030": for the summary table.
const char* TextEncodingName(TextEncoding encoding);

// Decodes `bytes` to UTF-8 with LF line ends: valid UTF-8 as is (a BOM is
// dropped), UTF-16 when it starts with a BOM, else GB18030 (a superset of GBK
// and GB2312, the usual encodings of government documents). On failure
// (neither decodes cleanly, or NUL bytes: a binary file) returns false and
// sets *error to a sentence saying what to do.
bool DecodeText(std::string_view bytes, std::string* out, TextEncoding* encoding,
                std::string* error);

}  // namespace portal::importer
