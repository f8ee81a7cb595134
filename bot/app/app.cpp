#include "bot/app/app.hpp"

#include "bot/app/channels.hpp"
#include "bot/civic/officer_actions.hpp"
#include "flows/loader.hpp"

namespace buurtbot {
namespace {

template <typename Issues, typename Format>
std::string lines_of(const Issues& issues, Format format) {
  std::string text;
  for (const auto& issue : issues) text += (text.empty() ? "" : "\n") + format(issue);
  return text;
}

}  // namespace

config::Config load_config(const std::optional<std::string>& path) {
  auto env = config::process_environment();
  const auto sections = channel_sections();
  auto loaded = path ? config::load_file(*path, env, sections) : config::load_defaults(env, sections);
  if (!loaded.ok()) throw StartupError(lines_of(loaded.errors, [](const auto& i) { return config::format(i); }));
  return loaded.config;
}

flows::FlowSet load_flow_set(const config::Config& config) {
  auto loaded = flows::load_flows(config.flows.dir);
  if (!loaded.errors.empty())
    throw StartupError(lines_of(loaded.errors, [](const auto& e) { return flows::format(e); }));
  return std::move(loaded.flows);
}

App open_app(const std::optional<std::string>& config_path, const storage::OpenOptions& options) {
  auto config = load_config(config_path);
  auto flows = load_flow_set(config);
  auto db = storage::Database::open(config.storage.path, options);
  seed_workgroups(db, config);
  return App{std::move(config), std::move(flows), std::move(db)};
}

}  // namespace buurtbot
