#include "search/search_command.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace portal {
namespace {

namespace fs = std::filesystem;

// The first executable `name` on PATH, or "" (PORTAL_NODE overrides).
std::string FindNode() {
  if (const char* explicit_node = std::getenv("PORTAL_NODE")) return explicit_node;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / "node";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return "";
}

std::string FileUrl(const fs::path& p) {
  std::string url = "file://";
  for (unsigned char c : fs::absolute(p).lexically_normal().string()) {
    bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      url.push_back(static_cast<char>(c));
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      url += hex;
    }
  }
  return url;
}

// Runs argv, its stdout into *output when not null; returns the exit status
// or -1 when it could not start.
int Run(const std::vector<std::string>& argv, std::string* output) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (output) {
    if (pipe(pipe_fds) != 0) return -1;
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  }
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (output) close(pipe_fds[1]);
  if (rc != 0) {
    if (output) close(pipe_fds[0]);
    return -1;
  }
  if (output) {
    char buf[8192];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) output->append(buf, static_cast<size_t>(n));
    }
    close(pipe_fds[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

const char* SearchCommandScript() {
  return R"JS(
const [moduleUrl, indexDir, optionsJson] = process.argv.slice(1);
const major = Number(process.versions.node.split(".")[0]);
if (major < 18) {
  console.error(`portal search: Node ${process.versions.node} is too old; install Node.js 18 or newer`);
  process.exit(1);
}
const { open, readFile } = await import("node:fs/promises");
const path = await import("node:path");
const { createSearch } = await import(moduleUrl);
const o = JSON.parse(optionsJson);
const engine = createSearch({
  load: async (p) => {
    try {
      return await readFile(path.join(indexDir, p));
    } catch (e) {
      if (e.code === "ENOENT") return null;
      throw e;
    }
  },
  loadRange: async (p, start, end) => {
    const f = await open(path.join(indexDir, p));
    try {
      const out = new Uint8Array(end - start);
      await f.read(out, 0, end - start, start);
      return out;
    } finally {
      await f.close();
    }
  },
});
const filters = { limit: o.limit };
if (o.section) filters.section = o.section;
if (o.year) filters.year = o.year;
if (o.tag) filters.tag = o.tag;
const { total, results, terms = [] } = await engine.search(o.query, filters);
const plain = (html) => html.replace(/<mark>/g, "【").replace(/<\/mark>/g, "】")
  .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
if (o.json) {
  const out = results.map(({ url, title, section, date, excerpt }) => ({ url, title, section, date, excerpt }));
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
} else if (total === 0 && terms.length === 0) {
  process.stdout.write(`没有找到与“${o.query}”相关的内容 (no results)\n`);
} else {
  let text = terms.length ? `提法 (terms): ${terms.map((t) => `${t.title} ${t.url}`).join("; ")}\n` : "";
  text += `${total} 条结果 (results) for “${o.query}”` + (total > results.length ? `, showing ${results.length}` : "") + "\n\n";
  results.forEach((r, i) => {
    const meta = [r.section, r.date].filter(Boolean).join(" · ");
    text += `${i + 1}. ${r.title}${meta ? "  (" + meta + ")" : ""}\n   ${r.url}\n`;
    if (r.excerpt) text += `   ${plain(r.excerpt)}\n`;
    text += "\n";
  });
  process.stdout.write(text);
}
)JS";
}

int RunSearchCommand(const SearchCommandOptions& options) {
  fs::path dest = options.destination.empty() ? options.site_root / "public" : options.destination;
  fs::path index = dest / "search";
  fs::path module = dest / "js" / "search.mjs";
  std::error_code ec;
  if (!fs::exists(index / "meta.json", ec)) {
    std::fprintf(stderr,
                 "portal search: %s has no search index (%s is missing)\n"
                 "  hint: run `portal build` first (and keep `search: true` in site-config/site.yaml)\n",
                 dest.string().c_str(), (index / "meta.json").string().c_str());
    return 1;
  }
  if (!fs::exists(module, ec)) {
    std::fprintf(stderr,
                 "portal search: %s is missing, so the site has no query module\n"
                 "  hint: run `portal build` again; the theme's static/js/search.mjs is copied there\n",
                 module.string().c_str());
    return 1;
  }
  std::string node = FindNode();
  if (node.empty()) {
    std::fprintf(stderr,
                 "portal search: `node` was not found on PATH\n"
                 "  hint: install Node.js 18 or newer (apt-get install nodejs), or set PORTAL_NODE\n");
    return 1;
  }
  nlohmann::json o = {{"query", options.query}, {"json", options.json}, {"limit", options.limit},
                      {"section", options.section}, {"year", options.year}, {"tag", options.tag}};
  std::vector<std::string> argv = {node, "--input-type=module", "-e", SearchCommandScript(),
                                   FileUrl(module), fs::absolute(index).string(), o.dump()};
  int rc = Run(argv, options.output);
  if (rc < 0) {
    std::fprintf(stderr, "portal search: could not run %s: %s\n", node.c_str(), std::strerror(errno));
    return 1;
  }
  return rc == 0 ? 0 : 1;
}

}  // namespace portal
