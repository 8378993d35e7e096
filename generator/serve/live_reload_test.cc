#include "serve/live_reload.h"

#include <gtest/gtest.h>

#include <thread>

namespace portal {
namespace {

using std::chrono::milliseconds;

TEST(ReloadHub, WakesAWaiterWithTheLatestEvent) {
  ReloadHub hub;
  uint64_t start = hub.latest_id();
  std::thread publisher([&] {
    std::this_thread::sleep_for(milliseconds(20));
    hub.Publish("reload");
  });
  std::optional<ReloadEvent> event = hub.WaitAfter(start, milliseconds(5000));
  publisher.join();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->name, "reload");
  EXPECT_EQ(ReloadHub::Format(*event), "id: 1\nevent: reload\ndata: \n\n");
}

TEST(ReloadHub, TimesOutWithoutEvents) {
  ReloadHub hub;
  EXPECT_FALSE(hub.WaitAfter(hub.latest_id(), milliseconds(10)).has_value());
}

TEST(ReloadHub, ShutdownEndsEveryWait) {
  ReloadHub hub;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(20));
    hub.Shutdown();
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(hub.WaitAfter(0, milliseconds(10000)).has_value());
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(5000));
  EXPECT_TRUE(hub.shut_down());
}

TEST(ReloadHub, KeepsEventDataOnOneLine) {
  EXPECT_EQ(ReloadHub::Format({7, "build-error", "a\nb"}), "id: 7\nevent: build-error\ndata: a b\n\n");
}

}  // namespace
}  // namespace portal
