// Small HTML changes so body content behaves on phones.
#pragma once

#include <string>

#include "markdown/cmark_tree.h"

namespace portal {

// Wraps every table in <div class="table-scroll"> so a wide table scrolls
// inside its own box instead of widening the page.
void WrapTables(cmark_node* root);

// Adds loading="lazy" to the <img> tags cmark rendered.
std::string LazyLoadImages(const std::string& html);

}  // namespace portal
