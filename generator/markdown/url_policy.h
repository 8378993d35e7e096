// Which link and image URLs may reach a page.
#pragma once

#include <cmark-gfm.h>

#include <string_view>

namespace portal {

// True for URLs that run code when followed: javascript:, vbscript:, and
// data: other than data:image/png|gif|jpeg|webp. Whitespace and control
// characters inside the scheme are ignored, as browsers ignore them.
bool IsDangerousUrl(std::string_view url);

// Empties the URL of every dangerous link and image under `root`.
void NeutralizeDangerousUrls(cmark_node* root);

}  // namespace portal
