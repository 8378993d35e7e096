// ByteWriter / ByteReader: plain data to bytes and back, for caches kept on
// disk between builds. Integers are LEB128 varints (signed ones zigzagged),
// strings are a length then the bytes. The reader never reads past its
// input: a short or damaged file makes it fail (ok() turns false and every
// later read gives zero), and the caller then drops the whole cache.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace portal {

class ByteWriter {
 public:
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool b) { out_.push_back(b ? 1 : 0); }
  void Fixed64(uint64_t v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out_.append(b, 8);
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  // `n` bytes as they are in memory (arrays of plain integers).
  void Raw(const void* p, size_t n) {
    if (n > 0) out_.append(static_cast<const char*>(p), n);  // an empty vector's data() may be null
  }
  // A count, then each value as Fixed64 / Str would write it.
  void Fixed64s(const std::vector<uint64_t>& v) {
    U64(v.size());
    Raw(v.data(), v.size() * sizeof(uint64_t));
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const std::string& s : v) Str(s);
  }
  // A count, then `count` values of `field(i)` (uint32_t or uint64_t), as
  // they are in memory: a long list of plain numbers is one copy.
  template <typename T, typename Field>
  void Column(size_t count, Field field) {
    static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
    U64(count);
    size_t at = out_.size();
    out_.resize(at + count * sizeof(T));
    for (size_t i = 0; i < count; ++i) {
      T v = field(i);
      std::memcpy(out_.data() + at + i * sizeof(T), &v, sizeof(T));
    }
  }

  const std::string& bytes() const { return out_; }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return Fail();
      auto b = static_cast<uint8_t>(in_[at_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t I64() {
    uint64_t u = U64();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  // A U64 that must fit in 32 bits.
  uint32_t U32() {
    uint64_t v = U64();
    if (v > UINT32_MAX) return static_cast<uint32_t>(Fail());
    return static_cast<uint32_t>(v);
  }
  // An int that must fit in [lo, hi]; anything else is damage.
  int64_t Int(int64_t lo, int64_t hi) {
    int64_t v = I64();
    if (v < lo || v > hi) return static_cast<int64_t>(Fail());
    return v;
  }
  bool Bool() {
    if (at_ >= in_.size()) return Fail() != 0;
    char c = in_[at_++];
    if (c != 0 && c != 1) return Fail() != 0;
    return c == 1;
  }
  uint64_t Fixed64() {
    if (in_.size() - at_ < 8) return Fail();
    uint64_t v;
    std::memcpy(&v, in_.data() + at_, 8);
    at_ += 8;
    return v;
  }
  std::string Str() { return std::string(View()); }
  std::string_view View() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - at_) {
      Fail();
      return {};
    }
    std::string_view s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  // `n` bytes into `p`, as ByteWriter::Raw wrote them.
  bool Raw(void* p, size_t n) {
    if (n > in_.size() - at_) return Fail() != 0;
    if (n == 0) return true;  // an empty vector's data() may be null: no memcpy
    std::memcpy(p, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  // What ByteWriter::Column wrote, handed to `put(i, value)`; false (and
  // nothing handed) when the bytes are short.
  template <typename T, typename Put>
  bool Column(Put put) {
    size_t count = Count();
    if (count > (in_.size() - at_) / sizeof(T)) return Fail() != 0;
    for (size_t i = 0; i < count; ++i) {
      T v;
      std::memcpy(&v, in_.data() + at_ + i * sizeof(T), sizeof(T));
      put(i, v);
    }
    at_ += count * sizeof(T);
    return true;
  }
  // What ByteWriter::Fixed64s and Strs wrote.
  std::vector<uint64_t> Fixed64s() {
    std::vector<uint64_t> v(Count());
    if (!Raw(v.data(), v.size() * sizeof(uint64_t))) v.clear();
    return v;
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Count());
    for (std::string& s : v) s = Str();
    return v;
  }
  // A count of items that each take at least one byte: more than the bytes
  // left is damage (and would otherwise allocate without bound).
  size_t Count() {
    uint64_t n = U64();
    if (n > in_.size() - at_) return Fail();
    return static_cast<size_t>(n);
  }

  // Marks the input as damaged (a value the caller found impossible).
  void Invalidate() { Fail(); }

  bool ok() const { return ok_; }
  bool done() const { return at_ == in_.size(); }
  // Where the next read starts in the input, and the input itself.
  size_t position() const { return at_; }
  std::string_view input() const { return in_; }
  // Steps over `n` bytes.
  bool Skip(size_t n) {
    if (n > in_.size() - at_) return Fail() != 0;
    at_ += n;
    return true;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    at_ = in_.size();
    return 0;
  }

  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace portal
