// `portal search QUERY`: the site's own query module over its built index,
// from the command line (search/search_command.h does the work).
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "search/search_command.h"

namespace portal {

namespace {
struct SearchFlags {
  SearchCommandOptions options;
  std::vector<std::string> words;
  std::string source = ".", destination;
};
}  // namespace

CommandRun AddSearchCommand(CLI::App* app) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* c = app->add_subcommand(
      "search", "Search a built site (DEST/search/) with the same query module the browser runs");
  c->add_option("query", flags->words,
                "What to look for: space-separated terms are ANDed, \"quoted text\" is a phrase")
      ->required();
  c->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  c->add_option("-d,--destination", flags->destination, "Built site to search (default: SITE/public)");
  c->add_flag("--json", flags->options.json,
              "Print a JSON array of {url, title, section, date, excerpt}, best first");
  c->add_option("-n,--limit", flags->options.limit, "At most this many results (default: 10)")
      ->check(CLI::PositiveNumber);
  c->add_option("--section", flags->options.section, "Only this section (name or label)");
  c->add_option("--year", flags->options.year, "Only pages dated in this year")->check(CLI::Range(1, 9999));
  c->add_option("--tag", flags->options.tag, "Only pages with this tag");
  return [c, flags]() -> int {
    if (!c->parsed()) return -1;
    SearchCommandOptions options = flags->options;
    options.site_root = flags->source;
    options.destination = flags->destination;
    options.query.clear();
    for (const std::string& w : flags->words) {
      if (!options.query.empty()) options.query += ' ';
      options.query += w;
    }
    return RunSearchCommand(options);
  };
}

}  // namespace portal
