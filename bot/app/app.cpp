#include "bot/app/app.hpp"

#include "bot/app/channels.hpp"
#include "bot/civic/officer_actions.hpp"
#include "flows/loader.hpp"
#include "flows/text.hpp"
#include "flows/validate.hpp"

namespace buurtbot {
namespace {

template <typename Issues, typename Format>
std::string lines_of(const Issues& issues, Format format) {
  std::string text;
  for (const auto& issue : issues) text += (text.empty() ? "" : "\n") + format(issue);
  return text;
}

// The journal cuts a text at storage.max_journal_text_bytes; a step that accepts a longer answer would
// take a cut one as if it were whole. A character is at most 4 bytes of UTF-8.
std::vector<std::string> answers_the_journal_would_cut(const config::Config& config, const flows::FlowSet& set) {
  const auto kept = static_cast<std::size_t>(config.storage.max_journal_text_bytes);
  std::vector<std::string> problems;
  for (const auto& flow : set.flows) {
    for (const auto& step : flow.steps) {
      const auto characters = step.validation.max_length.value_or(flows::kDefaultMaxLength);
      if (step.type != flows::StepType::text || 4 * characters <= kept) continue;
      problems.push_back(flows::concat({flow.file, ":", std::to_string(step.line), ": step '", step.id, "' accepts ",
                                        std::to_string(characters), " characters (up to ",
                                        std::to_string(4 * characters),
                                        " bytes), more than storage.max_journal_text_bytes keeps (",
                                        std::to_string(kept), ")"}));
    }
  }
  return problems;
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
  if (auto cut = answers_the_journal_would_cut(config, loaded.flows); !cut.empty())
    throw StartupError(lines_of(cut, [](const auto& problem) { return problem; }));
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
