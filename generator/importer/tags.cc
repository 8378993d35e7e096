#include "importer/tags.h"

#include <algorithm>

#include "base/utf8.h"
#include "importer/placeholders.h"

namespace portal::importer {
namespace {

constexpr size_t kMinPoints = 2;
constexpr size_t kMaxPoints = 8;

// A term is a name, not a phrase: letters and digits only, not all digits.
bool IsTagLike(std::string_view term) {
  size_t points = CountCodePoints(term);
  if (points < kMinPoints || points > kMaxPoints) return false;
  bool all_digits = true;
  for (size_t pos = 0; pos < term.size();) {
    char32_t c = DecodeUtf8(term, &pos);
    bool digit = c >= U'0' && c <= U'9';
    bool letter = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || IsCjkIdeograph(c);
    if (!digit && !letter) return false;
    if (!digit) all_digits = false;
  }
  return !all_digits && FindPlaceholders(term).empty();
}

size_t CountOccurrences(std::string_view text, std::string_view term) {
  size_t n = 0;
  for (size_t pos = text.find(term); pos != text.npos; pos = text.find(term, pos + term.size())) ++n;
  return n;
}

}  // namespace

std::vector<std::string> SuggestTags(std::string_view text, size_t max_tags) {
  static constexpr std::string_view kOpen = "“", kClose = "”";
  std::vector<std::string> terms;  // in order of first appearance
  std::vector<size_t> quoted;      // times each term was quoted
  for (size_t open = text.find(kOpen); open != text.npos; open = text.find(kOpen, open + 1)) {
    size_t start = open + kOpen.size();
    size_t close = text.find(kClose, start);
    if (close == text.npos) break;
    std::string_view term = text.substr(start, close - start);
    if (term.find(kOpen) != term.npos || term.find('\n') != term.npos || !IsTagLike(term)) continue;
    auto it = std::find(terms.begin(), terms.end(), term);
    if (it == terms.end()) {
      terms.emplace_back(term);
      quoted.push_back(1);
    } else {
      ++quoted[static_cast<size_t>(it - terms.begin())];
    }
  }
  // Quoting is the writer marking a term as a name; plain occurrences break
  // ties (and would favour short generic words like “堡垒” if they ranked first).
  struct Ranked {
    size_t quoted, total;
    std::string term;
  };
  std::vector<Ranked> ranked;
  for (size_t i = 0; i < terms.size(); ++i) {
    ranked.push_back({quoted[i], CountOccurrences(text, terms[i]), std::move(terms[i])});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.quoted != b.quoted ? a.quoted > b.quoted : a.total > b.total;
  });
  std::vector<std::string> tags;
  for (size_t i = 0; i < ranked.size() && i < max_tags; ++i) tags.push_back(std::move(ranked[i].term));
  return tags;
}

}  // namespace portal::importer
