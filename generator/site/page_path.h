// Where a page lands: its slug and URL, from its file name or `slug:`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal {

// Computes the slug and site-relative URL ("/speeches/2023/liang-ge-wei-hu/")
// of a page in `section`, under `folders`, with file stem `stem` and front
// matter slug `explicit_slug` (may be empty). ASCII names are lowercased and
// kept; Chinese names get a pinyin slug. Returns false with *error when the
// slug would leave its folder ("../x", "/etc", "a/b") or has control
// characters.
bool PagePath(const std::string& section, const std::vector<std::string>& folders,
              const std::string& stem, const std::string& explicit_slug, std::string* slug,
              std::string* url, std::string* error);

// Slug for one path segment: lowercased ASCII kept ([a-z0-9._-]), anything
// else through Slugify (pinyin). Falls back to `fallback` when empty.
std::string SegmentSlug(std::string_view name, std::string_view fallback);

// 1-based line of "key:" inside the leading front matter of `text`, or 0.
int FindKeyLine(std::string_view text, std::string_view key);

}  // namespace portal
