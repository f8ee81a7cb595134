#pragma once
// The values the flow engine takes and gives: conversation state, input, replies, actions, and the facts
// it may consult. The engine, the choice matching and the dispatcher share them.

#include "flows/definition.hpp"

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

using Clock = std::chrono::system_clock;

/// Where a resident is in a conversation; empty `flow` means idle (no flow running).
struct ConversationState {
  std::string flow;
  std::string step;
  std::map<std::string, std::string> values;  ///< answers so far, by step id (and `<id>_label`)
  std::vector<std::string> history;           ///< step ids visited, for `terug`/`back`
  Clock::time_point updated_at{};

  bool idle() const { return flow.empty(); }
};

/// One thing the resident sent: typed text, or the key of a button they pressed, and any photos or files.
struct Input {
  std::string text;
  std::string choice;  ///< set when a channel button carries the option key (Telegram callback data)
  std::vector<std::string> attachments;  ///< opaque to the engine: kept for the action as the dispatcher gave them
};

/// The action field (and state value) that carries the kept attachments, one per line.
inline constexpr std::string_view kAttachmentsField = "attachments";

/// One option shown with a reply: buttons on Telegram, numbered lines in the terminal and email.
struct Choice {
  std::string key;
  std::string label;
  /// What the option brings when it is picked (a plan's details, whether it can be withdrawn): kept as
  /// `<step>_<name>` for the texts and `when` conditions of the steps after it.
  std::map<std::string, std::string> facts = {};
};

/// One message from the bot to the resident.
struct Reply {
  std::string text;
  std::vector<Choice> choices;
};

/// A domain change the dispatcher executes in the step's transaction (create_initiative, support…).
struct Action {
  std::string name;
  std::string flow;  ///< flow and step that asked for it, to find the outcome texts
  std::string step;
  std::map<std::string, std::string> fields;
};

/// What an executed action reports back, e.g. {"ok", {{"ref","BI-2026-0042"}}} or {"already", {}}.
struct ActionOutcome {
  std::string code = "ok";
  std::map<std::string, std::string> vars;
};

/// Read-only facts the engine may consult: option lists that live in config or storage.
/// Implemented by the dispatcher over the current transaction; a table in tests.
class Facts {
 public:
  virtual ~Facts() = default;
  /// The answers given so far in a flow, by step id.
  using Answers = std::map<std::string, std::string>;
  /// Options for a `choice` step with `options_from: <source>` (themes, neighbourhoods, workgroups, my_initiatives…);
  /// with `words`, a source that can be searched (open_initiatives) gives only the options that contain them.
  /// `answers` lets a list depend on an earlier answer (open plans near the home just named).
  virtual std::vector<Choice> options(const std::string& source, Lang lang, const std::string& words,
                                      const Answers& answers) const = 0;
  /// What the flows may know of the resident when a flow starts, as `resident_<name>` for `when`
  /// (home_known: "yes" or "no").
  virtual Answers about_resident() const { return {}; }
  /// True when the resident has a question thread to continue: free text and photos then go to it.
  virtual bool has_open_question() const = 0;
  /// The reference of the resident's plan that waits for their answer to the municipality's question (the
  /// one asked last), or empty: free text and photos then answer it, before any open question.
  virtual std::string plan_waiting_for_answer() const { return {}; }
};

}  // namespace buurtbot::flows
