#include <iostream>
#include <memory>

#include "build/build.h"
#include "cli/commands.h"

namespace portal {

namespace {
struct BuildFlags {
  BuildOptions options;
  std::string source = ".", destination;
  bool verbose = false;
};

int RunBuildCommand(const BuildFlags& flags) {
  BuildOptions options = flags.options;
  options.site_root = flags.source;
  options.destination = flags.destination;
  Diagnostics diags;
  BuildResult r = RunBuild(options, &diags);
  std::cerr << diags.Format() << r.replayed;
  if (flags.verbose) std::cout << FormatStageTable(r);
  if (!r.ok) {
    std::cerr << "build failed: " << diags.error_count() << " error(s), " << diags.warning_count()
              << " warning(s); " << r.destination.string() << " was left as it was\n";
    return 1;
  }
  std::cout << FormatSummary(r) << "\n";
  return 0;
}
}  // namespace

CommandRun AddBuildCommand(CLI::App* app) {
  auto flags = std::make_shared<BuildFlags>();
  CLI::App* b = app->add_subcommand("build", "Build the site into DEST (default SITE/public)");
  b->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  b->add_option("-d,--destination", flags->destination, "Output folder (default: SITE/public)");
  b->add_option("--baseURL", flags->options.base_url, "Override baseURL from site-config/site.yaml");
  b->add_flag("-D,--buildDrafts", flags->options.build_drafts, "Include pages with draft: true");
  b->add_flag("-F,--buildFuture", flags->options.build_future, "Include pages dated in the future");
  b->add_flag("--fsync", flags->options.fsync,
              "Flush the new site to disk before it replaces the old one, so even a power cut "
              "right after the build cannot leave empty files (costs seconds on large sites)");
  b->add_flag("--ignoreCache", flags->options.ignore_cache,
              "Neither read nor write the build cache (.<destination>.trees/cache/): "
              "read and render every page, as a first build does");
  b->add_option("-j,--jobs", flags->options.jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  b->add_flag("-v,--verbose", flags->verbose, "Print a table of build stages with times and counts");
  return [b, flags]() -> int { return b->parsed() ? RunBuildCommand(*flags) : -1; };
}

}  // namespace portal
