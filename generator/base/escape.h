// Escaping for every output context. Every value that comes from content or
// config passes through one of these before it reaches an output file.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// HTML text and attribute values: & < > " ' escaped.
std::string EscapeHtml(std::string_view s);

// A URL for an href/src attribute: returns "" for schemes other than http,
// https, mailto, tel and relative URLs (so javascript: and data: never reach a
// page); the result still needs EscapeHtml for the attribute.
std::string SafeUrl(std::string_view url);

// Percent-encodes each byte outside the URL-safe set, leaving '/' as is.
std::string PercentEncodePath(std::string_view path);

// Makes serialized JSON safe to serve and to embed in HTML: <, > and &
// (which JSON can only hold inside strings) become \u003c, \u003e, \u0026,
// so no markup from content ever appears literally in a .json file.
std::string JsonForWeb(std::string_view json_text);

// Strips HTML tags from `html` and decodes the basic entities, giving plain
// text (used for summaries, search text and titles in feeds).
std::string StripTags(std::string_view html);

}  // namespace portal
