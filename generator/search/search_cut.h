// The tokenizer's one loop (rules: search_tokenizer.h), as a template so the
// index writer gets units without building Unit objects. Internal to
// generator/search.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "search/search_fold.h"
#include "search/search_tokenizer.h"

namespace portal::search {

enum class UnitKind : uint8_t { kCjk, kWord, kMark, kSymbol, kSeparator };

namespace cut {

// Per BMP code point: its folded code point (low 21 bits) and the kind of
// that code point (bits 21-23), or kMultiFold when the fold is not one code
// point. Entries are computed on first use (BmpEntry).
inline constexpr uint32_t kMultiFold = 1u << 31;
inline constexpr uint32_t kUnknownEntry = 0xFFFFFFFF;
std::atomic<uint32_t>* BmpTable();
uint32_t ComputeBmpEntry(char32_t c);
inline uint32_t BmpEntry(std::atomic<uint32_t>* table, char32_t c) {
  uint32_t e = table[c].load(std::memory_order_relaxed);
  if (e == kUnknownEntry) [[unlikely]] {
    e = ComputeBmpEntry(c);
    table[c].store(e, std::memory_order_relaxed);
  }
  return e;
}

// The kind of a folded code point.
UnitKind Classify(char32_t c);

// True for code points that are NFC and never compose with a neighbour;
// text made only of them is already NFC.
inline bool NfcInert(char32_t c) {
  return c - 0x4E00 < 0xA000 - 0x4E00 || c < 0x300 || (c >= 0x2010 && c < 0x2070) ||
         (c >= 0x3000 && c < 0x302A) || (c >= 0x3030 && c < 0x3040) || (c >= 0x3400 && c < 0x4DC0) ||
         (c >= 0xFF00 && c < 0xFFF0);
}

// `utf8` in NFC, as UTF-8 (invalid input becomes U+FFFD).
void ToNfcUtf8(std::string_view utf8, std::string* out);

// Decodes the code point at p[*i] (well-formed three-byte sequences inline).
inline char32_t Next(std::string_view s, size_t* i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char b = p[*i];
  if (b < 0x80) {
    ++*i;
    return b;
  }
  if ((b & 0xF0) == 0xE0 && *i + 2 < s.size() && (p[*i + 1] & 0xC0) == 0x80 && (p[*i + 2] & 0xC0) == 0x80) {
    char32_t c = static_cast<char32_t>((b & 0x0F) << 12 | (p[*i + 1] & 0x3F) << 6 | (p[*i + 2] & 0x3F));
    if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
      *i += 3;
      return c;
    }
  }
  return DecodeUtf8(s, i);
}

// The loop over text known to be NFC when `check` is false; with `check`,
// returns false (after emitting some units) at the first code point that
// might not be NFC.
template <typename Sink>
bool CutText(std::string_view text, Sink& sink, bool check) {
  std::atomic<uint32_t>* table = BmpTable();
  bool in_word = false;    // the last unit is a word still growing
  bool after_cjk = false;  // the last thing seen was an ideograph
  size_t word_length = 0;
  auto unit = [&](char32_t c, UnitKind kind, uint32_t at) {
    if (kind == UnitKind::kMark && !in_word) kind = UnitKind::kSeparator;
    switch (kind) {
      case UnitKind::kCjk:
        sink.Cjk(c, after_cjk, at);
        in_word = false;
        after_cjk = true;
        break;
      case UnitKind::kWord:
      case UnitKind::kMark:
        if (!in_word) {
          sink.WordStart(at);
          in_word = true;
          word_length = 0;
        }
        if (word_length++ < kMaxWordLength) sink.WordChar(c);
        after_cjk = false;
        break;
      case UnitKind::kSymbol:
        sink.Symbol(c, at);
        in_word = false;
        after_cjk = false;
        break;
      case UnitKind::kSeparator:
        in_word = false;
        after_cjk = false;
        break;
    }
  };
  thread_local std::u32string folded;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // Runs of U+4E00..U+9FFF (lead bytes E4..E9): NFC-inert, and nearly
    // always folding to an ideograph, so they skip the general path.
    while (i + 2 < n && p[i] >= 0xE4 && p[i] <= 0xE9 && ((p[i + 1] & 0xC0) | (p[i + 2] & 0xC0) >> 2) == 0xA0) {
      auto c = static_cast<char32_t>((p[i] & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
      if (c < 0x4E00) break;
      uint32_t e = BmpEntry(table, c);
      if (((e >> 21) & 7) != static_cast<uint32_t>(UnitKind::kCjk) || (e & kMultiFold)) break;
      sink.Cjk(e & 0x1FFFFF, after_cjk, static_cast<uint32_t>(i));
      in_word = false;
      after_cjk = true;
      i += 3;
    }
    if (i >= n) break;
    uint32_t at = static_cast<uint32_t>(i);
    char32_t original;
    unsigned char b = p[i];
    if (b < 0x80) {
      original = b;
      ++i;
    } else if ((b & 0xF0) == 0xE0 && i + 2 < n && ((p[i + 1] & 0xC0) | (p[i + 2] & 0xC0) >> 2) == 0xA0 &&
               (b != 0xE0 || p[i + 1] >= 0xA0) && (b != 0xED || p[i + 1] < 0xA0)) {
      // A well-formed three-byte sequence: no overlong, no surrogate.
      original = static_cast<char32_t>((b & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
      i += 3;
    } else {
      original = DecodeUtf8(text, &i);
    }
    if (check && !NfcInert(original)) return false;
    if (original < 0x10000) {
      uint32_t e = BmpEntry(table, original);
      if (((e >> 21) & 7) == static_cast<uint32_t>(UnitKind::kCjk) && !(e & kMultiFold)) {
        sink.Cjk(e & 0x1FFFFF, after_cjk, at);
        in_word = false;
        after_cjk = true;
        continue;
      }
      if (!(e & kMultiFold)) {
        unit(e & 0x1FFFFF, static_cast<UnitKind>((e >> 21) & 7), at);
        continue;
      }
    }
    folded.clear();
    FoldCodePoint(original, &folded);
    for (char32_t c : folded) unit(c, Classify(c), at);
  }
  return true;
}

}  // namespace cut

// Cuts `text` into units for `sink`, which gets Cjk(c, joins_previous, at),
// WordStart(at), WordChar(c) (only for a word's first kMaxWordLength code
// points), Symbol(c, at) and Reset() (forget everything: the text is being
// cut again in NFC). `at` is the byte offset, in the returned text, of the
// code point the unit comes from. Returns the text the offsets refer to:
// `text` itself when it is NFC (nearly always), else its NFC form in a
// thread-local buffer valid until the next call on this thread.
template <typename Sink>
std::string_view Cut(std::string_view text, Sink& sink) {
  if (cut::CutText(text, sink, true)) return text;
  thread_local std::string nfc;
  cut::ToNfcUtf8(text, &nfc);
  sink.Reset();
  cut::CutText(nfc, sink, false);
  return nfc;
}

}  // namespace portal::search
