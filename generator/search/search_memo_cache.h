// The search index's memo (IndexMemo) as bytes, so portal build can keep it
// between runs (.public.trees/cache/search.cache) as portal serve keeps it
// in memory: the gram plan, each block of documents' posting parts,
// passages and keys, every posting list's dictionary entry (inline lists
// with their bytes), and the keys and digests of the packs, shards, passage
// packs and record blocks. Files' bytes are not kept: they are in the
// output trees (IndexMemo::keep_bytes). The plan's sample counts are not
// kept either: an edit of a sampled page counts the sample again.
#pragma once

#include <functional>
#include <string_view>

#include "base/binary_io.h"
#include "search/search_index.h"

namespace portal::search {

// The cache file's magic line (base/cache_file.h).
inline constexpr std::string_view kIndexMemoMagic = "portal-search-memo-1\n";

// Hands `memo` as bytes to `write`, piece by piece, freeing its blocks as
// they are written (the bulk, on `jobs` threads; the bytes do not depend on
// them): *memo is left empty.
void WriteIndexMemo(IndexMemo* memo, int jobs, const std::function<void(std::string_view)>& write);
// False when the bytes are damaged; *memo is then empty. A memo read back
// keeps no bytes (keep_bytes is false).
bool ReadIndexMemo(ByteReader* in, int jobs, IndexMemo* memo);

}  // namespace portal::search
