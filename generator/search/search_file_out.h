// FileOut: where the search index's finished files go.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "output/output_plan.h"
#include "search/search_index.h"

namespace portal::search {

// IndexOptions::sink when set (each file leaves as soon as it is made, so
// the index is never held whole: 120 MB at 10,000 documents), else
// IndexFiles::files. One file at a time, from any thread.
class FileOut {
 public:
  FileOut(const IndexOptions& options, IndexFiles* files)
      : sink_(options.sink), shared_(options.shared_sink), keep_(options.keep), files_(files) {}
  void Add(const std::string& path, std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    if (sink_) sink_(path, std::move(bytes));
    else files_->files[path] = std::move(bytes);
  }
  // Bytes a memo keeps too (their ContentHash is `hash`); null when a memo
  // without bytes reuses the last build's file (IndexOptions::keep).
  void AddShared(const std::string& path, const OutputPlan::Bytes& bytes, uint64_t hash) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!bytes) keep_(path, hash);
    else if (shared_) shared_(path, bytes, hash);
    else if (sink_) sink_(path, *bytes);
    else files_->files[path] = *bytes;
  }

 private:
  std::mutex mu_;
  const std::function<void(const std::string&, std::string)>& sink_;
  const std::function<void(const std::string&, OutputPlan::Bytes, uint64_t)>& shared_;
  const std::function<void(const std::string&, uint64_t)>& keep_;
  IndexFiles* files_;
};

}  // namespace portal::search
