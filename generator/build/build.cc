#include "build/build.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>
#include <climits>
#include <ctime>
#include <cstdio>

#include "build/build_cache.h"
#include "build/session.h"
#include "build/up_to_date.h"
#include "output/publish.h"
#include "output/staging_tree.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

// The destination must not be the site itself or hold its sources:
// publishing swaps the whole folder.
bool CheckDestination(const fs::path& site, const fs::path& dest, Diagnostics* diags) {
  fs::path s = fs::weakly_canonical(site), d = fs::weakly_canonical(dest);
  auto inside = [](const fs::path& child, const fs::path& parent) {
    auto rel = child.lexically_relative(parent);
    return !rel.empty() && *rel.begin() != "..";
  };
  for (const char* own : {"content", "site-config", "static", "layouts", "themes", "archetypes"}) {
    if (inside(d, s / own)) {
      diags->Error("", 0, 0, "destination " + dest.string() + " is inside the site's " + own + "/ folder",
                   "build into a separate folder such as -d public");
      return false;
    }
  }
  if (d == s || inside(s, d)) {
    diags->Error("", 0, 0, "destination " + dest.string() + " would replace the site's own files",
                 "build into a separate folder such as -d public");
    return false;
  }
  return true;
}

}  // namespace

BuildResult RunBuild(const BuildOptions& options, Diagnostics* diags) {
  auto start = std::chrono::steady_clock::now();
  BuildResult r;
  r.destination = (options.destination.empty() ? options.site_root / "public" : options.destination).lexically_normal();
  if (!CheckDestination(options.site_root, r.destination, diags)) return r;
  DestinationLock lock;
  std::string lock_error;
  if (!lock.Acquire(r.destination, &lock_error)) {
    diags->Error("", 0, 0, lock_error);
    return r;
  }
  // Nothing to do when no input changed since the last build into this
  // destination and the destination is still exactly what it wrote.
  StageTimer check_timer;
  uint64_t inputs = InputFingerprint(options);
  int64_t now = options.now_epoch_seconds >= 0 ? options.now_epoch_seconds : std::time(nullptr);
  fs::path state_path = BuildStatePath(r.destination);
  BuildState last;
  struct stat dest_stat {};
  size_t checked = 0;
  if (ReadBuildState(state_path, &last) && last.inputs == inputs && now < last.valid_until &&
      ::stat(r.destination.c_str(), &dest_stat) == 0 && static_cast<uint64_t>(dest_stat.st_ino) == last.tree_inode &&
      DestinationIsIntact(r.destination, &checked)) {
    r.stages.push_back(
        check_timer.Finish("check", "up to date: " + std::to_string(checked) + " files as the last build left them"));
    r.ok = r.up_to_date = true;
    r.pages = last.pages;
    r.files = last.files;
    r.bytes = last.bytes;
    r.replayed = last.diagnostics;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  }

  StagingTree staging;
  staging.set_fsync(options.fsync);
  if (!staging.Open(r.destination, diags)) return r;
  BuildOptions with_spill = options;
  if (with_spill.spill_dir.empty()) with_spill.spill_dir = staging.destination().parent;  // same disk as the site
  BuildSession session(with_spill, /*incremental=*/false, &staging);
  // What the last build left in the cache (build/build_cache.h): only what
  // changed since is read, rendered and indexed again.
  BuildCache cache(staging.destination().TreesPath() / "cache", options.jobs);
  if (!options.ignore_cache) r.stages.push_back(cache.Load(&session));
  if (!session.Rebuild(diags, &r)) return r;

  StageTimer write_timer;
  // The cache is written while the site is published (one waits on the
  // disk, the other on the CPU) and committed only if publishing succeeded.
  StageTiming saved;
  std::thread saver;
  if (cache.loaded()) saver = std::thread([&] { saved = cache.Write(session); });
  bool published = staging.Publish(session.plan(), diags);
  if (saver.joinable()) saver.join();
  if (!published) return r;
  const PublishStats& ps = staging.stats();
  auto end = std::chrono::steady_clock::now();
  int changed = ps.files_written + ps.files_copied;
  r.stages.push_back(write_timer.Finish("write", std::to_string(changed + ps.files_unchanged) + " files, " +
                                                     std::to_string(changed) + " written, " +
                                                     std::to_string(ps.files_removed) + " removed"));
  r.ok = true;
  r.files = changed + ps.files_unchanged;
  r.bytes = ps.bytes;
  BuildState next;
  next.inputs = inputs;
  if (::stat(r.destination.c_str(), &dest_stat) == 0) next.tree_inode = dest_stat.st_ino;
  next.valid_until = options.build_future ? INT64_MAX : r.valid_until;
  next.pages = r.pages;
  next.files = r.files;
  next.bytes = r.bytes;
  next.diagnostics = diags->Format();  // warnings only: the build succeeded
  WriteBuildState(state_path, next);
  if (cache.loaded()) {
    std::string error;
    if (!cache.Commit(&error) && saved.count.find("not saved") == std::string::npos) {
      saved.count = "build cache not saved: " + error;
    }
    saved.count += " (written while the site was published)";
    r.stages.push_back(std::move(saved));
    end = std::chrono::steady_clock::now();
  }
  r.seconds = std::chrono::duration<double>(end - start).count();
  return r;
}

StageTiming StageTimer::Finish(const char* name, std::string count) {
  auto now = std::chrono::steady_clock::now();
  double cpu = ProcessCpuSeconds();
  StageTiming t;
  t.name = name;
  t.seconds = std::chrono::duration<double>(now - start_).count();
  t.cpu_seconds = cpu - cpu_;
  t.peak_mb = ProcessPeakMb();
  t.count = std::move(count);
  start_ = now;
  cpu_ = cpu;
  return t;
}

double ProcessCpuSeconds() {
  rusage u {};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double ProcessPeakMb() {
  rusage u {};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024 / 1e6;
}

std::string FormatStageTable(const BuildResult& r) {
  std::string out = "stage        time       cpu   peak  output\n";
  char line[512];
  for (const StageTiming& s : r.stages) {
    std::snprintf(line, sizeof line, "%-10s %7.1f ms %6.2f s %4.0f MB  %s\n", s.name.c_str(), s.seconds * 1000,
                  s.cpu_seconds, s.peak_mb, s.count.c_str());
    out += line;
  }
  return out;
}

std::string FormatSummary(const BuildResult& r) {
  char line[512];
  if (r.up_to_date) {
    std::snprintf(line, sizeof line, "up to date: %s already holds %d pages, %d files (%.1f MB); checked in %.2f s",
                  r.destination.string().c_str(), r.pages, r.files, r.bytes / 1e6, r.seconds);
    return line;
  }
  std::snprintf(line, sizeof line, "wrote %d pages, %d files (%.1f MB) to %s in %.2f s", r.pages, r.files,
                r.bytes / 1e6, r.destination.string().c_str(), r.seconds);
  return line;
}

}  // namespace portal
