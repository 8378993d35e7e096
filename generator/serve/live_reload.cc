#include "serve/live_reload.h"

namespace portal {

void ReloadHub::Publish(std::string name, std::string data) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    latest_.id++;
    latest_.name = std::move(name);
    latest_.data = std::move(data);
  }
  cv_.notify_all();
}

uint64_t ReloadHub::latest_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_.id;
}

std::optional<ReloadEvent> ReloadHub::WaitAfter(uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return shut_down_ || latest_.id > after; });
  if (shut_down_ || latest_.id <= after) return std::nullopt;
  return latest_;
}

void ReloadHub::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shut_down_ = true;
  }
  cv_.notify_all();
}

bool ReloadHub::shut_down() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shut_down_;
}

std::string ReloadHub::Format(const ReloadEvent& event) {
  std::string data;
  for (char c : event.data) data += (c == '\n' || c == '\r') ? ' ' : c;  // one data line
  return "id: " + std::to_string(event.id) + "\nevent: " + event.name + "\ndata: " + data + "\n\n";
}

}  // namespace portal
