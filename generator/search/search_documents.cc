#include "search/search_documents.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "base/utf8.h"
#include "search/search_fold.h"
#include "text/chinese.h"

namespace portal::search {

std::vector<const Page*> IndexOrder(const std::vector<const Page*>& pages) {
  std::vector<const Page*> order = pages;
  std::stable_sort(order.begin(), order.end(), [](const Page* a, const Page* b) {
    int64_t ta = a->meta.date.EpochSeconds(), tb = b->meta.date.EpochSeconds();
    if (ta != tb) return ta > tb;
    return a->url < b->url;
  });
  return order;
}

namespace {

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

// Pinyin of one ideograph, ASCII letters only. Han-Latin reads one
// character at a time, so caching per character gives the same words as
// transliterating a whole title, at a fraction of the cost.
const std::string& SyllableOf(char32_t c) {
  static std::shared_mutex mu;
  static std::unordered_map<char32_t, std::string> cache;
  {
    std::shared_lock lock(mu);
    auto it = cache.find(c);
    if (it != cache.end()) return it->second;
  }
  std::string syllable;
  for (char ch : ToPinyin(Utf8(c))) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) syllable.push_back(ch);
  }
  std::unique_lock lock(mu);
  return cache.emplace(c, std::move(syllable)).first->second;  // references stay valid
}

// Pinyin words of one title or tag: for each run of two or more ideographs,
// its full pinyin and its initials, spaces removed (三会一课: sanhuiyike, shyk).
void AddPinyinWords(const std::vector<Unit>& units, std::vector<Unit>* out) {
  for (size_t i = 0; i < units.size();) {
    size_t j = i;
    while (j < units.size() && units[j].cjk != 0 && (j == i || units[j].joins_previous)) ++j;
    if (j == i) {
      ++i;
      continue;
    }
    if (j - i >= 2) {
      Unit full, initials;
      for (size_t k = i; k < j; ++k) {
        const std::string& syllable = SyllableOf(units[k].cjk);
        full.word += syllable;
        if (!syllable.empty()) initials.word.push_back(syllable[0]);
      }
      for (Unit* u : {&full, &initials}) {
        if (u->word.size() > kMaxWordLength) u->word.resize(kMaxWordLength);
        if (!u->word.empty()) out->push_back(std::move(*u));
      }
    }
    i = j;
  }
}

}  // namespace

DocumentUnits UnitsOf(const Page& page) {
  DocumentUnits units;
  units[kTitle] = Tokenize(page.meta.title);
  std::vector<std::string> headings;
  for (const Heading& h : page.body.headings) headings.push_back(h.text);
  units[kHeadings] = Tokenize(JoinLines(headings));
  units[kTags] = Tokenize(JoinLines(page.meta.tags));
  units[kBody] = Tokenize(page.Text());
  AddPinyinWords(units[kTitle], &units[kPinyin]);
  for (const std::string& tag : page.meta.tags) AddPinyinWords(Tokenize(tag), &units[kPinyin]);
  return units;
}

namespace {

bool IsCutPoint(char32_t before, char32_t after) {
  // Cutting between two ideographs or at a space or punctuation never splits
  // a word, so the passage's units are exactly the body's units.
  auto word_like = [](char32_t c) {
    std::u32string f;
    FoldCodePoint(c, &f);
    std::string s = Utf8(f);
    std::vector<Unit> u = Tokenize(s);
    return !u.empty() && u[0].cjk == 0;
  };
  if (IsCjkIdeograph(before) && IsCjkIdeograph(after)) return true;
  return !word_like(before) || !word_like(after);
}

void AddPassage(std::u32string_view text, uint32_t* position, std::vector<Passage>* out) {
  Passage p;
  p.text = Utf8(text);
  p.start = *position;
  *position += static_cast<uint32_t>(CountUnits(p.text));
  out->push_back(std::move(p));
}

}  // namespace

std::vector<Passage> PassagesOf(const Page& page, uint32_t* body_units) {
  std::vector<Passage> out;
  std::u32string body;
  ToNfc(page.Text(), &body);
  uint32_t position = 0;
  size_t line_start = 0;
  while (line_start <= body.size()) {
    size_t line_end = body.find(U'\n', line_start);
    if (line_end == std::u32string::npos) line_end = body.size();
    std::u32string_view line(body.data() + line_start, line_end - line_start);
    while (line.size() > kPassageMaxCodePoints) {
      // Prefer a sentence end, then any cut point, in the second half.
      size_t cut = 0;
      for (size_t i = kPassageMaxCodePoints; i > kPassageMaxCodePoints / 2 && cut == 0; --i) {
        char32_t c = line[i - 1];
        if (c == U'。' || c == U'！' || c == U'？' || c == U'；') cut = i;
      }
      for (size_t i = kPassageMaxCodePoints; i > 0 && cut == 0; --i) {
        if (IsCutPoint(line[i - 1], line[i])) cut = i;
      }
      if (cut == 0) break;  // one enormous word: keep it whole
      AddPassage(line.substr(0, cut), &position, &out);
      line.remove_prefix(cut);
    }
    if (!line.empty()) AddPassage(line, &position, &out);
    line_start = line_end + 1;
  }
  *body_units = position;
  return out;
}

uint8_t QuantizeLength(uint64_t units) {
  double q = std::round(std::log1p(static_cast<double>(units)) / std::log(1.06));
  return static_cast<uint8_t>(std::min(255.0, q));
}

}  // namespace portal::search
