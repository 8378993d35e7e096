#include "serve/serve_loop.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <httplib.h>

#include "base/file.h"
#include "build/session.h"
#include "config/site_config.h"
#include "render/theme.h"
#include "serve/content_type.h"
#include "serve/live_reload.h"
#include "serve/reload_script.h"
#include "serve/static_server.h"
#include "serve/watcher.h"

namespace portal {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool IsLoopbackAddress(const std::string& host) {
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, h.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

namespace {

// Folders of a site whose changes can change the output.
const char* const kWatchedFolders[] = {"content", "site-config", "layouts", "themes", "static", "archetypes"};

}  // namespace

struct DevServer::Impl {
  ServeOptions options;
  fs::path root;  // absolute, so watcher paths and plan sources compare
  std::ostream* log;
  std::mutex log_mu;
  httplib::Server http;
  ReloadHub hub;
  Watcher watcher;
  std::unique_ptr<BuildSession> session;
  std::mutex mu;  // guards current and errors
  std::shared_ptr<const ServedSite> current = std::make_shared<ServedSite>();
  std::string errors;  // Diagnostics::Format() of the failing build; "" when it built
  std::string last_warnings;
  std::thread http_thread, watch_thread;
  int port = 0;
  bool started = false, stopped = false;

  void Log(const std::string& text) {
    std::lock_guard<std::mutex> lock(log_mu);
    *log << text << std::flush;
  }
  std::shared_ptr<const ServedSite> Current(std::string* errs) {
    std::lock_guard<std::mutex> lock(mu);
    if (errs) *errs = errors;
    return current;
  }
  void WatchTrees();
  void Rebuild(const std::vector<fs::path>& changed);
  void Route();
  void ServeFile(const ServedSite& site, const std::string& path, int status, httplib::Response& res);
};

void DevServer::Impl::WatchTrees() {
  for (const char* name : kWatchedFolders) watcher.AddTree(root / name);
  // The theme in use may live outside the site (the built-in themes/).
  SiteConfig config;
  Diagnostics ignored;
  if (LoadSiteConfig(root / "site-config" / "site.yaml", "site-config/site.yaml", &config, &ignored)) {
    fs::path theme = FindTheme(root, config.theme);
    if (!theme.empty()) watcher.AddTree(fs::absolute(theme).lexically_normal());
  }
}

void DevServer::Impl::Rebuild(const std::vector<fs::path>& changed) {
  auto start = Clock::now();
  Diagnostics diags;
  BuildResult result;
  bool ok = session->Rebuild(&diags, &result);
  std::shared_ptr<const ServedSite> next;
  if (ok) next = ServedSiteOf(session->plan());
  long ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();

  std::string what;
  if (!changed.empty()) {
    what = changed[0].empty() ? std::string("files") : DisplayPath(changed[0], root);
    if (changed.size() > 1) what += " and " + std::to_string(changed.size() - 1) + " more";
    what += " changed; ";
  }
  if (!ok) {
    std::string text = diags.Format();
    {
      std::lock_guard<std::mutex> lock(mu);
      errors = text;
    }
    Log(what + "build failed in " + std::to_string(ms) + " ms" +
        (changed.empty() ? "" : " (still serving the last good build)") + ":\n" + text);
    hub.Publish("build-error");
    return;
  }
  bool was_broken;
  {
    std::lock_guard<std::mutex> lock(mu);
    was_broken = !errors.empty();
    errors.clear();
    current = next;
  }
  // Copied files (static/, attachments) keep their plan entry when edited,
  // so they do not show up in changed_paths(): look for them by source.
  bool asset_changed = false;
  std::set<fs::path> sources(changed.begin(), changed.end());
  for (const auto& [path, source] : next->copies) {
    if (sources.count(fs::absolute(source).lexically_normal())) asset_changed = true;
  }
  std::string warnings = diags.warning_count() > 0 ? diags.Format() : "";
  if (warnings != last_warnings) Log(warnings);
  last_warnings = warnings;
  size_t n = session->changed_paths().size();
  if (options.verbose) Log(FormatStageTable(result));
  if (changed.empty()) {
    Log("built " + std::to_string(next->files.size() + next->copies.size()) + " files in " + std::to_string(ms) +
        " ms\n");
  } else {
    Log(what + "rebuilt in " + std::to_string(ms) + " ms: " + std::to_string(n) + (n == 1 ? " file" : " files") +
        " changed" + (was_broken ? " (errors fixed)" : "") + "\n");
  }
  if (was_broken || n > 0 || asset_changed) hub.Publish("reload");
}

void DevServer::Impl::ServeFile(const ServedSite& site, const std::string& path, int status,
                                httplib::Response& res) {
  std::string type = ContentTypeFor(path);
  res.status = status;
  auto file = site.files.find(path);
  if (file != site.files.end()) {
    res.set_content(IsHtmlType(type) ? InjectReloadScript(*file->second) : *file->second, type);
    return;
  }
  const fs::path& source = site.copies.at(path);
  std::error_code ec;
  uint64_t size = fs::file_size(source, ec);
  if (ec) {
    res.status = 404;
    res.set_content("not found: " + path + " is gone from disk\n", "text/plain; charset=utf-8");
    return;
  }
  if (IsHtmlType(type)) {
    std::string text, error;
    ReadFile(source, &text, &error);
    res.set_content(InjectReloadScript(text), type);
    return;
  }
  // Attachments may be large: stream them.
  auto in = std::make_shared<std::ifstream>(source, std::ios::binary);
  res.set_content_provider(size, type, [in](size_t offset, size_t length, httplib::DataSink& sink) {
    char buf[64 * 1024];
    in->seekg(static_cast<std::streamoff>(offset));
    in->read(buf, static_cast<std::streamsize>(std::min(length, sizeof buf)));
    std::streamsize got = in->gcount();
    return got > 0 && sink.write(buf, static_cast<size_t>(got));
  });
}

void DevServer::Impl::Route() {
  // Every browser tab holds one events stream, and each holds a thread.
  http.new_task_queue = [] { return new httplib::ThreadPool(64); };
  http.set_keep_alive_timeout(1);  // bounds how long Stop() waits for idle connections

  http.Get("/__portal/events", [this](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("Connection", "close");  // no keep-alive wait after the stream: quick shutdown
    auto seen = std::make_shared<uint64_t>(hub.latest_id());
    res.set_chunked_content_provider("text/event-stream", [this, seen](size_t offset, httplib::DataSink& sink) {
      std::string message;
      if (offset == 0) {
        message = "retry: 1000\n: connected\n\n";
      } else {
        std::optional<ReloadEvent> event = hub.WaitAfter(*seen, std::chrono::seconds(15));
        if (hub.shut_down()) {
          sink.done();
          return true;
        }
        if (event) *seen = event->id;
        message = event ? ReloadHub::Format(*event) : ": keep-alive\n\n";  // finds closed tabs
      }
      return sink.write(message.data(), message.size());
    });
  });

  http.Get("/__portal/errors", [this](const httplib::Request&, httplib::Response& res) {
    std::string errs;
    Current(&errs);
    res.set_header("Cache-Control", "no-store");
    res.set_content(errs, "text/plain; charset=utf-8");
  });

  http.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    std::string errs;
    std::shared_ptr<const ServedSite> site = Current(&errs);
    if (site->files.empty() && site->copies.empty()) {  // never built: show why
      res.status = 500;
      res.set_content(BuildErrorPage(errs.empty() ? "no output yet\n" : errs), "text/html; charset=utf-8");
      return;
    }
    ResolvedRequest r = ResolveRequest(req.target, *site);
    switch (r.kind) {
      case ResolvedRequest::kFile:
        ServeFile(*site, r.path, 200, res);
        return;
      case ResolvedRequest::kRedirect:
        res.set_redirect(r.location, 301);
        return;
      case ResolvedRequest::kBadRequest:
        res.status = 400;
        res.set_content("bad request: this path is not allowed\n", "text/plain; charset=utf-8");
        return;
      case ResolvedRequest::kNotFound:
        if (site->Contains("404.html")) {
          ServeFile(*site, "404.html", 404, res);
        } else {
          res.status = 404;
          res.set_content("not found\n", "text/plain; charset=utf-8");
        }
        return;
    }
  });
}

DevServer::DevServer(ServeOptions options, std::ostream* log) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->root = fs::absolute(impl_->options.site_root).lexically_normal();
  impl_->log = log;
}

DevServer::~DevServer() { Stop(); }

int DevServer::port() const { return impl_->port; }

std::string DevServer::url() const {
  std::string host = impl_->options.bind;
  if (host == "0.0.0.0" || host == "::") host = "localhost";
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/";
}

bool DevServer::Start(std::string* error) {
  Impl& s = *impl_;
  if (!s.watcher.ok(error)) return false;
  s.Route();
  const std::string& bind = s.options.bind;
  s.port = s.options.port == 0 ? s.http.bind_to_any_port(bind)
                               : (s.http.bind_to_port(bind, s.options.port) ? s.options.port : -1);
  if (s.port <= 0) {
    *error = "cannot listen on " + bind + ":" + std::to_string(s.options.port) +
             " (is another portal serve running? choose another with --port)";
    return false;
  }
  BuildOptions build;
  build.site_root = s.root;
  build.base_url = url();  // links and feeds point at this server
  build.build_drafts = s.options.build_drafts;
  build.build_future = s.options.build_future;
  build.jobs = s.options.jobs;
  s.session = std::make_unique<BuildSession>(build);
  s.WatchTrees();  // before building, so an edit during the first build is seen
  s.Rebuild({});

  s.started = true;
  s.http_thread = std::thread([&s] { s.http.listen_after_bind(); });
  s.watch_thread = std::thread([&s] {
    for (;;) {
      std::vector<fs::path> changed = s.watcher.WaitForChanges(std::chrono::milliseconds(s.options.debounce_ms));
      if (changed.empty()) return;  // interrupted
      s.Rebuild(changed);
      s.WatchTrees();  // new theme, or a watched folder that appeared
    }
  });
  // stop() is a no-op until the server runs, so make sure it does.
  for (int i = 0; i < 5000 && !s.http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return true;
}

void DevServer::Stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.hub.Shutdown();  // event streams end, freeing their threads
  s.watcher.Interrupt();
  s.http.stop();
  if (s.http_thread.joinable()) s.http_thread.join();
  if (s.watch_thread.joinable()) s.watch_thread.join();
}

int RunServe(const ServeOptions& options, std::ostream& out) {
  // Signals go to sigwait below, not to a random server thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (!IsLoopbackAddress(options.bind)) {
    out << "warning: serving on " << options.bind
        << ": other computers on the network can read every page, drafts included\n";
  }
  DevServer server(options, &out);
  std::string error;
  if (!server.Start(&error)) {
    out << "error: " << error << "\n";
    return 1;
  }
  out << "serving " << options.site_root.string() << " at " << server.url()
      << (options.build_drafts ? " (drafts included)" : "") << "; press Ctrl+C to stop\n"
      << std::flush;
  int sig = 0;
  sigwait(&signals, &sig);
  out << "stopping\n";
  server.Stop();
  return 0;
}

}  // namespace portal
