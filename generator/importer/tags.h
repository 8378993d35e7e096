// Tag suggestions: the “quoted terms” a speech keeps coming back to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace portal::importer {

// Terms in Chinese double quotes (“两个维护”) of 2–8 characters, without
// punctuation, digits-only or placeholders, most frequent first: by how
// often the term is quoted, then how often it occurs at all in `text`, then
// first appearance; at most `max_tags`.
std::vector<std::string> SuggestTags(std::string_view text, size_t max_tags = 5);

}  // namespace portal::importer
