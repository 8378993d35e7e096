// Chinese text services from ICU: pinyin, slugs, collation, simplified forms.
// All functions are thread-safe (ICU objects are cloned per thread).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portal {

// Pinyin of `s` without tones, one syllable per Han character, separated by
// spaces; other text is transliterated to ASCII (Latin-ASCII) and lowercased.
// "两个维护" -> "liang ge wei hu", "党建 2023" -> "dang jian 2023".
std::string ToPinyin(std::string_view s);

// ToPinyin's memo of this process (sorted), and entries to add to it: a
// build keeps it in its cache (build/build_cache.h) so that the next one
// need not make ICU's transliterator (a tenth of a second) when every
// title and tag is known. The results depend on ICU's data: IcuVersion().
std::vector<std::pair<std::string, std::string>> PinyinMemo();
void AddToPinyinMemo(std::vector<std::pair<std::string, std::string>> entries);
const char* IcuVersion();

// Initials of each pinyin syllable: "三会一课" -> "shyk".
std::string PinyinInitials(std::string_view s);

// ASCII URL slug: pinyin or transliteration, lowercased, runs of anything but
// [a-z0-9] collapsed to one '-', no leading or trailing '-', at most 80
// characters cut at a '-'. "两个维护" -> "liang-ge-wei-hu". Returns "" when
// nothing usable is left (the caller picks a fallback).
std::string Slugify(std::string_view s);

// A sort key that orders Chinese strings by pinyin (ICU zh collation), with
// ASCII and digits placed consistently. Compare keys with operator<.
std::string PinyinSortKey(std::string_view s);

// The uppercase first letter of the pinyin of `s` ("两个维护" -> "L"), or "#"
// when it does not start with a letter or Han character.
std::string PinyinInitialLetter(std::string_view s);

// Traditional -> simplified Chinese (ICU Traditional-Simplified).
std::string ToSimplified(std::string_view s);

// NFKC normalization with case folding (full-width ASCII becomes ASCII).
std::string NfkcCaseFold(std::string_view s);

}  // namespace portal
