// Internal links, heading anchors and images of every page, checked against
// what the build would write.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "output/output_plan.h"
#include "site/site.h"

namespace portal {

// Reports, at the line and column of the Markdown source: links to pages or
// files not in `plan` (absolute "/speeches/x/" or relative "../x/",
// "file.pdf"), "#id" fragments that are not an id of the target page,
// images not in `plan`, and links from a published page to a draft.
// External URLs are not fetched.
void CheckLinks(const Site& site, const OutputPlan& plan, Diagnostics* diags);

// Resolves `href` written on the page at `page_url` ("/speeches/a/") to a
// site path without the leading '/' ("speeches/b/", "speeches/a/x.pdf") and
// its fragment. Returns false for URLs that leave the site (other hosts,
// mailto:, ...); sets *error when the link is malformed or climbs above the
// site root.
bool ResolveSiteLink(const std::string& page_url, const std::string& href, const std::string& path_prefix,
                     std::string* path, std::string* fragment, std::string* error);

}  // namespace portal
