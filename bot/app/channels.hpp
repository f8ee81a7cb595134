#pragma once
// The one place that knows every channel: serve builds the enabled ones from this list, and the
// command line adds their subcommands, and loading reads their config sections. Adding a channel is a folder under adapters/ and a line here.

#include "bot/core/channel.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace CLI {
class App;
}

namespace buurtbot {

/// Every channel's config section, which loading reads and checks like config/'s own keys.
std::vector<config::SectionSpec> channel_sections();

/// The channels `config` enables, built and ready to start; throws StartupError for a missing secret.
/// `flows` give a channel that reads commands in plain words (e-mail) the flows' own commands and titles.
std::vector<std::unique_ptr<Channel>> build_channels(const config::Config& config, const flows::FlowSet& flows);

/// Adds every channel's subcommands (`buurtbot telegram set-webhook …`) to `cli`.
void add_channel_commands(CLI::App& cli, const std::function<config::Config()>& load_config,
                          std::function<int()>& command);

}  // namespace buurtbot
