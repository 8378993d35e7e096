// Checks on the site as a whole and on each page's text: placeholders,
// empty sections, pages without tags.
#pragma once

#include <filesystem>

#include "base/diagnostic.h"
#include "site/site.h"

namespace portal {

// Placeholders (X镇, XX, **人) in bodies and in the front matter shown as
// text (title, occasion, speaker, organization, summary): errors at their
// line and column (warnings in drafts, which are not published yet).
void CheckPlaceholders(const Site& site, Diagnostics* diags);

// Sections of site-config/site.yaml without any page: warnings at the
// section's line in `site_root`/site-config/site.yaml.
void CheckEmptySections(const Site& site, const std::filesystem::path& site_root, Diagnostics* diags);

// Pages without tags: warnings at their title line.
void CheckTags(const Site& site, Diagnostics* diags);

}  // namespace portal
