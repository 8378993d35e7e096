// The numbering of Chinese official documents: 一、 / （一） / 1. at the start
// of a line, and the inline enumerations 一是 / 二要 that are not outline.
#pragma once

#include <string>
#include <string_view>

namespace portal::importer {

enum class MarkerKind {
  kNone = 0,
  kChapter = 1,  // 一、
  kSection = 2,  // （一） or (一)
  kItem = 3,     // 1. or 1． or 1、
};

struct OutlineMarker {
  MarkerKind kind = MarkerKind::kNone;
  int number = 0;
  size_t length = 0;      // bytes of the marker in the line, punctuation included
  std::string canonical;  // the marker as printed: "一、", "（一）", "1."
};

// Parses the marker at the start of `line`. Returns false (and leaves *out
// alone) when the line starts with none, or when nothing follows the marker.
// "1.5万" and "2020.3" are not markers.
bool ParseOutlineMarker(std::string_view line, OutlineMarker* out);

// The number of a line-leading inline enumeration (一是 / 二要 / 三是要), or 0.
int LeadingEnumeration(std::string_view line);

// Value of Chinese numerals 一..九十九 ("十二" -> 12), or 0 when `s` is not one.
int ParseChineseNumber(std::string_view s);

// 1 -> "一", 12 -> "十二" (1..99).
std::string ChineseNumber(int n);

}  // namespace portal::importer
