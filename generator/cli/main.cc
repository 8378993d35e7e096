#include "cli/cli.h"

int main(int argc, char** argv) { return portal::RunCli(argc, argv); }
