#include "search/search_postings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
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

// A random list of 1 .. max_count documents, gaps of 1 .. max_gap, each
// with hits in random fields.
std::vector<Doc> RandomList(std::mt19937& rng, uint32_t max_count, uint32_t max_gap) {
  std::vector<Doc> docs;
  uint32_t doc = rng() % 5;
  for (int n = 0, count = 1 + static_cast<int>(rng() % max_count); n < count; ++n) {
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
    doc += 1 + rng() % max_gap;
  }
  return docs;
}

TEST(SearchPostings, RandomListsRoundTrip) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<Doc> docs = RandomList(rng, 60, 3000);
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

// For the Node tests (tests/search/fixture.mjs): every entry shape, with
// escapes, at several Rice parameters, and random lists, packed by the
// writer and decoded here, so search.mjs's decodePostings is checked
// against both (postings.json: [{positional, bytes (hex), entries}]).
TEST(SearchFixture, WritesPostingListsForTheQueryModule) {
  std::vector<std::pair<std::vector<Doc>, std::array<int, 2>>> lists;
  std::vector<Doc> shapes = Shapes();
  for (uint32_t i = 0; i < 3000; ++i) shapes[4].positions.push_back(i * 3);
  shapes[4].counts[kBody] = 3000;
  shapes[3].positions = {2000000000};  // still an escape; the query module keeps positions in Int32Array
  for (int kd : {0, 3, 12, 26}) {
    for (int kp : {0, 5, 20, 27}) lists.push_back({shapes, {kd, kp}});
  }
  std::mt19937 rng(11);
  for (int round = 0; round < 20; ++round) {
    std::vector<Doc> docs = RandomList(rng, 200, round % 2 ? 30 : 3000000);
    lists.push_back({docs, {static_cast<int>(rng() % 14), static_cast<int>(rng() % 14)}});
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [docs, k] : lists) {
    for (bool positional : {true, false}) {
      std::string packed = Pack(docs, positional, k[0], k[1], docs.size() / 2);
      std::vector<DecodedEntry> got;
      ASSERT_TRUE(DecodePacked(packed, positional, &got));
      ExpectSame(docs, got, positional);
      static const char* kHex = "0123456789abcdef";
      std::string hex;
      for (unsigned char c : packed) hex += {kHex[c >> 4], kHex[c & 15]};
      nlohmann::json entries = nlohmann::json::array();
      for (const Doc& d : docs) {
        entries.push_back({{"doc", d.doc},
                           {"counts", std::vector<uint32_t>(d.counts, d.counts + kFieldCount)},
                           {"positions", positional ? d.positions : std::vector<uint32_t>()}});
      }
      out.push_back({{"positional", positional}, {"kd", k[0]}, {"kp", k[1]}, {"bytes", hex}, {"entries", entries}});
    }
  }
  const char* dir = std::getenv("PORTAL_SEARCH_FIXTURE_OUT");
  if (!dir) return;
  std::ofstream(std::string(dir) + "/postings.json") << out.dump();
}

}  // namespace
}  // namespace portal::search
