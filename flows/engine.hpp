#pragma once
// The flow engine: a pure function from (flow definitions, conversation state, input, now) to
// (new state, replies, action). No I/O, no clock, no storage: the dispatcher executes the action
// inside the same transaction that stores the new state, then asks the engine for the outcome text.

#include "flows/definition.hpp"
#include "flows/types.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::flows {

/// The result of one step of the engine.
struct StepResult {
  ConversationState state;
  std::vector<Reply> replies;
  std::optional<Action> action;
};

/// Settings the engine needs that come from config.
struct EngineSettings {
  std::chrono::minutes idle_timeout{30};
  /// The channel shows choices as buttons: a text with a `<key>_buttons` variant uses that one
  /// ("kies een knop"); elsewhere the plain text asks to type the number.
  bool buttons = false;
  /// A refusal or notice and the question after it go out as one message; false sends them apart.
  bool join_notice_and_question = true;
};

/// Runs one input through the flows. `lang` is the resident's current language.
StepResult step(const FlowSet& flows, const ConversationState& state, const Input& input, const Facts& facts,
                Lang lang, Clock::time_point now, const EngineSettings& settings);

/// The replies that close a flow after its action ran: the end step's text for `outcome.code`,
/// with `{var}` placeholders filled from the action's fields and the outcome's vars.
std::vector<Reply> outcome_replies(const FlowSet& flows, const Action& action, const ActionOutcome& outcome, Lang lang);

}  // namespace buurtbot::flows
