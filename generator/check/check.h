// `portal check`: everything that is wrong with a site, found without
// writing a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace portal {

struct CheckOptions {
  std::filesystem::path site_root = ".";
  int jobs = 0;
  int64_t now_epoch_seconds = -1;  // -1 = the clock
};

// Runs the build in memory (drafts and future pages included) for its
// diagnostics (config, front matter, duplicate URLs and aliases, images
// without alt text, ...), then checks links, anchors, images, placeholders,
// empty sections and tags (links, anchors and images only when the site
// builds; else a warning says they were not checked). Every finding goes to
// `diags`; returns true when there is no error.
bool RunCheck(const CheckOptions& options, Diagnostics* diags);

// Diagnostics as a JSON array of {file, line, column, severity, message,
// hint}, for editors and CI.
std::string DiagnosticsJson(const std::vector<Diagnostic>& list);

}  // namespace portal
