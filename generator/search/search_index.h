// The search index: written by the build from rendered pages, read by the
// browser's query module (themes/default/static/js/search.mjs).
#pragma once

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "site/site.h"

namespace portal {

// Adds the index files under /search/ (the search page itself is rendered by
// the theme). Deterministic: the same site gives the same bytes.
void AddSearchIndex(const Site& site, OutputPlan* plan, Diagnostics* diags);

}  // namespace portal
