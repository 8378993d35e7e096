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

// Decodes the code point at s[*pos] and advances *pos. Invalid bytes decode as
// U+FFFD and advance by one byte.
char32_t DecodeUtf8(std::string_view s, size_t* pos);

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

// True for code points in the CJK ideograph blocks (URO, Ext A-I, compatibility).
bool IsCjkIdeograph(char32_t c);

// Truncates `s` to at most `max_points` code points, never splitting one.
std::string_view TruncateCodePoints(std::string_view s, size_t max_points);

}  // namespace portal
