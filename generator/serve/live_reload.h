// ReloadHub: hands "the site changed" and "the build broke" to every open
// /__portal/events stream (server-sent events).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace portal {

struct ReloadEvent {
  uint64_t id = 0;    // increases by one per Publish
  std::string name;   // "reload" or "build-error"
  std::string data;   // one line, may be empty
};

class ReloadHub {
 public:
  // Makes `name` the latest event and wakes every stream. A stream that
  // misses events in between gets only the latest: both kinds of event mean
  // "look again", so nothing is lost.
  void Publish(std::string name, std::string data = "");
  // Id of the latest event (0 before any): a new stream starts after it.
  uint64_t latest_id() const;
  // Waits until an event newer than `after` exists and returns it; returns
  // nullopt after `timeout` or once Shutdown was called.
  std::optional<ReloadEvent> WaitAfter(uint64_t after, std::chrono::milliseconds timeout) const;
  // Ends every wait at once and for good, so streams close and the server
  // can stop.
  void Shutdown();
  bool shut_down() const;

  // The event in SSE wire format ("id: 3\nevent: reload\ndata: \n\n").
  static std::string Format(const ReloadEvent& event);

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  ReloadEvent latest_;
  bool shut_down_ = false;
};

}  // namespace portal
