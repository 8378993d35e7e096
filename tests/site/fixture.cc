#include "fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace portal::testing {
namespace fs = std::filesystem;

const char* const kDefaultConfig = R"(title: 测试园地
baseURL: https://example.org/
sections:
  - name: speeches
    label: 领导讲话
  - name: policies
    label: 政策解读
  - name: cases
    label: 典型案例
)";

std::vector<TxtarSection> ParseTxtar(const std::string& text) {
  std::vector<TxtarSection> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > 6 && line.rfind("-- ", 0) == 0 && line.compare(line.size() - 3, 3, " --") == 0) {
      out.push_back({line.substr(3, line.size() - 6), ""});
      continue;
    }
    if (!out.empty()) out.back().body += line + "\n";
  }
  return out;
}

static std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return "<missing>";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SiteFixture::SiteFixture(const std::string& txtar) : sections_(ParseTxtar(txtar)) {
  char tmpl[] = "/tmp/portal-fixture-XXXXXX";
  root_ = mkdtemp(tmpl);
  bool has_config = false;
  for (const TxtarSection& s : sections_) has_config |= s.name == "site-config/site.yaml";
  if (!has_config) Write("site-config/site.yaml", kDefaultConfig);
  for (const TxtarSection& s : sections_) {
    if (s.name.rfind("want", 0) == 0) continue;
    Write(s.name, s.body);
  }
}

SiteFixture::~SiteFixture() {
  if (std::getenv("PORTAL_KEEP_FIXTURES") == nullptr) {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
}

void SiteFixture::Write(const std::string& rel, const std::string& content) const {
  fs::path p = root_ / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

std::string SiteFixture::Read(const std::string& rel) const { return ReadAll(root_ / rel); }

bool SiteFixture::Exists(const std::string& rel) const { return fs::exists(root_ / rel); }

RunResult RunCommand(const std::string& command) {
  char out_tmpl[] = "/tmp/portal-out-XXXXXX", err_tmpl[] = "/tmp/portal-err-XXXXXX";
  int fo = mkstemp(out_tmpl), fe = mkstemp(err_tmpl);
  close(fo);
  close(fe);
  std::string full = command + " >" + out_tmpl + " 2>" + err_tmpl;
  int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadAll(out_tmpl);
  r.err = ReadAll(err_tmpl);
  fs::remove(out_tmpl);
  fs::remove(err_tmpl);
  return r;
}

RunResult SiteFixture::Run(const std::string& args) const {
  return RunCommand("cd '" + root_.string() + "' && '" PORTAL_BINARY "' " + args);
}

RunResult SiteFixture::Build(const std::string& extra) const {
  return Run("build " + extra);
}

std::string SiteFixture::CheckWants() const {
  std::string failures;
  for (const TxtarSection& s : sections_) {
    bool want = s.name.rfind("want ", 0) == 0, want_not = s.name.rfind("want-not ", 0) == 0;
    if (!want && !want_not) continue;
    std::string path = s.name.substr(s.name.find(' ') + 1);
    std::string body = s.body;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    std::string content = Read(path);
    bool found = content.find(body) != std::string::npos;
    if (want && !found) failures += "missing in " + path + ":\n" + body + "\n--- actual ---\n" + content.substr(0, 4000) + "\n";
    if (want_not && found) failures += "unexpected in " + path + ":\n" + body + "\n";
  }
  return failures;
}

std::map<std::string, std::string> SiteFixture::Tree(const std::string& rel) const {
  std::map<std::string, std::string> out;
  fs::path base = root_ / rel;
  if (!fs::exists(base)) return out;
  for (const auto& e : fs::recursive_directory_iterator(base)) {
    if (e.is_regular_file()) out[e.path().lexically_relative(base).generic_string()] = ReadAll(e.path());
  }
  return out;
}

}  // namespace portal::testing
