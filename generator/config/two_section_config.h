// For tests: the smallest site configuration with the two kinds of section
// the pipeline treats apart (speeches, which show outlines; cases, which do
// not), so module tests need not each spell it out.
#pragma once

#include "config/site_config.h"

namespace portal {

inline SiteConfig TwoSectionConfig() {
  SiteConfig c;
  c.title = "t";
  c.base_url = "https://example.org/";
  c.sections = {{"speeches", "领导讲话", "", 1, true}, {"cases", "典型案例", "", 2, false}};
  return c;
}

}  // namespace portal
