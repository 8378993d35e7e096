// The Content-Type the dev server sends for a file, by its extension.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// MIME type for `path` ("css/style.css" -> "text/css; charset=utf-8").
// Text types carry charset=utf-8, since every text file the build writes is
// UTF-8; unknown extensions are application/octet-stream.
std::string ContentTypeFor(std::string_view path);

// True when `content_type` is HTML (the live-reload script goes only there).
bool IsHtmlType(std::string_view content_type);

}  // namespace portal
