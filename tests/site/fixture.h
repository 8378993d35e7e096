// Whole-site fixtures in txtar style: the input files and the expected
// output fragments of one test, side by side in one string.
//
//   -- site-config/site.yaml --
//   title: 测试
//   -- content/speeches/a.md --
//   ---
//   title: 讲话
//   ---
//   -- want public/speeches/a/index.html --
//   <h1>讲话</h1>
//
// Sections named "want PATH" must appear (as one substring) in PATH after
// the build; "want-not PATH" must not; other sections are input files.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace portal::testing {

struct TxtarSection {
  std::string name;
  std::string body;
};

// Splits a txtar text into its sections (the comment before the first
// "-- name --" line is dropped).
std::vector<TxtarSection> ParseTxtar(const std::string& text);

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// A temporary site folder, removed when the fixture goes out of scope.
class SiteFixture {
 public:
  // Writes the input sections of `txtar` into a fresh temporary folder. A
  // minimal valid site-config/site.yaml is written first unless the txtar
  // has one.
  explicit SiteFixture(const std::string& txtar);
  ~SiteFixture();

  const std::filesystem::path& root() const { return root_; }
  // Runs the portal binary with `args` in the site folder.
  RunResult Run(const std::string& args) const;
  // Runs `portal build` with extra args (the clock fixed for determinism).
  RunResult Build(const std::string& extra = "") const;
  // Contents of a file relative to the site root, or "<missing>".
  std::string Read(const std::string& rel) const;
  bool Exists(const std::string& rel) const;
  void Write(const std::string& rel, const std::string& content) const;
  // Checks every want/want-not section; returns "" or a description of the
  // failures.
  std::string CheckWants() const;
  // Every file under `rel` mapped to its bytes (for whole-tree comparisons).
  std::map<std::string, std::string> Tree(const std::string& rel) const;

 private:
  std::filesystem::path root_;
  std::vector<TxtarSection> sections_;
};

// Runs a shell command, capturing stdout and stderr.
RunResult RunCommand(const std::string& command);

// True for what a build keeps beside its destination `public/` on purpose:
// the lock, the staging tree the next build reuses and their manifests.
inline bool IsBuildBookkeeping(const std::string& name) {
  return name == ".public.lock" || name == ".public.staging" || name == ".public.trees";
}

// The minimal site.yaml used when a fixture has none.
extern const char* const kDefaultConfig;

}  // namespace portal::testing
