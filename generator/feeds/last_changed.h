// When a page last changed, for lastBuildDate and sitemap <lastmod>.
#pragma once

#include <vector>

#include "site/page.h"

namespace portal {

// The later of the page's date and lastmod (lastmod may be missing, or by an
// editor's slip earlier than the date).
inline const DateTime& LastChanged(const Page& page) {
  if (page.meta.lastmod && page.meta.lastmod->EpochSeconds() > page.meta.date.EpochSeconds()) {
    return *page.meta.lastmod;
  }
  return page.meta.date;
}

// The latest LastChanged among `pages`, or nullptr when there are none.
inline const DateTime* NewestChange(const std::vector<const Page*>& pages) {
  const DateTime* newest = nullptr;
  for (const Page* page : pages) {
    const DateTime& changed = LastChanged(*page);
    if (!newest || changed.EpochSeconds() > newest->EpochSeconds()) newest = &changed;
  }
  return newest;
}

}  // namespace portal
