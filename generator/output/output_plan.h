// OutputPlan: every file the build writes, as plain data: who claimed each
// path, and its bytes or their digest.
//
// A plan either keeps the bytes (serve, check and tests read them back) or
// hands them at once to an OutputSink (portal build writes them into the
// staging tree as pages are rendered, so the whole site is never in memory).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/diagnostic.h"

namespace portal {

// Where a streaming plan's bytes go.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Writes `bytes` (with digest `hash`) at site-relative `path`. Called from
  // many threads at once, at most once per path. False with *error (what
  // failed and why) on failure.
  virtual bool Write(const std::string& path, std::string_view bytes, uint64_t hash, std::string* error) = 0;
  // Copies the file `source` to `path`; *size gets its size.
  virtual bool Copy(const std::string& path, const std::filesystem::path& source, uint64_t* size,
                    std::string* error) = 0;
  // Makes `path` hold the bytes whose ContentHash is `hash` without being
  // given them: true (with *size) when the sink still has them from an
  // earlier build; false when it does not (the caller then makes and
  // writes them). Called like Write.
  virtual bool Keep(const std::string& path, uint64_t hash, uint64_t* size) {
    (void)path, (void)hash, (void)size;
    return false;
  }
  // Whether Keep(path, hash) would find the bytes, judged by records and
  // file status only (nothing is read or written).
  virtual bool Has(const std::string& path, uint64_t hash) {
    (void)path, (void)hash;
    return false;
  }
  // The bytes an earlier build wrote at `path` when their ContentHash is
  // still `hash`, else null.
  virtual std::shared_ptr<const std::string> Read(const std::string& path, uint64_t hash) {
    (void)path, (void)hash;
    return nullptr;
  }
};

class OutputPlan {
 public:
  // A file's bytes, shared rather than copied between a plan, the render
  // memo that may reuse them next time and what serve answers with.
  using Bytes = std::shared_ptr<const std::string>;

  struct Entry {
    std::string owner;                // who claimed the path, for messages
    bool is_copy = false;
    std::filesystem::path source;     // copies: the file copied
    bool filled = false;              // bytes (or the copy) arrived
    uint64_t hash = 0;                // digest of the bytes (files)
    uint64_t size = 0;
  };

  // `sink` null: the plan keeps every file's bytes.
  explicit OutputPlan(OutputSink* sink = nullptr) : sink_(sink) {}
  OutputPlan(const OutputPlan&) = delete;
  OutputPlan& operator=(const OutputPlan&) = delete;
  OutputPlan(OutputPlan&& other) noexcept;
  OutputPlan& operator=(OutputPlan&& other) noexcept;

  // Reserves site-relative `path` ("speeches/a/index.html", no leading '/')
  // for `owner`. Returns false (and leaves the plan unchanged) when the path
  // is unsafe (absolute, "..", NUL, empty segment) or already taken, or one
  // of the two would have to be a folder and a file at once. Not
  // thread-safe: claims come from one thread at a time, in a fixed order
  // where a clash is possible (pages), so messages are deterministic; the
  // search index's files, which clash with nothing of their own, come
  // through a sink that holds a lock (AddSearchIndex).
  bool Claim(const std::string& path, const std::string& owner, Diagnostics* diags);
  // The bytes of a claimed path. Thread-safe: renderers call it in parallel.
  // False (with a diagnostic) when the sink cannot write them.
  bool Put(const std::string& path, std::string bytes, Diagnostics* diags);
  // The same for bytes already shared, whose ContentHash is `hash`.
  bool Put(const std::string& path, Bytes bytes, uint64_t hash, Diagnostics* diags);
  // Fills a claimed path with bytes an earlier build made (whose
  // ContentHash is `hash`) when the sink still has them (OutputSink::Keep);
  // false when it does not or there is no sink: then Put the bytes.
  bool Keep(const std::string& path, uint64_t hash);
  // OutputSink::Has and OutputSink::Read; false and null without a sink.
  bool HasEarlier(const std::string& path, uint64_t hash) const { return sink_ && sink_->Has(path, hash); }
  Bytes ReadEarlier(const std::string& path, uint64_t hash) const {
    return sink_ ? sink_->Read(path, hash) : nullptr;
  }
  // Claim then Put.
  bool AddFile(const std::string& path, std::string bytes, const std::string& owner, Diagnostics* diags);
  // Claims `path` for a copy of the existing file `source` (static assets,
  // bundle attachments) and copies it.
  bool AddCopy(const std::string& path, const std::filesystem::path& source, const std::string& owner,
               Diagnostics* diags);

  bool Contains(const std::string& path) const { return entries_.count(path) > 0; }
  // Kept bytes at `path`, or nullptr (copies, streamed plans, unknown paths).
  const std::string* Find(const std::string& path) const;
  // Who claimed `path`, or "".
  std::string OwnerOf(const std::string& path) const;

  // Every claimed path, sorted.
  const std::map<std::string, Entry>& entries() const { return entries_; }
  // Kept bytes by path (empty for a streamed plan).
  const std::map<std::string, Bytes>& files() const { return files_; }
  // A copy of files() with the bytes themselves, which compare by value (tests).
  std::map<std::string, std::string> FileBytes() const;
  // Copies by path.
  const std::map<std::string, std::filesystem::path>& copies() const { return copies_; }
  size_t size() const { return entries_.size(); }
  bool streaming() const { return sink_ != nullptr; }

  // True when `path` is a safe relative path inside the destination: not
  // empty, relative, no "", "." or ".." segment, no backslash or control
  // character, segments of at most 255 bytes, at most 4000 bytes in all.
  static bool IsSafePath(const std::string& path);

  // How the destination is named in messages ("public"); messages then say
  // "public/speeches/a/index.html".
  void set_display_root(std::string root) { display_root_ = std::move(root); }
  // `path` as the user sees it: "<display root>/<path>".
  std::string DisplayPath(const std::string& path) const;

 private:
  // The claimed path that makes `path` impossible because one would have to
  // be both a file and a folder ("a" against "a/b"), or nullptr.
  const std::string* FileFolderClash(const std::string& path) const;

  OutputSink* sink_ = nullptr;
  std::string display_root_ = "public";
  std::map<std::string, Entry> entries_;
  std::map<std::string, Bytes> files_;
  std::map<std::string, std::filesystem::path> copies_;
  std::mutex mu_;  // guards files_ and the filled/hash/size fields during Put
};

// A file an earlier build made, kept (by portal serve) under the key of what
// it was made from, so the next build can reuse it while the key holds.
struct MemoFile {
  uint64_t key = 0;
  // Shared with the plan that had them; null when a streaming plan (portal
  // build) took them: the output tree has them (OutputPlan::Keep).
  OutputPlan::Bytes bytes;
  uint64_t hash = 0;        // their ContentHash
};
using FileMemo = std::unordered_map<std::string, MemoFile>;  // by path

// `bytes`, made under `key`: hashed and shared.
MemoFile MakeMemoFile(uint64_t key, std::string bytes);
// The file `memo` (may be null) holds for `path` when made under `key`, or null.
const MemoFile* FindMemoFile(const FileMemo* memo, const std::string& path, uint64_t key);

// Digest of output bytes (XXH3, 64 bits): compares outputs across builds.
uint64_t ContentHash(std::string_view bytes);

}  // namespace portal
