#include "base/text_store.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portal {
namespace {

TEST(TextStore, GivesBackWhatWasPutFromManyThreads) {
  TextStore store;
  std::string error;
  ASSERT_TRUE(store.Open(::testing::TempDir(), &error)) << error;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::pair<TextStore::Ref, std::string>>> put(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string text = "第" + std::to_string(t) + "组" + std::string(static_cast<size_t>(i * 7), 'x') + "完";
        put[t].push_back({store.Put(text), text});
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& list : put) {
    for (const auto& [ref, text] : list) {
      EXPECT_FALSE(ref.in_memory);
      EXPECT_EQ(store.Get(ref), text);
    }
  }
  EXPECT_GT(store.file_bytes(), 0u);
}

TEST(TextStore, KeepsTextsInMemoryWithoutAFile) {
  TextStore store;
  std::string error;
  EXPECT_FALSE(store.Open("/nonexistent/folder", &error));
  EXPECT_NE(error.find("/nonexistent/folder"), std::string::npos);
  TextStore::Ref ref = store.Put("两个维护");
  EXPECT_TRUE(ref.in_memory);
  EXPECT_EQ(store.Get(ref), "两个维护");
  EXPECT_EQ(store.Get(store.Put("")), "");
}

}  // namespace
}  // namespace portal
