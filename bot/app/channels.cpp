#include "bot/app/channels.hpp"

#include "adapters/email/channel.hpp"
#include "adapters/email/settings.hpp"
#include "adapters/matrix/channel.hpp"
#include "adapters/matrix/cli.hpp"
#include "adapters/matrix/settings.hpp"
#include "adapters/telegram/channel.hpp"
#include "adapters/telegram/cli.hpp"
#include "adapters/telegram/settings.hpp"
#include "adapters/web/channel.hpp"
#include "adapters/web/settings.hpp"

namespace buurtbot {
namespace {

/// One channel as the app knows it.
struct Registration {
  /// Its config section's keys; null when it has none.
  config::SectionSpec (*settings)();
  /// The channel when the config enables it, else nullptr; the flows for a channel that reads their words.
  std::unique_ptr<Channel> (*build)(const config::Config&, const flows::FlowSet&);
  /// Its command-line words; null when it has none.
  void (*add_commands)(CLI::App&, std::function<config::Config()>, std::function<int()>&);
};

// The terminal is not here: `buurtbot chat` is its inbound side and builds it for its own terminal.
const Registration kChannels[] = {
    {adapters::telegram::settings_section,
     [](const config::Config& config, const flows::FlowSet&) { return adapters::telegram::build(config); },
     adapters::telegram::add_commands},
    {adapters::matrix::settings_section,
     [](const config::Config& config, const flows::FlowSet&) { return adapters::matrix::build(config); },
     adapters::matrix::add_commands},
    {adapters::email::settings_section, adapters::email::build, nullptr},
    // The web chat offers mail forms only while the e-mail channel is on.
    {adapters::web::settings_section,
     [](const config::Config& config, const flows::FlowSet& flows) {
       return adapters::web::build(config, flows, adapters::email::settings_of(config).enabled);
     },
     nullptr},
};

}  // namespace

std::vector<config::SectionSpec> channel_sections() {
  std::vector<config::SectionSpec> sections;
  for (const auto& channel : kChannels) {
    if (channel.settings) sections.push_back(channel.settings());
  }
  return sections;
}

std::vector<std::unique_ptr<Channel>> build_channels(const config::Config& config, const flows::FlowSet& flows) {
  std::vector<std::unique_ptr<Channel>> channels;
  for (const auto& channel : kChannels) {
    if (auto built = channel.build(config, flows)) channels.push_back(std::move(built));
  }
  return channels;
}

void add_channel_commands(CLI::App& cli, const std::function<config::Config()>& load_config,
                          std::function<int()>& command) {
  for (const auto& channel : kChannels) {
    if (channel.add_commands) channel.add_commands(cli, load_config, command);
  }
}

}  // namespace buurtbot
