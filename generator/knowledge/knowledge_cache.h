// The knowledge stage's memo (KnowledgeMemo) as bytes, so portal build can
// keep it between runs (.public.trees/cache/knowledge.cache) as portal serve
// keeps it in memory: what each page's text gave (quoted phrases, term
// hits, salient bigrams, under the page's version), the related-reading
// scores, which pages' term links are already in their HTML, and the keys
// and digests of the term and facet pages and of their concordance lines
// (the pages' bytes are in the output trees; lines are made again for a
// page rendered again). Page cards are not kept: they are made again.
#pragma once

#include "base/binary_io.h"
#include "knowledge/knowledge.h"

namespace portal {

void WriteKnowledgeMemo(const KnowledgeMemo& memo, ByteWriter* out);
// False when the bytes are damaged; *memo is then empty.
bool ReadKnowledgeMemo(ByteReader* in, KnowledgeMemo* memo);

}  // namespace portal
