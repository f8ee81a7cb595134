#pragma once
// The life of an initiative: its states, who may move it where, and what each state means for a resident
// (the words are in the message files).

#include "flows/definition.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot {

/// Who asks for a status change: an officer (or the command line), or the submitter.
enum class Changer { officer, submitter };

/// True when `key` names a state.
bool is_status(std::string_view key);

/// The state's name in `lang` ("in behandeling"), from the message files (status_<key>); the key itself
/// when it names no state.
std::string status_label(const flows::FlowSet& texts, std::string_view key, flows::Lang lang);

/// What the state means for the resident and what they can do now (status_<key>_meaning); empty when
/// `key` names no state.
std::string status_meaning(const flows::FlowSet& texts, std::string_view key, flows::Lang lang);

/// Every state, in the order of an initiative's life.
std::vector<std::string_view> all_statuses();

/// True when `changer` may move an initiative from `from` to `to`: the submitter withdraws, or answers the
/// municipality's question (needs_info back to in_review).
bool can_change_status(std::string_view from, std::string_view to, Changer changer);

/// The states an officer may choose next from `from`.
std::vector<std::string_view> next_statuses(std::string_view from);

/// True when moving to `to` requires an official answer (a reason the resident can act on).
bool status_needs_answer(std::string_view to);

}  // namespace buurtbot
