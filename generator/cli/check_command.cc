// `portal check`: validates the site and prints problems, compiler style.
#include <iostream>
#include <memory>

#include "check/check.h"
#include "cli/commands.h"

namespace portal {

namespace {
struct CheckFlags {
  CheckOptions options;
  std::string source = ".", format = "text";
};

int RunCheckCommand(const CheckFlags& flags) {
  CheckOptions options = flags.options;
  options.site_root = flags.source;
  Diagnostics diags;
  bool ok = RunCheck(options, &diags);
  if (flags.format == "json") {
    std::cout << DiagnosticsJson(diags.Sorted());
  } else {
    std::cout << diags.Format();
    std::cout << "check: " << diags.error_count() << " error(s), " << diags.warning_count() << " warning(s)\n";
  }
  return ok ? 0 : 1;
}
}  // namespace

CommandRun AddCheckCommand(CLI::App* app) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* c = app->add_subcommand("check", "Check the site for errors without writing anything");
  c->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  c->add_option("--format", flags->format, "Output format: text (compiler style) or json")
      ->check(CLI::IsMember({"text", "json"}));
  c->add_option("-j,--jobs", flags->options.jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  return [c, flags]() -> int { return c->parsed() ? RunCheckCommand(*flags) : -1; };
}

}  // namespace portal
