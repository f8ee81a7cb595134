#pragma once
// Internal to bot/civic/: the small pieces every action and code-making service uses, written once.

#include "bot/civic/actions.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string_view>
#include <string>

namespace buurtbot::civic {

/// A field of the action, or "" when the flow did not set it.
std::string field(const flows::Action& action, const std::string& name);

/// An action's outcome: its code for the end step's text, and the values that text may fill in.
flows::ActionOutcome outcome(std::string code, std::map<std::string, std::string> vars = {});

/// The audit log's name for the resident an action runs for.
std::string actor(const ActionContext& context);

/// A one-time code of `length` letters and digits that cannot be mistaken for each other when read
/// aloud or typed over (no 0/O, no 1/I/L), from the kernel's randomness: it must not be guessable.
std::string readable_code(int length = 8);

/// The resident's own inbox thread that `about` names ("vraag 12"); nothing for someone else's, for an
/// unknown one or when `about` names no question: a reference in a subject is no key to another's thread.
std::optional<storage::InboxThread> own_question(storage::Database& db, storage::Id resident_id, std::string_view about);

/// `at` as stored in the database: "2026-12-07T10:55:05Z".
std::string iso_utc(std::chrono::system_clock::time_point at);

}  // namespace buurtbot::civic
