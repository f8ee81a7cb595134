#pragma once
// A conversation's state as the JSON text the conversations table stores.

#include "flows/engine.hpp"

#include <string>

namespace buurtbot::flows {

/// The state as a JSON object: flow, step, values, history and updated_at (milliseconds since 1970).
std::string serialize_state(const ConversationState& state);

/// The state a JSON text describes. Text that is not a stored state gives an idle state, so one bad
/// row makes a resident start over instead of blocking the conversation.
ConversationState deserialize_state(const std::string& json);

}  // namespace buurtbot::flows
