#pragma once
// The Telegram channel's command-line words: `buurtbot telegram set-webhook|delete-webhook|info`.

#include "config/config.hpp"

#include <functional>

namespace CLI {
class App;
}

namespace buurtbot::adapters::telegram {

/// Adds `telegram …` to `cli`; the chosen subcommand sets `command`, which reads the config with `load_config`.
void add_commands(CLI::App& cli, std::function<config::Config()> load_config, std::function<int()>& command);

}  // namespace buurtbot::adapters::telegram
