#include "feeds/xml_text.h"

#include "base/utf8.h"

namespace portal {

std::string XmlSafeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {  // fast path for ASCII
      ++pos;
      if (b >= 0x20 || b == '\t' || b == '\n' || b == '\r') out.push_back(static_cast<char>(b));
      continue;
    }
    char32_t c = DecodeUtf8(s, &pos);
    if (c == 0xFFFE || c == 0xFFFF) continue;
    AppendUtf8(c, &out);
  }
  return out;
}

void PushXmlDeclaration(tinyxml2::XMLPrinter* printer) {
  printer->PushDeclaration("xml version=\"1.0\" encoding=\"utf-8\"");
}

void PushTextElement(tinyxml2::XMLPrinter* printer, const char* name, std::string_view text) {
  printer->OpenElement(name);
  printer->PushText(XmlSafeText(text).c_str());
  printer->CloseElement();
}

}  // namespace portal
