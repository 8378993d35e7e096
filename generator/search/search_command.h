// `portal search QUERY`: runs the site's own query module (public/js/search.mjs)
// over its built index through Node, so editors and tests see exactly what a
// reader's browser would.
#pragma once

#include <filesystem>
#include <string>

namespace portal {

struct SearchCommandOptions {
  std::filesystem::path site_root = ".";
  std::filesystem::path destination;  // empty: site_root/public
  std::string query;
  bool json = false;     // print a JSON array of {url,title,section,date,excerpt}
  int limit = 10;
  std::string section;   // name or label; empty: any
  int year = 0;          // 0: any
  std::string tag;       // empty: any
  // Where results go: nullptr means this process's stdout; otherwise they
  // are captured here (tests). Errors always go to stderr.
  std::string* output = nullptr;
};

// Runs the query. Returns 0 on success (also when nothing matched), 1 with a
// message on stderr when the destination has no index ("run portal build
// first"), Node is missing or too old, or the query module fails.
int RunSearchCommand(const SearchCommandOptions& options);

// The Node program RunSearchCommand runs (ES module source); its arguments
// are the module's file URL, the index folder and the options as JSON.
const char* SearchCommandScript();

}  // namespace portal
