#include "content/date.h"

#include <cstdio>
#include <memory>

#include <unicode/timezone.h>

#include "base/utf8.h"

namespace portal {

namespace {

const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthAbbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kDayAbbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Full-width digits and punctuation (from IMEs) become ASCII, the ideographic
// space a space; this is the part of NFKC that matters for dates.
std::string FoldFullWidth(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) c = ' ';
    AppendUtf8(c, &out);
  }
  size_t b = out.find_first_not_of(" \t");
  size_t e = out.find_last_not_of(" \t");
  return b == std::string::npos ? "" : out.substr(b, e - b + 1);
}

// A cursor over the date text.
struct Scanner {
  std::string_view s;
  size_t pos = 0;

  bool Done() const { return pos >= s.size(); }
  bool Eat(std::string_view token) {
    if (s.substr(pos).starts_with(token)) {
      pos += token.size();
      return true;
    }
    return false;
  }
  // Reads min..max ASCII digits.
  bool Number(int min_digits, int max_digits, int* out) {
    int n = 0, v = 0;
    while (pos < s.size() && n < max_digits && s[pos] >= '0' && s[pos] <= '9') {
      v = v * 10 + (s[pos++] - '0');
      ++n;
    }
    *out = v;
    return n >= min_digits;
  }
  void SkipSpaces() {
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
};

bool ParseDatePart(Scanner* sc, DateTime* dt) {
  if (!sc->Number(4, 4, &dt->year)) return false;
  std::string_view month_sep, day_sep;
  for (std::string_view sep : {"-", "/", ".", "年"}) {
    if (sc->Eat(sep)) {
      month_sep = sep;
      day_sep = sep == "年" ? "月" : sep;
      break;
    }
  }
  if (month_sep.empty()) return false;
  sc->SkipSpaces();
  if (!sc->Number(1, 2, &dt->month)) return false;
  sc->SkipSpaces();
  if (!sc->Eat(day_sep)) return false;
  sc->SkipSpaces();
  if (!sc->Number(1, 2, &dt->day)) return false;
  if (month_sep == "年") {
    sc->SkipSpaces();
    if (!sc->Eat("日") && !sc->Eat("号")) return false;
  }
  return true;
}

// Parses "09:30[:00[.123]][ ]Z|+08:00|+0800|+08"; false with `*error` set on junk.
bool ParseTimePart(Scanner* sc, DateTime* dt, bool* bad_offset) {
  if (!sc->Number(1, 2, &dt->hour) || !sc->Eat(":") || !sc->Number(2, 2, &dt->minute)) return false;
  if (sc->Eat(":")) {
    if (!sc->Number(2, 2, &dt->second)) return false;
    if (sc->Eat(".")) {
      int frac = 0;
      if (!sc->Number(1, 9, &frac)) return false;  // sub-second precision is not kept
    }
  }
  dt->has_time = true;
  sc->SkipSpaces();
  if (sc->Eat("Z") || sc->Eat("z")) {
    dt->offset_minutes = 0;
    return true;
  }
  if (sc->Done() || (sc->s[sc->pos] != '+' && sc->s[sc->pos] != '-')) return true;
  int sign = sc->s[sc->pos++] == '-' ? -1 : 1;
  int hours = 0, minutes = 0;
  if (!sc->Number(2, 2, &hours)) return false;
  if (sc->Eat(":")) {
    if (!sc->Number(2, 2, &minutes)) return false;
  } else if (!sc->Done()) {
    if (!sc->Number(2, 2, &minutes)) return false;
  }
  if (hours > 14 || minutes > 59) *bad_offset = true;
  dt->offset_minutes = sign * (hours * 60 + minutes);
  return true;
}

std::string Validate(const std::string& text, const DateTime& dt) {
  if (dt.year < 1900 || dt.year > 2200) {
    return text + " is not a plausible date: the year must be between 1900 and 2200";
  }
  if (dt.month < 1 || dt.month > 12) return text + " is not a date: there is no month " + std::to_string(dt.month);
  if (dt.day < 1) return text + " is not a date: there is no day 0";
  int dim = DaysInMonth(dt.year, dt.month);
  if (dt.day > dim) {
    return text + " is not a date: " + kMonthNames[dt.month - 1] + " " + std::to_string(dt.year) + " has " +
           std::to_string(dim) + " days";
  }
  if (dt.hour > 23) return text + " is not a time: the hour must be 0 to 23";
  if (dt.minute > 59) return text + " is not a time: the minutes must be 0 to 59";
  if (dt.second > 59) return text + " is not a time: the seconds must be 0 to 59";
  return "";
}

}  // namespace

int64_t DateTime::EpochSeconds() const {
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
         static_cast<int64_t>(offset_minutes) * 60;
}

std::string DateTime::Iso8601() const {
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day, hour, minute, second,
                offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string DateTime::Rfc822() const {
  int64_t days = DaysFromCivil(year, month, day);  // the local date names the weekday
  int weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", kDayAbbr[weekday], day,
                kMonthAbbr[(month >= 1 && month <= 12 ? month : 1) - 1], year, hour, minute, second,
                offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string DateTime::Chinese() const {
  return std::to_string(year) + "年" + std::to_string(month) + "月" + std::to_string(day) + "日";
}

std::string DateTime::IsoDate() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool ParseDate(std::string_view text, int default_offset_minutes, DateTime* out, std::string* error) {
  std::string folded = FoldFullWidth(text);
  std::string shown(text);
  if (folded.empty()) {
    *error = "the date is empty";
    return false;
  }
  DateTime dt;
  dt.offset_minutes = default_offset_minutes;
  Scanner sc{folded};
  if (!ParseDatePart(&sc, &dt)) {
    *error = "'" + shown + "' is not a date in a known format";
    return false;
  }
  bool bad_offset = false;
  if (!sc.Done()) {
    if (!sc.Eat("T") && !sc.Eat("t") && sc.s[sc.pos] != ' ') {
      *error = "'" + shown + "' is not a date: unexpected '" + std::string(sc.s.substr(sc.pos)) + "' after the date";
      return false;
    }
    sc.SkipSpaces();
    size_t time_start = sc.pos;
    if (!ParseTimePart(&sc, &dt, &bad_offset)) {
      *error = "'" + shown + "' has a time I cannot read: '" + std::string(sc.s.substr(time_start)) +
               "' (write it as 09:30 or 09:30:00)";
      return false;
    }
    sc.SkipSpaces();
    if (!sc.Done()) {
      *error = "'" + shown + "' is not a date: unexpected '" + std::string(sc.s.substr(sc.pos)) + "' after the time";
      return false;
    }
  }
  std::string problem = Validate(shown, dt);
  if (problem.empty() && bad_offset) problem = shown + " has an impossible UTC offset";
  if (!problem.empty()) {
    *error = problem;
    return false;
  }
  *out = dt;
  return true;
}

int TimeZoneOffsetMinutes(const std::string& zone, int64_t epoch_seconds, bool* known) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  bool ok = tz && *tz != icu::TimeZone::getUnknown();
  if (known) *known = ok;
  if (!ok) return 480;
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(static_cast<UDate>(epoch_seconds) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) {
    if (known) *known = false;
    return 480;
  }
  return (raw + dst) / 60000;
}

}  // namespace portal
