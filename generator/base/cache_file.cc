#include "base/cache_file.h"

#include <fstream>
#include <system_error>

#include "base/binary_io.h"
#include "base/file.h"
#include "base/hash.h"

namespace portal {
namespace fs = std::filesystem;

bool WriteCacheFile(const fs::path& file, std::string_view magic, uint64_t binary_key, std::string_view payload,
                    std::string* error) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path tmp = file;
  tmp += ".tmp";
  ByteWriter head;
  head.bytes().append(magic);
  head.Fixed64(binary_key);
  uint64_t sum = Hash64(payload, Hash64(head.bytes()));
  ByteWriter tail;
  tail.Fixed64(sum);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(head.bytes().data(), static_cast<std::streamsize>(head.bytes().size()));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.write(tail.bytes().data(), 8);
    if (!out) {
      *error = "cannot write " + tmp.string();
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) *error = "cannot rename " + tmp.string() + ": " + ec.message();
  return !ec;
}

bool ReadCacheFile(const fs::path& file, std::string_view magic, uint64_t binary_key, std::string* payload,
                   std::string* why) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    *why = "none yet";
    return false;
  }
  std::string bytes, error;
  if (!ReadFile(file, &bytes, &error, uint64_t{1} << 40)) {
    *why = error;
    return false;
  }
  const size_t head = magic.size() + 8;
  if (bytes.size() < head + 8 || std::string_view(bytes).substr(0, magic.size()) != magic) {
    *why = "not a cache of this kind";
    return false;
  }
  ByteReader tail(std::string_view(bytes).substr(bytes.size() - 8));
  std::string_view body(bytes.data() + head, bytes.size() - head - 8);
  if (tail.Fixed64() != Hash64(body, Hash64(std::string_view(bytes).substr(0, head)))) {
    *why = "damaged";
    return false;
  }
  ByteReader key(std::string_view(bytes).substr(magic.size(), 8));
  if (key.Fixed64() != binary_key) {
    *why = "made by another portal binary";
    return false;
  }
  bytes.resize(bytes.size() - 8);
  bytes.erase(0, head);
  *payload = std::move(bytes);
  return true;
}

}  // namespace portal
