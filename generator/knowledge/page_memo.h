// A memo of something computed from each page's source, for portal serve:
// kept between rebuilds under the page's version, so only edited pages are
// read again.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "base/parallel.h"
#include "site/site.h"

namespace portal {

// Each page's T, in site.pages order. Without a memo (a clean build) all
// are made by `make(i)` (in parallel) and kept in `owned`. With one, those
// found under the page's version are taken from it and the rest made; the
// memo is then left holding exactly these pages' entries. `made` gets how
// many were made.
template <typename T, typename Make>
std::vector<const T*> Memoized(const Site& site, std::unordered_map<uint64_t, T>* memo, std::vector<T>* owned,
                               int jobs, size_t* made, Make make) {
  const size_t n = site.pages.size();
  std::vector<const T*> out(n);
  if (!memo) {
    owned->assign(n, T());
    ParallelFor(n, jobs, [&](size_t i) { (*owned)[i] = make(i); });
    for (size_t i = 0; i < n; ++i) out[i] = &(*owned)[i];
    *made = n;
    return out;
  }
  std::vector<char> known(n);
  for (size_t i = 0; i < n; ++i) known[i] = memo->count(site.pages[i]->version) != 0;
  std::vector<T> fresh(n);
  ParallelFor(n, jobs, [&](size_t i) {
    if (!known[i]) fresh[i] = make(i);
  });
  std::unordered_map<uint64_t, T> next;
  *made = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = site.pages[i]->version;
    auto it = next.find(v);
    if (it == next.end()) {
      if (known[i]) {
        it = next.insert(memo->extract(v)).position;
      } else {
        it = next.emplace(v, std::move(fresh[i])).first;
        ++*made;
      }
    }
    out[i] = &it->second;
  }
  *memo = std::move(next);
  return out;
}

}  // namespace portal
