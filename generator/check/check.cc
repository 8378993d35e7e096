#include "check/check.h"

#include <ctime>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "build/session.h"
#include "check/links.h"
#include "check/site_lint.h"
#include "config/site_config.h"
#include "site/loader.h"
#include "site/site.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

// Adds the diagnostics of `from` that `to` does not hold yet (the session
// repeats the loader's warnings).
void AddNew(const Diagnostics& from, Diagnostics* to) {
  std::set<std::tuple<std::string, int, int, std::string>> seen;
  for (const Diagnostic& d : to->Sorted()) seen.insert({d.file, d.line, d.column, d.message});
  for (const Diagnostic& d : from.Sorted()) {
    if (!seen.count({d.file, d.line, d.column, d.message})) to->Add(d);
  }
}

}  // namespace

bool RunCheck(const CheckOptions& options, Diagnostics* diags) {
  // Load and arrange the pages here rather than only inside the session:
  // the page checks need the Site, and duplicate URLs are found even when
  // some front matter is broken (the session stops at the first bad stage).
  SiteConfig config;
  if (!LoadSiteConfig(options.site_root / "site-config" / "site.yaml", "site-config/site.yaml", &config, diags)) {
    return false;
  }
  LoadOptions load;
  load.build_drafts = true;  // drafts are about to be published: check them too
  load.build_future = true;
  load.jobs = options.jobs;
  load.now_epoch_seconds = options.now_epoch_seconds >= 0 ? options.now_epoch_seconds : std::time(nullptr);
  Site site = AssembleSite(config, LoadContent(options.site_root, config, load, diags), diags);

  // The rest of the pipeline (theme, templates, output paths) in memory.
  BuildOptions build;
  build.site_root = options.site_root;
  build.build_drafts = true;
  build.build_future = true;
  build.jobs = options.jobs;
  build.now_epoch_seconds = load.now_epoch_seconds;
  BuildSession session(build);
  bool built = false;
  if (!diags->has_errors()) {
    Diagnostics later;
    BuildResult result;
    built = session.Rebuild(&later, &result);
    AddNew(later, diags);
  }
  // Without a plan every link would look broken: fix the build errors first,
  // and say so, or a clean-looking report would hide the broken links.
  if (built) {
    CheckLinks(site, session.plan(), diags);
  } else {
    diags->Warning("", 0, 0, "links, heading anchors and images were not checked: the site does not build",
                   "fix the errors reported here, then run portal check again");
  }
  CheckPlaceholders(site, diags);
  CheckEmptySections(site, options.site_root, diags);
  CheckTags(site, diags);
  return !diags->has_errors();
}

std::string DiagnosticsJson(const std::vector<Diagnostic>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : list) {
    out.push_back({{"file", d.file},
                   {"line", d.line},
                   {"column", d.column},
                   {"severity", d.severity == Severity::kError ? "error" : "warning"},
                   {"message", d.message},
                   {"hint", d.hint}});
  }
  return out.dump(2) + "\n";
}

}  // namespace portal
