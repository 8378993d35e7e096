// `portal serve`: the site from memory with live reload, for editors.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "serve/serve_loop.h"

namespace portal {

namespace {
struct ServeFlags {
  ServeOptions options;
  std::string source = ".";
  bool no_drafts = false, no_future = false;
};
}  // namespace

CommandRun AddServeCommand(CLI::App* app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* c = app->add_subcommand("serve", "Serve the site from memory, rebuilding and reloading on every change");
  c->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  c->add_option("-p,--port", flags->options.port, "Port to listen on (default: 1313)")->check(CLI::Range(1, 65535));
  c->add_option("--bind", flags->options.bind,
                "Address to listen on (default: 127.0.0.1; anything else exposes drafts to the network)");
  c->add_flag("--noDrafts", flags->no_drafts, "Hide pages with draft: true, as the published site does");
  c->add_flag("--noFuture", flags->no_future, "Hide pages dated in the future, as the published site does");
  c->add_flag("-v,--verbose", flags->options.verbose, "Print a table of build stages with times after every build");
  c->add_option("-j,--jobs", flags->options.jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  return [c, flags]() -> int {
    if (!c->parsed()) return -1;
    ServeOptions options = flags->options;
    options.site_root = flags->source;
    options.build_drafts = !flags->no_drafts;
    options.build_future = !flags->no_future;
    return RunServe(options, std::cout);
  };
}

}  // namespace portal
