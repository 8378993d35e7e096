// The <!--more--> marker: where the author ends the page summary.
#pragma once

#include <cmark-gfm.h>

namespace portal {

// Replaces every <!--more--> comment (a block on its own line or inline)
// with an invisible placeholder and returns the first placeholder, or
// nullptr when there is none. Markers inside headings are only removed: a
// heading cannot be cut.
cmark_node* ReplaceMoreMarkers(cmark_node* root);

// Removes `marker` and everything after it in document order (including
// footnote definitions) and every footnote reference, leaving the summary.
void CutAtMarker(cmark_node* root, cmark_node* marker);

}  // namespace portal
