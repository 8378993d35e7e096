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

// Each page's T by page version, and what else T was made with (options,
// the set of terms): entries made under another context are dropped.
template <typename T>
struct PageMemo {
  uint64_t context = 0;
  std::unordered_map<uint64_t, T> entries;
  size_t made = 0;  // entries the last build made (not taken from the memo)
};

// Each page's T, in site.pages order. Without a memo (a clean build) all
// are made by `make(i)` (in parallel) and kept in `owned`. With one, those
// found under the page's version (and the same `context`) are taken from
// it and the rest made; the memo is then left holding exactly these pages'
// entries.
template <typename T, typename Make>
std::vector<const T*> Memoized(const Site& site, PageMemo<T>* memo, uint64_t context, std::vector<T>* owned, int jobs,
                               Make make) {
  const size_t n = site.pages.size();
  std::vector<const T*> out(n);
  if (!memo) {
    owned->assign(n, T());
    ParallelFor(n, jobs, [&](size_t i) { (*owned)[i] = make(i); });
    for (size_t i = 0; i < n; ++i) out[i] = &(*owned)[i];
    return out;
  }
  if (memo->context != context) memo->entries.clear();
  memo->context = context;
  std::unordered_map<uint64_t, T>& old = memo->entries;
  std::vector<char> known(n);
  for (size_t i = 0; i < n; ++i) known[i] = old.count(site.pages[i]->version) != 0;
  std::vector<T> fresh(n);
  ParallelFor(n, jobs, [&](size_t i) {
    if (!known[i]) fresh[i] = make(i);
  });
  std::unordered_map<uint64_t, T> next;
  memo->made = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = site.pages[i]->version;
    auto it = next.find(v);
    if (it == next.end()) {
      if (known[i]) {
        it = next.insert(old.extract(v)).position;
      } else {
        it = next.emplace(v, std::move(fresh[i])).first;
        ++memo->made;
      }
    }
    out[i] = &it->second;
  }
  old = std::move(next);
  return out;
}

}  // namespace portal
