// buurtbot: parse the command line, run the chosen command, return its exit code.
#include "bot/app/cli.hpp"

int main(int argc, char** argv) { return buurtbot::run_cli(argc, argv); }
