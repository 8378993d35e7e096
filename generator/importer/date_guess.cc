#include "importer/date_guess.h"

#include <unicode/timezone.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "base/utf8.h"

namespace portal::importer {
namespace {

int DigitOf(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  static const char32_t kHan[] = U"〇一二三四五六七八九";
  for (int i = 0; i < 10; ++i) {
    if (kHan[i] == c) return i;
  }
  if (c == U'零') return 0;
  return -1;
}

bool IsAsciiDigit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }

// A month or day number at s[*i]: 1–2 digits, or Chinese 一..三十一.
int SmallNumberAt(const std::u32string& s, size_t* i) {
  size_t j = *i;
  if (j < s.size() && IsAsciiDigit(s[j])) {
    int v = 0, n = 0;
    while (j < s.size() && IsAsciiDigit(s[j]) && n < 2) v = v * 10 + DigitOf(s[j++]), ++n;
    *i = j;
    return v;
  }
  int tens = 0, ones = 0;
  bool any = false;
  if (j < s.size() && DigitOf(s[j]) > 0 && j + 1 < s.size() && s[j + 1] == U'十') {
    tens = DigitOf(s[j]);
    j += 2;
    any = true;
  } else if (j < s.size() && s[j] == U'十') {
    tens = 1;
    ++j;
    any = true;
  }
  if (j < s.size() && DigitOf(s[j]) > 0) {
    ones = DigitOf(s[j++]);
    any = true;
  }
  if (!any) return -1;
  *i = j;
  return tens * 10 + ones;
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses 2021年3月5日 at s[i]; *end is past 日.
bool DateAt(const std::u32string& s, size_t i, CalendarDate* out, size_t* end) {
  if (i + 4 > s.size()) return false;
  int year = 0;
  bool ascii = IsAsciiDigit(s[i]);
  for (size_t k = i; k < i + 4; ++k) {
    int d = DigitOf(s[k]);
    if (d < 0 || IsAsciiDigit(s[k]) != ascii) return false;
    year = year * 10 + d;
  }
  size_t j = i + 4;
  if (j >= s.size() || s[j] != U'年') return false;
  ++j;
  int month = SmallNumberAt(s, &j);
  if (month < 1 || month > 12 || j >= s.size() || s[j] != U'月') return false;
  ++j;
  int day = SmallNumberAt(s, &j);
  // The build accepts years 1900-2200 only (content/date.cc): a date it
  // would refuse is no date at all here.
  if (day < 1 || year < 1900 || year > 2200 || day > DaysInMonth(year, month) || j >= s.size() || s[j] != U'日') {
    return false;
  }
  *out = CalendarDate{year, month, day};
  *end = j + 1;
  return true;
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t pos = 0; pos < s.size();) out.push_back(DecodeUtf8(s, &pos));
  return out;
}

}  // namespace

std::string CalendarDate::Iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool FindFullDate(std::string_view s, CalendarDate* out) {
  std::u32string u = Decode(s);
  for (size_t i = 0; i < u.size(); ++i) {
    if (i > 0 && DigitOf(u[i - 1]) >= 0) continue;  // not the tail of a longer number
    size_t end;
    if (DateAt(u, i, out, &end)) return true;
  }
  return false;
}

bool IsDateOnlyLine(std::string_view line) {
  std::u32string u = Decode(line);
  std::u32string compact;
  for (char32_t c : u) {
    if (c != U' ' && c != U'　') compact.push_back(c);
  }
  size_t begin = 0, stop = compact.size();
  if (stop >= 2 && (compact[0] == U'（' || compact[0] == U'(') &&
      (compact[stop - 1] == U'）' || compact[stop - 1] == U')')) {
    ++begin;
    --stop;
  }
  CalendarDate d;
  size_t end;
  return DateAt(compact.substr(0, stop), begin, &d, &end) && end == stop;
}

std::vector<int> FindYears(std::string_view s) {
  std::u32string u = Decode(s);
  std::vector<int> years;
  for (size_t i = 0; i + 4 < u.size(); ++i) {
    if (!IsAsciiDigit(u[i]) || (i > 0 && IsAsciiDigit(u[i - 1]))) continue;
    int year = 0;
    size_t k = i;
    for (; k < i + 4 && IsAsciiDigit(u[k]); ++k) year = year * 10 + DigitOf(u[k]);
    if (k == i + 4 && u[k] == U'年' && year >= 1921 && year <= 2100) years.push_back(year);
    i = k - 1;
  }
  return years;
}

bool GuessDate(const std::vector<std::string_view>& header, const std::vector<std::string_view>& body,
               CalendarDate* out, std::string* rule) {
  for (std::string_view h : header) {
    if (FindFullDate(h, out)) {
      *rule = "date in header";
      return true;
    }
  }
  for (std::string_view h : header) {
    std::vector<int> years = FindYears(h);
    if (!years.empty()) {
      *out = CalendarDate{years.front(), 1, 1};
      *rule = "year in header";
      return true;
    }
  }
  std::map<int, int> counts;
  for (std::string_view b : body) {
    for (int y : FindYears(b)) ++counts[y];
  }
  int best = 0, best_count = 0;
  for (const auto& [year, count] : counts) {
    if (count >= best_count) best = year, best_count = count;  // ascending: ties go to the later
  }
  if (best == 0) return false;
  *out = CalendarDate{best, 1, 1};
  *rule = "year in text";
  return true;
}

CalendarDate DateInZone(std::filesystem::file_time_type time, const std::string& zone) {
  auto sys = std::chrono::file_clock::to_sys(time);
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  if (*tz == icu::TimeZone::getUnknown()) {
    tz.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8("Asia/Shanghai")));
  }
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(static_cast<UDate>(ms), false, raw, dst, status);
  if (U_FAILURE(status)) raw = 8 * 3600 * 1000, dst = 0;
  int64_t local_ms = ms + raw + dst;
  int64_t days = local_ms >= 0 ? local_ms / 86400000 : (local_ms - 86399999) / 86400000;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return CalendarDate{year, month, day};
}

}  // namespace portal::importer
