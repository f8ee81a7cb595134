#pragma once
// The life of an initiative: its states, who may move it where, and what each state means for a resident.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot {

/// Who asks for a status change: an officer (or the command line), or the submitter.
enum class Changer { officer, submitter };

/// One state of an initiative, with its words in Dutch and English (LANGUAGE.md).
struct StatusInfo {
  std::string_view key;
  std::string_view nl;
  std::string_view en;
  std::string_view meaning_nl;  ///< what it means for the resident and what they can do now
  std::string_view meaning_en;
};

/// The state named `key`, or nothing when there is no such state.
std::optional<StatusInfo> status_info(std::string_view key);

/// The state's name in the resident's language ("in behandeling").
std::string status_label(std::string_view key, std::string_view language);

/// What the state means for the resident, in their language.
std::string status_meaning(std::string_view key, std::string_view language);

/// Every state, in the order of an initiative's life.
std::vector<std::string_view> all_statuses();

/// True when `changer` may move an initiative from `from` to `to`.
bool can_change_status(std::string_view from, std::string_view to, Changer changer);

/// The states an officer may choose next from `from`.
std::vector<std::string_view> next_statuses(std::string_view from);

/// True when moving to `to` requires an official answer (a reason the resident can act on).
bool status_needs_answer(std::string_view to);

}  // namespace buurtbot
