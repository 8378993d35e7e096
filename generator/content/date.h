// Dates as editors write them, and the forms the site prints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portal {

struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int offset_minutes = 480;  // UTC offset; defaults to the site's time zone
  bool has_time = false;

  // Seconds since the Unix epoch (UTC), for ordering and comparisons.
  int64_t EpochSeconds() const;
  // 2020-03-05T09:30:00+08:00 (the offset as written or the site's).
  std::string Iso8601() const;
  // Thu, 05 Mar 2020 09:30:00 +0800 (RFC 822/1123, for RSS).
  std::string Rfc822() const;
  // 2020年3月5日
  std::string Chinese() const;
  // 2020-03-05
  std::string IsoDate() const;
};

// Parses 2020-03-05, 2020-03-05T09:30:00+08:00 (also with a space, Z, or no
// seconds), 2020/3/5, 2020.3.5 and 2020年3月5日. `default_offset_minutes` is
// used when the text has no offset. On failure returns false and sets *error
// to a sentence saying what is wrong ("February 2021 has 28 days").
bool ParseDate(std::string_view text, int default_offset_minutes, DateTime* out, std::string* error);

// UTC offset in minutes of an IANA time zone at the given instant (ICU), or
// 480 when the zone is unknown (then *known is false).
int TimeZoneOffsetMinutes(const std::string& zone, int64_t epoch_seconds, bool* known = nullptr);

}  // namespace portal
