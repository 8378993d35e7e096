// DevServer: `portal serve`. Builds the site in memory, serves the last good
// build over HTTP, rebuilds on every change and tells open pages to reload.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace portal {

struct ServeOptions {
  std::filesystem::path site_root = ".";
  std::string bind = "127.0.0.1";
  int port = 1313;            // 0 = any free port (tests)
  bool build_drafts = true;   // an editor previews what is not published yet
  bool build_future = true;
  int jobs = 0;
  int debounce_ms = 50;       // quiet time after the last change before a rebuild
  bool verbose = false;       // print the stage table of every build
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackAddress(const std::string& host);

class DevServer {
 public:
  // Progress and errors are printed on `log` (the terminal).
  DevServer(ServeOptions options, std::ostream* log);
  ~DevServer();  // Stop()s
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;

  // Binds the port, builds once, then serves and watches on background
  // threads. A broken site is not a failure (its errors are served); a port
  // that cannot be bound or an unusable inotify is: false with *error.
  bool Start(std::string* error);
  // The bound port (after Start).
  int port() const;
  // "http://127.0.0.1:1313/"
  std::string url() const;
  // Stops watching and serving, closing open event streams; returns once
  // every thread has ended. Safe to call twice.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs `portal serve` until SIGINT or SIGTERM; returns the exit status.
int RunServe(const ServeOptions& options, std::ostream& out);

}  // namespace portal
