#include "search/search_postings.h"

#include <gtest/gtest.h>

#include <random>

namespace portal::search {
namespace {

struct Doc {
  uint32_t doc;
  uint32_t counts[kFieldCount];
  std::vector<uint32_t> positions;  // by field, ascending in each
};

std::string Pack(const std::vector<Doc>& docs, bool positional, int kd, int kp, size_t split = 0) {
  // Parts of [0, split) and [split, end), like two blocks of documents.
  PostingPart a, b;
  for (size_t i = 0; i < docs.size(); ++i) {
    (i < split ? a : b).Add(docs[i].doc, docs[i].counts, docs[i].positions.data(), positional, kd, kp);
  }
  std::vector<const PostingPart*> parts;
  if (a.df) parts.push_back(&a);
  if (b.df) parts.push_back(&b);
  std::string out(PackedSize(parts, kd), '\0');
  WritePacked(parts, kd, kp, out.data());
  return out;
}

void ExpectSame(const std::vector<Doc>& docs, const std::vector<DecodedEntry>& got, bool positional) {
  ASSERT_EQ(got.size(), docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(got[i].doc, docs[i].doc);
    std::vector<uint32_t> positions;
    for (int f = 0; f < kFieldCount; ++f) {
      EXPECT_EQ(got[i].counts[f], docs[i].counts[f]) << "entry " << i << " field " << f;
      positions.insert(positions.end(), got[i].positions[f].begin(), got[i].positions[f].end());
    }
    if (positional) {
      EXPECT_EQ(positions, docs[i].positions);
    }
  }
}

const std::vector<Doc>& Shapes() {
  static const std::vector<Doc> docs = {
      {0, {0, 0, 0, 1, 0}, {7}},                          // body once
      {5, {0, 0, 0, 4, 0}, {3, 300, 301, 100000}},        // body several
      {1000, {1, 0, 2, 2, 1}, {0, 2, 5, 9, 10, 1}},       // several fields
      {5000000, {0, 0, 0, 1, 0}, {4000000000u}},         // escapes
      {5000001, {0, 0, 0, 70000, 0}, {}},
  };
  return docs;
}

TEST(SearchPostings, RoundTripsEveryEntryShape) {
  std::vector<Doc> docs = Shapes();
  for (uint32_t i = 0; i < 70000; ++i) docs[4].positions.push_back(i * 3);
  for (bool positional : {true, false}) {
    for (int kd : {0, 3, 12}) {
      for (int kp : {0, 5, 20}) {
        std::vector<DecodedEntry> got;
        ASSERT_TRUE(DecodePacked(Pack(docs, positional, kd, kp), positional, &got));
        ExpectSame(docs, got, positional);
      }
    }
  }
}

TEST(SearchPostings, JoiningPartsEqualsOneList) {
  std::vector<Doc> docs = Shapes();
  for (uint32_t i = 0; i < 70000; ++i) docs[4].positions.push_back(i * 3);
  std::string whole = Pack(docs, true, 4, 6);
  for (size_t split = 0; split <= docs.size(); ++split) EXPECT_EQ(Pack(docs, true, 4, 6, split), whole) << split;
}

TEST(SearchPostings, RandomListsRoundTrip) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<Doc> docs;
    uint32_t doc = rng() % 5;
    for (int n = 0, count = 1 + static_cast<int>(rng() % 60); n < count; ++n) {
      Doc d{doc, {}, {}};
      for (int f = 0; f < kFieldCount; ++f) {
        if (rng() % 3) continue;
        d.counts[f] = 1 + rng() % 9;
        uint32_t p = rng() % 50;
        for (uint32_t k = 0; k < d.counts[f]; ++k, p += 1 + rng() % 400) d.positions.push_back(p);
      }
      if (d.positions.empty()) {
        d.counts[kBody] = 1;
        d.positions.push_back(rng() % 1000);
      }
      docs.push_back(d);
      doc += 1 + rng() % 3000;
    }
    int kd = static_cast<int>(rng() % 14), kp = static_cast<int>(rng() % 14);
    std::vector<DecodedEntry> got;
    std::string packed = Pack(docs, true, kd, kp, rng() % docs.size());
    ASSERT_TRUE(DecodePacked(packed, true, &got));
    ExpectSame(docs, got, true);
    EXPECT_FALSE(DecodePacked(packed.substr(0, packed.size() / 2), true, &got));
  }
}

TEST(SearchPostings, RiceParameterFollowsTheMean) {
  EXPECT_EQ(RiceParameterForMean(0), 0);
  EXPECT_EQ(RiceParameterForMean(1), 0);
  EXPECT_EQ(RiceParameterForMean(100), 6);
  EXPECT_EQ(RiceParameterForMean(1e12), 30);
}

TEST(SearchPostings, RejectsTruncatedBytes) {
  std::vector<DecodedEntry> d;
  EXPECT_FALSE(DecodePacked(std::string("\x81", 1), true, &d));
  EXPECT_FALSE(DecodePacked(std::string("\x05", 1), true, &d));
}

}  // namespace
}  // namespace portal::search
