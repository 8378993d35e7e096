// Time zone names as the site config accepts them: IANA ids known to ICU.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// True for an IANA zone id ICU knows ("Asia/Shanghai", "UTC"), false for
// unknown names and for custom offsets such as "GMT+8".
bool IsKnownTimeZone(std::string_view id);

// A hint for an unknown zone: "did you mean 'Asia/Shanghai'?" for typos and
// Chinese city names, else a sentence naming the usual choice.
std::string TimeZoneHint(std::string_view id);

}  // namespace portal
