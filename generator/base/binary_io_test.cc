#include "base/binary_io.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(BinaryIo, ValuesListsAndColumnsReadBackAsWritten) {
  ByteWriter w;
  w.U64(300);
  w.I64(-5);
  w.Str("两个维护");
  w.Strs({"a", "", "乙"});
  w.Fixed64s({1, UINT64_MAX});
  std::vector<uint32_t> small = {7, 0, UINT32_MAX};
  w.Column<uint32_t>(small.size(), [&](size_t i) { return small[i]; });
  w.Column<uint64_t>(2, [](size_t i) { return uint64_t{1} << (40 + i); });
  ByteReader r(w.bytes());
  EXPECT_EQ(r.U64(), 300u);
  EXPECT_EQ(r.I64(), -5);
  EXPECT_EQ(r.Str(), "两个维护");
  EXPECT_EQ(r.Strs(), (std::vector<std::string>{"a", "", "乙"}));
  EXPECT_EQ(r.Fixed64s(), (std::vector<uint64_t>{1, UINT64_MAX}));
  std::vector<uint32_t> got;
  EXPECT_TRUE(r.Column<uint32_t>([&](size_t i, uint32_t v) {
    EXPECT_EQ(i, got.size());
    got.push_back(v);
  }));
  EXPECT_EQ(got, small);
  std::vector<uint64_t> wide;
  EXPECT_TRUE(r.Column<uint64_t>([&](size_t, uint64_t v) { wide.push_back(v); }));
  EXPECT_EQ(wide, (std::vector<uint64_t>{uint64_t{1} << 40, uint64_t{1} << 41}));
  EXPECT_TRUE(r.ok() && r.done());
}

// Empty lists: an empty vector's data() may be null, which memcpy must not
// be given (UBSan in the test command's sanitizer build says so).
TEST(BinaryIo, EmptyListsReadBackEmpty) {
  ByteWriter w;
  w.Fixed64s({});
  w.Strs({});
  w.Raw(nullptr, 0);
  ByteReader r(w.bytes());
  EXPECT_TRUE(r.Fixed64s().empty());
  EXPECT_TRUE(r.Strs().empty());
  EXPECT_TRUE(r.Raw(nullptr, 0));
  EXPECT_TRUE(r.ok() && r.done());
}

TEST(BinaryIo, ShortInputFailsAndHandsNothing) {
  ByteWriter w;
  w.Column<uint64_t>(3, [](size_t i) { return i; });
  std::string bytes = w.bytes();
  bytes.pop_back();
  ByteReader r(bytes);
  size_t handed = 0;
  EXPECT_FALSE(r.Column<uint64_t>([&](size_t, uint64_t) { ++handed; }));
  EXPECT_EQ(handed, 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.U64(), 0u) << "every read after a failure gives zero";
  ByteReader skip("\x05");
  EXPECT_FALSE(skip.Skip(2));
  ByteReader count("\x7f");
  EXPECT_TRUE(count.Fixed64s().empty());
  EXPECT_FALSE(count.ok());
}

}  // namespace
}  // namespace portal
