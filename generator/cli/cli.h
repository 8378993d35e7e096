// The command line: parses arguments and runs one command. Thin by design:
// each command hands its options to a module and prints what comes back.
#pragma once

namespace portal {

// Runs `portal` with the given arguments; returns the process exit status
// (0 success, 1 errors in the site, 2 bad command line).
int RunCli(int argc, char** argv);

}  // namespace portal
