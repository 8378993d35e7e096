// Taxonomies besides tags (speakers, organizations, any declared in
// site.yaml): pages grouped by the values of one front matter key.
#pragma once

#include <string>
#include <vector>

#include "config/site_config.h"
#include "site/site.h"

namespace portal {

// The values of front matter key `key` on `page`: the typed fields (speaker,
// organization, occasion, author, source, tags, categories) or an unknown
// key kept in meta.extra, as text or a list of texts. Empty values dropped.
std::vector<std::string> FrontMatterValues(const Page& page, const std::string& key);

// The taxonomy `config` over the site's pages: terms sorted by pinyin with
// unique pinyin slugs, URLs /<name>/<slug>/, each term's pages newest first.
Taxonomy BuildTaxonomy(const Site& site, const TaxonomyConfig& config);

}  // namespace portal
