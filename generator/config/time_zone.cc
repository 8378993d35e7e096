#include "config/time_zone.h"

#include <memory>
#include <vector>

#include <unicode/strenum.h>
#include <unicode/timezone.h>

#include "base/diagnostic.h"

namespace portal {

bool IsKnownTimeZone(std::string_view id) {
  icu::UnicodeString canonical;
  UBool system_id = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), id.size())), canonical,
                                system_id, status);
  return U_SUCCESS(status) && system_id;
}

namespace {

std::vector<std::string> AllZoneIds() {
  std::vector<std::string> ids;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> all(icu::TimeZone::createEnumeration(status));
  if (U_FAILURE(status) || !all) return ids;
  while (const icu::UnicodeString* id = all->snext(status)) {
    if (U_FAILURE(status)) break;
    std::string s;
    id->toUTF8String(s);
    ids.push_back(std::move(s));
  }
  return ids;
}

// Names Chinese editors write for China Standard Time, which IANA files under Shanghai.
bool MeansChina(std::string_view id) {
  for (std::string_view name : {"Beijing", "Asia/Beijing", "北京", "China", "CST+8", "GMT+8",
                                "UTC+8", "GMT+08:00", "UTC+08:00", "+08:00", "Asia/Shangai"}) {
    if (id == name) return true;
  }
  return false;
}

}  // namespace

std::string TimeZoneHint(std::string_view id) {
  if (MeansChina(id)) return "for China write timeZone: Asia/Shanghai";
  std::string guess = ClosestMatch(id, AllZoneIds());
  if (!guess.empty()) return "did you mean '" + guess + "'?";
  return "write an IANA time zone name; for China write timeZone: Asia/Shanghai";
}

}  // namespace portal
