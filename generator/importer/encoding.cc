#include "importer/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <memory>

#include "base/utf8.h"

namespace portal::importer {
namespace {

// Converts with ICU, failing on the first byte sequence that is not valid in
// `charset` (the default would silently substitute U+FFFD).
bool ConvertToUtf8(std::string_view bytes, const char* charset, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> from(ucnv_open(charset, &status), ucnv_close);
  if (U_FAILURE(status)) return false;
  ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::unique_ptr<UConverter, decltype(&ucnv_close)> to(ucnv_open("UTF-8", &status), ucnv_close);
  if (U_FAILURE(status)) return false;
  out->assign(bytes.size() * 2 + 16, '\0');
  char* target = out->data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out->data() + out->size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  if (U_FAILURE(status)) return false;
  out->resize(static_cast<size_t>(target - out->data()));
  return true;
}

// CRLF and lone CR (old Mac files) become LF.
std::string NormalizeLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out.push_back(s[i]);
    } else {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    }
  }
  return out;
}

}  // namespace

const char* TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf8Bom: return "UTF-8 (BOM)";
    case TextEncoding::kUtf16: return "UTF-16";
    case TextEncoding::kGb18030: return "GB18030";
  }
  return "?";
}

bool DecodeText(std::string_view bytes, std::string* out, TextEncoding* encoding,
                std::string* error) {
  std::string text;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF" && FindInvalidUtf8(bytes.substr(3)) == std::string_view::npos) {
    *encoding = TextEncoding::kUtf8Bom;
    text.assign(bytes.substr(3));
  } else if (FindInvalidUtf8(bytes) == std::string_view::npos) {
    *encoding = TextEncoding::kUtf8;
    text.assign(bytes);
  } else if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    *encoding = TextEncoding::kUtf16;
    if (!ConvertToUtf8(bytes, "UTF-16", &text)) {
      *error = "the file starts like UTF-16 but is not valid UTF-16; save it as UTF-8 and import again";
      return false;
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.erase(0, 3);
  } else {
    *encoding = TextEncoding::kGb18030;
    if (!ConvertToUtf8(bytes, "GB18030", &text)) {
      *error = "the text is neither UTF-8 nor GB18030/GBK; open it in an editor, save it as UTF-8 and import again";
      return false;
    }
  }
  if (text.find('\0') != std::string::npos) {
    *error = "the file holds NUL bytes, so it is not plain text; for Word files use .docx";
    return false;
  }
  *out = NormalizeLineEnds(text);
  return true;
}

}  // namespace portal::importer
