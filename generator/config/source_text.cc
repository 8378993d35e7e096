#include "config/source_text.h"

#include <cstdio>

#include "base/utf8.h"

namespace portal {

namespace {

// Strips a BOM and folds CRLF / CR to LF, so line numbers match every editor.
void FoldLineEndings(std::string* text) {
  if (text->starts_with("\xEF\xBB\xBF")) text->erase(0, 3);
  if (text->find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(text->size());
  for (size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c != '\r') {
      out.push_back(c);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < text->size() && (*text)[i + 1] == '\n') ++i;
  }
  *text = std::move(out);
}

// The line holding byte `offset`, printable (invalid bytes and NUL shown as
// U+FFFD), and the 1-based column of `offset` counted the same way.
void PrintableLine(std::string_view text, size_t offset, std::string* line, int* column) {
  size_t start = offset;
  while (start > 0 && text[start - 1] != '\n') --start;
  size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  std::string_view raw = text.substr(start, end - start);
  *column = 1;
  size_t i = 0;
  while (i < raw.size()) {
    if (start + i == offset) *column = static_cast<int>(CountCodePoints(*line)) + 1;
    char32_t c = DecodeUtf8(raw, &i);
    AppendUtf8(c == 0 ? 0xFFFD : c, line);
  }
}

// Editors that save Chinese text in GBK produce pairs of a lead byte
// 0x81-0xFE and a trail byte 0x40-0xFE; when every non-ASCII byte pairs up so,
// naming the likely cause saves a round of guessing.
bool LooksLikeGbk(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char a = text[i];
    if (a < 0x80) continue;
    if (a == 0x80 || a == 0xFF || i + 1 >= text.size()) return false;
    unsigned char b = text[++i];
    if (b < 0x40 || b == 0x7F || b == 0xFF) return false;
  }
  return true;
}

void ReportAt(std::string_view text, size_t offset, const std::string& display, std::string message,
              std::string hint, Diagnostics* diags) {
  int line = 0, ignored = 0;
  LineColumnAt(text, offset, &line, &ignored);
  Diagnostic d;
  d.severity = Severity::kError;
  d.file = display;
  d.line = line;
  PrintableLine(text, offset, &d.source_line, &d.column);
  d.message = std::move(message);
  d.hint = std::move(hint);
  diags->Add(std::move(d));
}

}  // namespace

bool NormalizeText(std::string* text, const std::string& display, Diagnostics* diags) {
  FoldLineEndings(text);
  bool ok = true;
  size_t bad = FindInvalidUtf8(*text);
  if (bad != std::string::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>((*text)[bad]));
    std::string hint = LooksLikeGbk(*text)
                           ? "the file looks like GBK/GB2312; save it as UTF-8 (in the editor: Save As, Encoding: UTF-8)"
                           : "save the file as UTF-8";
    ReportAt(*text, bad, display, std::string("invalid UTF-8 (byte ") + byte + ")", hint, diags);
    ok = false;
  }
  size_t nul = text->find('\0');
  if (nul != std::string::npos) {
    ReportAt(*text, nul, display, "contains a NUL byte",
             "the file is probably not a text file, or was saved as UTF-16; save it as UTF-8", diags);
    ok = false;
  }
  return ok;
}

}  // namespace portal
