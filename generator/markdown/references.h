// Images and links a page refers to, for link checking and asset copying.
#pragma once

#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace portal {

// Every image under `root` in order: URL, plain-text alt and source line.
std::vector<ImageRef> CollectImages(cmark_node* root);

// Every link under `root` (autolinks included) in order: URL and source line.
std::vector<LinkRef> CollectLinks(cmark_node* root);

}  // namespace portal
