// libFuzzer target: the search tokenizer shared by the index writer and the
// query module (search/search_tokenizer.h). Checked beyond "no crash, no
// sanitizer report": every unit is either one ideograph or a non-empty word
// of at most kMaxWordLength code points, and a run never starts the output.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "search/search_tokenizer.h"

using namespace portal::search;

namespace {
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Unit> units = Tokenize(text);
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (u.cjk != 0) {
      if (!u.word.empty() || u.cjk > 0x10FFFF) std::abort();
      if (u.joins_previous && (i == 0 || units[i - 1].cjk == 0)) std::abort();
      (void)Utf8(u.cjk);
    } else {
      if (u.word.empty() || u.joins_previous || CodePoints(u.word) > kMaxWordLength) std::abort();
    }
  }
  // Tokenizing is deterministic.
  std::vector<Unit> again = Tokenize(text);
  if (again.size() != units.size()) std::abort();
  return 0;
}
