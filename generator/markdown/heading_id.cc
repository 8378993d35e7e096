// HeadingId (declared in markdown.h): anchor ids that keep Chinese readable.
#include <unicode/uchar.h>

#include <string>

#include "base/utf8.h"
#include "markdown/markdown.h"

namespace portal {
namespace {

bool KeepsInId(char32_t c) {
  // Letters, digits and combining marks of any script.
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

}  // namespace

std::string HeadingId(std::string_view text) {
  std::string id;
  auto add_dash = [&id] {
    if (!id.empty() && id.back() != '-') id.push_back('-');
  };
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    if (c < 0x80) {
      char a = static_cast<char>(c);
      if (a >= 'A' && a <= 'Z') id.push_back(static_cast<char>(a - 'A' + 'a'));
      else if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') || a == '_') id.push_back(a);
      else if (a == '-' || a == ' ' || a == '\t' || a == '\n') add_dash();
      // other ASCII punctuation is dropped
    } else if (c != 0xFFFD && KeepsInId(c)) {
      AppendUtf8(c, &id);
    } else if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      add_dash();
    }
  }
  if (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "section" : id;
}

}  // namespace portal
