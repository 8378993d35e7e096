// The HTML side of the output: every page, list, tag page, archive, 404,
// search page and alias redirect, plus static files and bundle attachments.
#pragma once

#include <string>
#include <unordered_map>

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "render/theme.h"
#include "site/site.h"

namespace portal {

struct HtmlStats {
  int pages = 0;   // HTML files in the plan
  int reused = 0;  // of those, taken from the memo instead of rendered
};

// Output bytes from an earlier run, reused when the job's dependency key is
// the same (so an edit re-renders only the pages that show what changed).
struct RenderMemoEntry {
  uint64_t key = 0;
  std::string bytes;
};
using RenderMemo = std::unordered_map<std::string, RenderMemoEntry>;

// Renders every HTML file of the site into `plan` (in parallel on `jobs`
// threads; the plan's contents do not depend on the thread count). With a
// memo, unchanged outputs are copied from it and the memo is refreshed.
HtmlStats AddHtmlPages(const Site& site, const Theme& theme, OutputPlan* plan, Diagnostics* diags,
                       int jobs, RenderMemo* memo = nullptr);

// Adds the theme's and the site's static/ files (the site's win on the same
// path) and every page bundle's attachments beside its page.
int AddStaticFiles(const Site& site, const Theme& theme, const std::filesystem::path& site_root,
                   OutputPlan* plan, Diagnostics* diags);

}  // namespace portal
