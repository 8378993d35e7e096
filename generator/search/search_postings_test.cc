#include "search/search_postings.h"

#include <gtest/gtest.h>

namespace portal::search {
namespace {

TEST(SearchPostings, RoundTripsEveryEntryShape) {
  Posting p;
  Hit once[] = {{kBody, 7}};
  Hit many[] = {{kBody, 3}, {kBody, 300}};
  Hit mixed[] = {{kTitle, 0}, {kTags, 2}, {kBody, 9}, {kBody, 10}};
  AddDocument(&p, 0, once, 1, true);
  AddDocument(&p, 5, many, 2, true);
  AddDocument(&p, 1000, mixed, 4, true);
  std::vector<DecodedEntry> d;
  ASSERT_TRUE(DecodePosting(p.bytes, true, &d));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].doc, 0);
  EXPECT_EQ(d[0].positions[kBody], std::vector<uint32_t>({7}));
  EXPECT_EQ(d[1].doc, 5);
  EXPECT_EQ(d[1].positions[kBody], std::vector<uint32_t>({3, 300}));
  EXPECT_EQ(d[2].doc, 1000);
  EXPECT_EQ(d[2].counts[kTitle], 1u);
  EXPECT_EQ(d[2].counts[kTags], 1u);
  EXPECT_EQ(d[2].positions[kBody], std::vector<uint32_t>({9, 10}));
  EXPECT_EQ(p.df, 3u);
  EXPECT_EQ(p.occurrences, 7u);
}

TEST(SearchPostings, CountsOnlyListsHaveNoPositions) {
  Posting p;
  Hit hits[] = {{kBody, 1}, {kBody, 2}, {kBody, 3}};
  AddDocument(&p, 2, hits, 3, false);
  EXPECT_EQ(p.bytes.size(), 2u);  // header, count
  std::vector<DecodedEntry> d;
  ASSERT_TRUE(DecodePosting(p.bytes, false, &d));
  EXPECT_EQ(d[0].counts[kBody], 3u);
}

TEST(SearchPostings, AppendingBlocksEqualsOneList) {
  Posting whole, first, second;
  for (int64_t doc : {1, 4, 9, 200, 201}) {
    Hit h{kBody, static_cast<uint32_t>(doc)};
    AddDocument(&whole, doc, &h, 1, true);
    AddDocument(doc < 100 ? &first : &second, doc, &h, 1, true);
  }
  Posting joined;
  AppendPosting(&joined, first);
  AppendPosting(&joined, Posting());
  AppendPosting(&joined, second);
  EXPECT_EQ(joined.bytes, whole.bytes);
  EXPECT_EQ(joined.df, 5u);
  EXPECT_EQ(joined.last_doc, 201);
}

TEST(SearchPostings, PackedFormDecodesToTheSameEntries) {
  Posting p;
  Hit once[] = {{kBody, 7}};
  Hit many[] = {{kBody, 3}, {kBody, 300}, {kBody, 301}, {kBody, 100000}};
  Hit mixed[] = {{kTitle, 0}, {kTags, 2}, {kTags, 5}, {kBody, 9}, {kBody, 10}, {kPinyin, 1}};
  AddDocument(&p, 0, once, 1, true);
  AddDocument(&p, 5, many, 4, true);
  AddDocument(&p, 1000, mixed, 6, true);
  AddDocument(&p, 5000000, once, 1, true);
  for (bool positional : {true, false}) {
    Posting q = p;
    if (!positional) {
      q = Posting();
      AddDocument(&q, 0, once, 1, false);
      AddDocument(&q, 5, many, 4, false);
      AddDocument(&q, 1000, mixed, 6, false);
    }
    std::vector<DecodedEntry> a, b;
    ASSERT_TRUE(DecodePosting(q.bytes, positional, &a));
    std::string packed = PackPosting(q.bytes, positional);
    ASSERT_TRUE(DecodePacked(packed, positional, &b));
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].doc, b[i].doc);
      for (int f = 0; f < kFieldCount; ++f) {
        EXPECT_EQ(a[i].counts[f], b[i].counts[f]);
        EXPECT_EQ(a[i].positions[f], b[i].positions[f]);
      }
    }
    EXPECT_FALSE(DecodePacked(packed.substr(0, packed.size() / 2), positional, &b));
  }
}

TEST(SearchPostings, RejectsTruncatedBytes) {
  std::vector<DecodedEntry> d;
  EXPECT_FALSE(DecodePosting(std::string("\x81", 1), true, &d));
}

}  // namespace
}  // namespace portal::search
