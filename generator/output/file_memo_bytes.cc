#include "output/file_memo_bytes.h"

namespace portal {

void WriteFileMemoKeys(const FileMemo& memo, ByteWriter* w) {
  w->U64(memo.size());
  for (const auto& [path, file] : memo) {
    w->Str(path);
    w->Fixed64(file.key);
    w->Fixed64(file.hash);
  }
}

bool ReadFileMemoKeys(ByteReader* r, FileMemo* memo) {
  FileMemo m;
  for (size_t n = r->Count(); n > 0 && r->ok(); --n) {
    std::string path = r->Str();
    MemoFile& f = m[path];
    f.key = r->Fixed64();
    f.hash = r->Fixed64();
  }
  if (!r->ok() || !r->done()) {
    memo->clear();
    return false;
  }
  *memo = std::move(m);
  return true;
}

}  // namespace portal
