// UTF-8 helpers: validation with positions, code point iteration, display width.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portal {

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when `s` is valid (overlongs, surrogates and values
// above U+10FFFF are invalid).
size_t FindInvalidUtf8(std::string_view s);

// The general case of DecodeUtf8.
char32_t DecodeUtf8Slow(std::string_view s, size_t* pos);

// Decodes the code point at s[*pos] and advances *pos. Invalid bytes decode as
// U+FFFD and advance by one byte. Inline, with ASCII and three-byte (CJK)
// fast paths: every text pass of the build goes through it.
inline char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  size_t i = *pos;
  unsigned char b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      char32_t c = (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) | (b2 & 0x3F);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        *pos = i + 3;
        return c;
      }
    }
  }
  return DecodeUtf8Slow(s, pos);
}

// Appends the UTF-8 encoding of `c` to `out`.
void AppendUtf8(char32_t c, std::string* out);

// Number of code points in `s`.
size_t CountCodePoints(std::string_view s);

// Terminal/editor display width: 2 for East Asian wide and fullwidth
// characters, 0 for combining marks, 1 otherwise.
int DisplayWidth(std::string_view s);

// 1-based line and code-point column of byte `offset` in `text`.
void LineColumnAt(std::string_view text, size_t offset, int* line, int* column);

// The text of 1-based line `line` of `text` without its line ending, or "".
std::string_view LineAt(std::string_view text, int line);

// Offset of the first byte of `s` at or after `from` that is one of the four
// ASCII bytes a, b, c, d, or s.size(). Sixteen bytes at a time: the build
// scans every page for the few bytes that need attention.
size_t FindAnyOf4(std::string_view s, size_t from, char a, char b, char c, char d);

// True for code points in the CJK ideograph blocks (URO, Ext A-I, compatibility).
inline bool IsCjkIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x323AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F) || c == 0x3007;
}

// Truncates `s` to at most `max_points` code points, never splitting one.
std::string_view TruncateCodePoints(std::string_view s, size_t max_points);

}  // namespace portal
