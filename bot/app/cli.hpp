#pragma once
// The command line: serve, chat, checks, and the administrator's commands.

namespace buurtbot {

/// Parses the arguments and runs the command; returns the process exit code
/// (0 done, 1 a runtime failure such as an unusable database, 2 bad usage, config or flows).
int run_cli(int argc, char** argv);

}  // namespace buurtbot
