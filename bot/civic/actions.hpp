#pragma once
// Executes the flows' actions against storage, inside the dispatcher's transaction for the step.

#include "config/config.hpp"
#include "flows/engine.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace buurtbot {

/// Everything an action may touch: the open transaction's database, the config and the resident.
struct ActionContext {
  storage::Database& db;
  const config::Config& config;
  storage::Resident& resident;  ///< updated in place (language) by the action
  std::string channel;
  std::string address;
  std::chrono::system_clock::time_point now;
  /// The flows and the texts of the message files, for what an action writes beyond its own outcome.
  const flows::FlowSet& flows;
  /// Set by an action that asks one more question here: the conversation continues in this state
  /// (its step's prompt is what the outcome text said), instead of going idle.
  std::optional<flows::ConversationState> follow_up;
  /// The channel's thread of the message being handled (InboundMessage::thread): an inbox thread keeps it,
  /// so an officer's answer is a reply in the resident's own thread.
  std::string thread;
  /// What the message says it is about (InboundMessage::about): only the resident's own question or plan counts.
  std::string about;
  /// Set by an action that opened or continued a question or made a plan: what its replies are about
  /// (OutboundMessage::about), so a channel can show the reference.
  std::string replies_about;
};

/// Runs one action and reports its outcome for the flow's end text. Unknown actions are an invariant break.
flows::ActionOutcome execute_action(const flows::Action& action, ActionContext& context);

/// Everything stored about a resident, as readable text in their language (for "my data"), in the
/// words of `texts`.
std::string describe_resident_data(storage::Database& db, const config::Config& config, const flows::FlowSet& texts,
                                   const storage::Resident& resident);

}  // namespace buurtbot
