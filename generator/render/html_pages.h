// The HTML side of the output: every page, list, tag page, archive, 404,
// search page and alias redirect, plus static files and bundle attachments.
#pragma once

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "render/theme.h"
#include "site/site.h"

namespace portal {

struct HtmlStats {
  int pages = 0;  // HTML files rendered
};

// Renders every HTML file of the site into `plan` (in parallel on `jobs`
// threads; the plan's contents do not depend on the thread count).
HtmlStats AddHtmlPages(const Site& site, const Theme& theme, OutputPlan* plan, Diagnostics* diags,
                       int jobs);

// Adds the theme's and the site's static/ files (the site's win on the same
// path) and every page bundle's attachments beside its page.
int AddStaticFiles(const Site& site, const Theme& theme, const std::filesystem::path& site_root,
                   OutputPlan* plan, Diagnostics* diags);

}  // namespace portal
