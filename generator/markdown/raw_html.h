// Raw HTML in Markdown when the site does not allow it: shown, not run.
#pragma once

#include <cmark-gfm.h>

namespace portal {

// Turns every raw HTML block into a paragraph of its literal text (lines
// kept by hard breaks) and every inline HTML tag into text, so the renderer
// escapes them: "<script>" reaches the page as "&lt;script&gt;".
void EscapeRawHtml(cmark_node* root);

}  // namespace portal
