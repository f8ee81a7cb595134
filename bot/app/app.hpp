#pragma once
// Start-up: the config, the flows and the database an instance runs on, each checked before use.

#include "bot/core/startup_error.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"

#include <optional>
#include <string>

namespace buurtbot {

/// The config file at `path`, or the embedded default when there is none, with environment overrides.
config::Config load_config(const std::optional<std::string>& path);

/// The flow files of `config.flows.dir`; throws StartupError listing every error with file and line,
/// also a text step that accepts more than storage.max_journal_text_bytes keeps.
flows::FlowSet load_flow_set(const config::Config& config);

/// Everything a command runs on.
struct App {
  config::Config config;
  flows::FlowSet flows;
  storage::Database db;
};

/// Loads config and flows, opens and migrates the database and seeds the config's workgroups.
App open_app(const std::optional<std::string>& config_path, const storage::OpenOptions& options = {});

}  // namespace buurtbot
