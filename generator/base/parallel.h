// ParallelFor: the one way the build spreads work over cores.
#pragma once

#include <functional>

namespace portal {

// Number of worker threads for `jobs` (0 = hardware concurrency, at least 1).
int ResolveJobs(int jobs);

// Calls fn(i) for every i in [0, n) on up to `jobs` threads (0 = all cores).
// Items are handed out in order from a shared counter, so uneven items
// balance. fn must be thread-safe; it must not throw.
void ParallelFor(size_t n, int jobs, const std::function<void(size_t)>& fn);

}  // namespace portal
