#pragma once
// The Matrix channel's command-line words: `buurtbot matrix registration` and `buurtbot matrix login`.

#include "config/config.hpp"

#include <functional>

namespace CLI {
class App;
}

namespace buurtbot::adapters::matrix {

/// Adds `matrix …` to `cli`; the chosen subcommand sets `command`, which reads the config with `load_config`.
void add_commands(CLI::App& cli, std::function<config::Config()> load_config, std::function<int()>& command);

}  // namespace buurtbot::adapters::matrix
