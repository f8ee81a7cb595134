#include "flows/state_json.hpp"

#include <nlohmann/json.hpp>

namespace buurtbot::flows {
namespace {

using Milliseconds = std::chrono::milliseconds;

}  // namespace

std::string serialize_state(const ConversationState& state) {
  const auto millis = std::chrono::duration_cast<Milliseconds>(state.updated_at.time_since_epoch()).count();
  nlohmann::json json{{"flow", state.flow},
                      {"step", state.step},
                      {"values", state.values},
                      {"history", state.history},
                      {"updated_at", millis}};
  // Resident text may hold broken UTF-8; replace it rather than throw inside the step's transaction.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ConversationState deserialize_state(const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return {};
  try {
    ConversationState state;
    state.flow = json.value("flow", "");
    state.step = json.value("step", "");
    state.values = json.value("values", std::map<std::string, std::string>{});
    state.history = json.value("history", std::vector<std::string>{});
    state.updated_at = Clock::time_point(std::chrono::duration_cast<Clock::duration>(
        Milliseconds(json.value("updated_at", std::int64_t{0}))));
    return state;
  } catch (const nlohmann::json::exception&) {  // a field of the wrong type
    return {};
  }
}

}  // namespace buurtbot::flows
