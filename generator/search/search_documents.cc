#include "search/search_documents.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "base/hash.h"
#include "base/utf8.h"
#include "search/search_cut.h"
#include "search/search_document_files.h"
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

// Units of one field into FieldTokens; with kStarts, also each unit's byte
// offset in the text.
template <bool kStarts>
struct FieldSink {
  FieldTokens* field;
  std::vector<uint32_t>* starts;
  void Cjk(char32_t c, bool joins, uint32_t at) {
    field->units.push_back(static_cast<uint32_t>(c) | (joins ? FieldTokens::kJoins : 0));
    if constexpr (kStarts) starts->push_back(at);
  }
  void WordStart(uint32_t at) {
    field->units.push_back(FieldTokens::kWord | static_cast<uint32_t>(field->word_ends.size()));
    field->word_ends.push_back(static_cast<uint32_t>(field->word_chars.size()));
    if constexpr (kStarts) starts->push_back(at);
  }
  void WordChar(char32_t c) {
    AppendUtf8(c, &field->word_chars);
    field->word_ends.back() = static_cast<uint32_t>(field->word_chars.size());
  }
  void Symbol(char32_t c, uint32_t at) {
    WordStart(at);
    WordChar(c);
  }
  void Reset() {
    field->Clear();
    if constexpr (kStarts) starts->clear();
  }
};

std::string_view CutField(std::string_view text, FieldTokens* field, std::vector<uint32_t>* starts) {
  field->Clear();
  field->units.reserve(text.size() / 3 + 16);
  if (starts) {
    starts->clear();
    starts->reserve(text.size() / 3 + 16);
    FieldSink<true> sink{field, starts};
    return Cut(text, sink);
  }
  FieldSink<false> sink{field, nullptr};
  return Cut(text, sink);
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

// Collects the ideographs of a text.
struct IdeographSink {
  std::vector<char32_t>* out;
  void Cjk(char32_t c, bool, uint32_t) { out->push_back(c); }
  void WordStart(uint32_t) {}
  void WordChar(char32_t) {}
  void Symbol(char32_t, uint32_t) {}
  void Reset() { out->clear(); }
};

}  // namespace

void PreparePinyin(const std::vector<const Page*>& pages) {
  std::vector<char32_t> all, one;
  for (const Page* page : pages) {
    IdeographSink sink{&one};
    one.clear();
    Cut(page->meta.title, sink);
    all.insert(all.end(), one.begin(), one.end());
    for (const std::string& tag : page->meta.tags) {
      one.clear();
      Cut(tag, sink);
      all.insert(all.end(), one.begin(), one.end());
    }
  }
  // Each ideograph once, in code point order (a bitmap, not a sort of
  // every occurrence).
  std::vector<bool> seen(0x110000, false);
  for (char32_t c : all) {
    if (c < seen.size()) seen[c] = true;
  }
  for (char32_t c = 0; c < seen.size(); ++c) {
    if (seen[c]) SyllableOf(c);
  }
}

namespace {

// Pinyin words of the runs of two or more ideographs in `from`: its full
// pinyin and its initials, spaces removed (三会一课: sanhuiyike, shyk).
void AddPinyinWords(const FieldTokens& from, FieldTokens* out) {
  const std::vector<uint32_t>& u = from.units;
  std::string full, initials;
  for (size_t i = 0; i < u.size();) {
    if (u[i] & FieldTokens::kWord) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < u.size() && !(u[j] & FieldTokens::kWord) && (u[j] & FieldTokens::kJoins)) ++j;
    if (j - i >= 2) {
      full.clear();
      initials.clear();
      for (size_t k = i; k < j; ++k) {
        const std::string& syllable = SyllableOf(u[k] & 0x1FFFFF);
        full += syllable;
        if (!syllable.empty()) initials.push_back(syllable[0]);
      }
      for (std::string* w : {&full, &initials}) {
        if (w->size() > kMaxWordLength) w->resize(kMaxWordLength);
        if (!w->empty()) out->AddWord(*w);
      }
    }
    i = j;
  }
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    out += l;
    out += '\n';
  }
  return out;
}

// Code points of UTF-8 text: bytes that do not continue a sequence, eight
// at a time.
size_t CodePoints(std::string_view s) {
  size_t n = s.size(), i = 0, continuations = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x = 0;
    std::memcpy(&x, s.data() + i, 8);
    continuations += static_cast<size_t>(__builtin_popcountll(x & ~(x << 1) & 0x8080808080808080ull));
  }
  for (; i < n; ++i) continuations += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return n - continuations;
}

bool IsCutPoint(char32_t before, char32_t after) {
  // Cutting between two ideographs or at a space or punctuation never splits
  // a word, so the passage's units are exactly the body's units.
  if (IsCjkIdeograph(before) && IsCjkIdeograph(after)) return true;
  return !StartsWord(before) || !StartsWord(after);
}

// The body's positions (kParagraphAlign) into field->positions; `starts`
// are the byte offsets of its units. Left empty while no line has begun
// past the first, when positions are the units' indices.
void AlignParagraphs(std::string_view body, const std::vector<uint32_t>& starts, FieldTokens* field) {
  field->positions.clear();
  uint32_t position = 0;
  for (size_t u = 1; u < starts.size(); ++u) {
    ++position;
    if (std::memchr(body.data() + starts[u - 1], '\n', starts[u] - starts[u - 1]) == nullptr) continue;
    if (field->positions.empty()) {
      field->positions.resize(starts.size());
      for (size_t k = 0; k < u; ++k) field->positions[k] = static_cast<uint32_t>(k);
    }
    position = (position + kParagraphAlign - 1) / kParagraphAlign * kParagraphAlign;
    for (size_t k = u; k < starts.size(); ++k) {
      if (k > u) {
        ++position;
        if (std::memchr(body.data() + starts[k - 1], '\n', starts[k] - starts[k - 1]) != nullptr) {
          position = (position + kParagraphAlign - 1) / kParagraphAlign * kParagraphAlign;
        }
      }
      field->positions[k] = position;
    }
    return;
  }
}

// Cuts the body into passages; `starts` are the byte offsets of its units,
// `field` has their positions.
void AddPassages(std::string_view body, DocumentText* text, const std::vector<uint32_t>& starts,
                 const FieldTokens& field) {
  size_t unit = 0;  // units that start before the passage being added
  auto add = [&](size_t begin, size_t end) {
    while (unit < starts.size() && starts[unit] < begin) ++unit;
    Passage p;
    p.start = unit < starts.size() ? field.Position(unit) : (unit == 0 ? 0 : field.Position(unit - 1) + 1);
    p.begin = static_cast<uint32_t>(begin);
    p.length = static_cast<uint32_t>(end - begin);
    p.hash = std::hash<std::string_view>()(body.substr(begin, end - begin));
    p.check = Hash64(body.substr(begin, end - begin), 0x5EA4C4);
    p.literal = static_cast<uint32_t>(JsonStringSize(body.substr(begin, end - begin)));
    text->passages.push_back(p);
  };
  thread_local std::u32string line;
  thread_local std::vector<uint32_t> offsets;  // byte offset of line[i]; one more at the end
  size_t line_start = 0;
  while (line_start <= body.size()) {
    size_t line_end = body.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = body.size();
    if (line_end - line_start > kPassageMaxCodePoints &&
        CodePoints(body.substr(line_start, line_end - line_start)) > kPassageMaxCodePoints) {
      line.clear();
      offsets.clear();
      for (size_t i = line_start; i < line_end;) {
        offsets.push_back(static_cast<uint32_t>(i));
        line.push_back(cut::Next(body.substr(0, line_end), &i));
      }
      offsets.push_back(static_cast<uint32_t>(line_end));
      size_t from = 0;  // code points of the line already in passages
      while (line.size() - from > kPassageMaxCodePoints) {
        // Prefer a sentence end, then any cut point, in the second half.
        size_t cut = 0;
        for (size_t i = kPassageMaxCodePoints; i > kPassageMaxCodePoints / 2 && cut == 0; --i) {
          char32_t c = line[from + i - 1];
          if (c == U'。' || c == U'！' || c == U'？' || c == U'；') cut = i;
        }
        for (size_t i = kPassageMaxCodePoints; i > 0 && cut == 0; --i) {
          if (IsCutPoint(line[from + i - 1], line[from + i])) cut = i;
        }
        if (cut == 0) break;  // one enormous word: keep it whole
        add(offsets[from], offsets[from + cut]);
        from += cut;
      }
      line_start = offsets[from];
    }
    if (line_end > line_start) add(line_start, line_end);
    line_start = line_end + 1;
  }
  text->body_units = static_cast<uint32_t>(starts.size());
}

}  // namespace

void TokenizeDocument(const Page& page, DocTokens* tokens, DocumentText* text) {
  CutField(page.meta.title, &(*tokens)[kTitle], nullptr);
  std::vector<std::string> headings;
  for (const Heading& h : page.body.headings) headings.push_back(h.text);
  CutField(JoinLines(headings), &(*tokens)[kHeadings], nullptr);
  CutField(JoinLines(page.meta.tags), &(*tokens)[kTags], nullptr);
  thread_local std::vector<uint32_t> starts;
  thread_local std::string plain;
  plain = page.Text();
  std::string_view body = CutField(plain, &(*tokens)[kBody], &starts);
  AlignParagraphs(body, starts, &(*tokens)[kBody]);
  FieldTokens& pinyin = (*tokens)[kPinyin];
  pinyin.Clear();
  AddPinyinWords((*tokens)[kTitle], &pinyin);
  AddPinyinWords((*tokens)[kTags], &pinyin);
  if (!text) return;
  text->passages.clear();
  text->normalized = body.data() != plain.data();
  if (text->normalized) text->nfc_body.assign(body);
  else text->nfc_body.clear();
  AddPassages(body, text, starts, (*tokens)[kBody]);
}

std::string_view DocumentText::Body(const Page& page, std::string* scratch) const {
  if (normalized) return nfc_body;
  *scratch = page.Text();
  return *scratch;
}

uint8_t QuantizeLength(uint64_t units) {
  double q = std::round(std::log1p(static_cast<double>(units)) / std::log(1.06));
  return static_cast<uint8_t>(std::min(255.0, q));
}

}  // namespace portal::search
