// The date of a speech, read from its text as an editor would.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace portal::importer {

struct CalendarDate {
  int year = 0, month = 0, day = 0;
  std::string Iso() const;  // 2021-03-05
  bool valid() const { return year > 0; }
};

// The first full date in `s`: 2021年3月5日, with ASCII or full-width digits
// or Chinese numerals (二〇二一年三月五日). Impossible dates are skipped.
bool FindFullDate(std::string_view s, CalendarDate* out);

// True when `line` is only a date, optionally in brackets: （2021年3月5日）.
bool IsDateOnlyLine(std::string_view line);

// Years written as 2020年 or 2022年度 (1921–2100), in order of appearance.
std::vector<int> FindYears(std::string_view s);

// The date rule, first match wins:
//   1. a full date in the header (title, occasion, date line);
//   2. a year in the header (2022年度 -> 2022-01-01);
//   3. the year the body names most often (ties: the later), January 1 —
//      full dates in the body are not used: they date the events a speech
//      refers to ("2020年1月13日，十九届中央纪委四中全会…"), not the speech;
// else returns false and the caller uses the file's modification date.
// *rule says which rule matched ("date in header", "year in header", "year in text").
bool GuessDate(const std::vector<std::string_view>& header, const std::vector<std::string_view>& body,
               CalendarDate* out, std::string* rule);

// The calendar date of `time` in IANA zone `zone` (Asia/Shanghai when unknown).
CalendarDate DateInZone(std::filesystem::file_time_type time, const std::string& zone);

}  // namespace portal::importer
