// A FileMemo's keys and digests as bytes, so portal build can keep its
// render memo between runs (.public.trees/cache/html.cache). The bytes of
// the files are not written: the output tree has them, and a file found
// changed there is made again (OutputPlan::Keep).
#pragma once

#include "base/binary_io.h"
#include "output/output_plan.h"

namespace portal {

void WriteFileMemoKeys(const FileMemo& memo, ByteWriter* out);
// False when the bytes are damaged; *memo is then empty.
bool ReadFileMemoKeys(ByteReader* in, FileMemo* memo);

}  // namespace portal
