// One copy of an expensive ICU object per thread. ICU transliterators and
// collators are costly to build (rule compilation) and are not safe to use
// from two threads at once, so each thread clones a shared prototype once.
#pragma once

#include <memory>
#include <mutex>

namespace portal::icu_per_thread {

// Returns this thread's copy of the object `make` builds, or nullptr when
// `make` failed (ICU data missing). Each distinct lambda passed as `make` has
// its own prototype, built once on first use (thread-safe static init).
template <typename T, typename Factory>
T* Get(Factory make) {
  static const std::unique_ptr<T> prototype = make();
  static std::mutex clone_mu;  // clone() of a shared object is not documented as thread-safe
  thread_local const std::unique_ptr<T> copy = []() -> std::unique_ptr<T> {
    if (!prototype) return nullptr;
    std::lock_guard<std::mutex> lock(clone_mu);
    return std::unique_ptr<T>(prototype->clone());
  }();
  return copy.get();
}

}  // namespace portal::icu_per_thread
