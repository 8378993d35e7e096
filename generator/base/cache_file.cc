#include "base/cache_file.h"

#include <fstream>
#include <system_error>

#include "base/binary_io.h"
#include "base/file.h"
#include "base/hash.h"

namespace portal {
namespace fs = std::filesystem;

namespace {


fs::path TemporaryOf(const fs::path& file) {
  fs::path tmp = file;
  tmp += ".tmp";
  return tmp;
}

}  // namespace

struct CacheFileWriter::State {
  fs::path tmp;
  std::ofstream out;
  XXH3_state_t* sum = XXH3_createState();
  ~State() { XXH3_freeState(sum); }
};

CacheFileWriter::CacheFileWriter() : state_(std::make_unique<State>()) {}
CacheFileWriter::~CacheFileWriter() = default;

bool CacheFileWriter::Open(const fs::path& file, std::string_view magic, uint64_t binary_key, std::string* error) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  state_->tmp = TemporaryOf(file);
  state_->out.open(state_->tmp, std::ios::binary | std::ios::trunc);
  if (!state_->out) {
    *error = "cannot write " + state_->tmp.string();
    return false;
  }
  ByteWriter head;
  head.bytes().append(magic);
  head.Fixed64(binary_key);
  // The checksum covers the payload, seeded with the head's hash.
  XXH3_64bits_reset_withSeed(state_->sum, Hash64(head.bytes()));
  state_->out.write(head.bytes().data(), static_cast<std::streamsize>(head.bytes().size()));
  return true;
}

void CacheFileWriter::Append(std::string_view bytes) {
  XXH3_64bits_update(state_->sum, bytes.data(), bytes.size());
  state_->out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool CacheFileWriter::Finish(std::string* error) {
  ByteWriter tail;
  tail.Fixed64(XXH3_64bits_digest(state_->sum));
  state_->out.write(tail.bytes().data(), 8);
  state_->out.close();
  if (!state_->out) {
    *error = "cannot write " + state_->tmp.string();
    std::error_code ec;
    fs::remove(state_->tmp, ec);
    return false;
  }
  return true;
}

bool CacheFileWriter::Commit(const fs::path& file, std::string* error) {
  std::error_code ec;
  fs::rename(TemporaryOf(file), file, ec);
  if (ec) *error = "cannot rename " + TemporaryOf(file).string() + ": " + ec.message();
  return !ec;
}

void CacheFileWriter::Discard(const fs::path& file) {
  std::error_code ec;
  fs::remove(TemporaryOf(file), ec);
}

bool PrepareCacheFile(const fs::path& file, std::string_view magic, uint64_t binary_key, std::string_view payload,
                      std::string* error) {
  CacheFileWriter out;
  if (!out.Open(file, magic, binary_key, error)) return false;
  out.Append(payload);
  return out.Finish(error);
}

bool WriteCacheFile(const fs::path& file, std::string_view magic, uint64_t binary_key, std::string_view payload,
                    std::string* error) {
  return PrepareCacheFile(file, magic, binary_key, payload, error) && CacheFileWriter::Commit(file, error);
}

bool ReadCacheFile(const fs::path& file, std::string_view magic, uint64_t binary_key, CachePayload* payload,
                   std::string* why) {
  std::error_code ec;
  uint64_t size = fs::file_size(file, ec);
  if (ec) {
    *why = fs::exists(file, ec) ? "cannot read " + file.string() : "none yet";
    return false;
  }
  if (!payload->file_.Open(file, size, why)) return false;
  std::string_view bytes = payload->file_.bytes();
  const size_t head = magic.size() + 8;
  if (bytes.size() < head + 8 || bytes.substr(0, magic.size()) != magic) {
    *why = "not a cache of this kind";
    return false;
  }
  ByteReader tail(bytes.substr(bytes.size() - 8));
  std::string_view body = bytes.substr(head, bytes.size() - head - 8);
  if (tail.Fixed64() != Hash64(body, Hash64(bytes.substr(0, head)))) {
    *why = "damaged";
    return false;
  }
  ByteReader key(bytes.substr(magic.size(), 8));
  if (key.Fixed64() != binary_key) {
    *why = "made by another portal binary";
    return false;
  }
  payload->bytes_ = body;
  return true;
}

}  // namespace portal
