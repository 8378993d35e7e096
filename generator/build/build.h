// The build pipeline, top to bottom: config → theme → content → site →
// HTML → feeds → search → static → publish. Each stage is timed.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace portal {

struct BuildOptions {
  std::filesystem::path site_root = ".";
  std::filesystem::path destination;  // "" = site_root/public
  std::string base_url;                // overrides the config's baseURL when set
  bool build_drafts = false;
  bool build_future = false;
  int jobs = 0;                        // 0 = all cores
  bool fsync = false;                  // flush the new site to disk before the swap (power-cut safe)
  std::filesystem::path spill_dir;     // park page bodies in a temporary file here ("" = in memory)
  bool ignore_cache = false;           // RunBuild: no page cache (site/page_cache.h); spill instead
  int64_t now_epoch_seconds = -1;      // -1 = the clock (only decides what is "future")
};

struct StageTiming {
  std::string name;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // user + system time of all threads (shows parallelism; less noisy under load)
  double peak_mb = 0;      // peak resident memory of the process so far
  std::string count;  // what the stage produced, e.g. "16 pages"
};

// User + system CPU seconds this process has used so far.
double ProcessCpuSeconds();
// Peak resident set size of this process so far, in MB (10^6 bytes).
double ProcessPeakMb();

// Times the rows of the stage table: each Finish gives the row from the
// timer's start, or its last Finish, to now.
class StageTimer {
 public:
  StageTiming Finish(const char* name, std::string count);

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double cpu_ = ProcessCpuSeconds();
};

struct BuildResult {
  bool ok = false;
  bool up_to_date = false;    // nothing changed since the last build: nothing was done
  std::string replayed;       // that build's warnings, formatted, to print again
  int64_t valid_until = INT64_MAX;  // when a skipped future page becomes due (epoch seconds)
  int pages = 0;       // HTML pages written
  int files = 0;       // every file written or copied
  uint64_t bytes = 0;
  double seconds = 0;
  std::vector<StageTiming> stages;
  std::filesystem::path destination;
};

// Runs the whole build. Diagnostics of every stage land in `diags`; the
// build stops after the first stage that reported an error and then leaves
// the destination untouched.
BuildResult RunBuild(const BuildOptions& options, Diagnostics* diags);

// The -v table: one line per stage with its time and count.
std::string FormatStageTable(const BuildResult& result);

// The last line of every build: "wrote 42 pages, 97 files (1.2 MB) to public/ in 0.31 s".
std::string FormatSummary(const BuildResult& result);

}  // namespace portal
