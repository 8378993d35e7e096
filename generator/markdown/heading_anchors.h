// Heading ids and the anchor link each heading carries.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "markdown/cmark_tree.h"
#include "markdown/markdown.h"

namespace portal {

// Hands out ids unique within one page: the second "a" becomes "a-1", and a
// later heading literally titled "a-1" becomes "a-1-1".
class UniqueIds {
 public:
  // `base` if unused, else the first free `base-N`; the result is then used.
  std::string Claim(const std::string& base);

 private:
  std::unordered_set<std::string> used_;
  // Next suffix to try per base, so many equal headings stay linear.
  std::unordered_map<std::string, int> next_suffix_;
};

// Every heading under `root` in order, with plain text and a unique id. Call
// before raw HTML is escaped so tags are not part of the heading text.
std::vector<Heading> CollectHeadings(cmark_node* root);

// Replaces the i-th heading node with the HTML
//   <hN id="ID">INNER<a class="anchor" href="#ID" aria-label="本节链接">#</a></hN>
// using headings[i]; `headings` must come from CollectHeadings on this tree.
void AnchorHeadings(const CmarkTree& tree, const std::vector<Heading>& headings);

}  // namespace portal
