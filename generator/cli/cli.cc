#include "cli/cli.h"

#include <vector>

#include "cli/commands.h"

#ifndef PORTAL_VERSION
#define PORTAL_VERSION "0.1.0"
#endif

namespace portal {

int RunCli(int argc, char** argv) {
  CLI::App app{"portal: a static site generator for Party-building study portals (党建学习园地)", "portal"};
  app.set_version_flag("--version", std::string("portal ") + PORTAL_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'portal COMMAND --help' for the flags of a command.");

  // One line per command; each returns -1 when it was not the one chosen.
  std::vector<CommandRun> commands = {
      AddBuildCommand(&app),
      AddImportCommand(&app),
      AddNewCommand(&app),
      AddServeCommand(&app),
      AddCheckCommand(&app),
      AddSearchCommand(&app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const CommandRun& run : commands) {
    int status = run();
    if (status >= 0) return status;
  }
  return 2;
}

}  // namespace portal
