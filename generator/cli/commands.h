// Each subcommand lives in its own file and registers itself on the app:
// it adds its flags and returns the function to run when it was chosen.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace portal {

// Runs a parsed command; returns the exit status (0 ok, 1 failure, 2 usage).
using CommandRun = std::function<int()>;

CommandRun AddBuildCommand(CLI::App* app);
CommandRun AddImportCommand(CLI::App* app);
CommandRun AddNewCommand(CLI::App* app);
CommandRun AddServeCommand(CLI::App* app);
CommandRun AddCheckCommand(CLI::App* app);
CommandRun AddSearchCommand(CLI::App* app);

}  // namespace portal
