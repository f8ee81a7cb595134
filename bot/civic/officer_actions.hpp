#pragma once
// What officers and administrators do to the domain; shared by the command line and the officers' API.

#include "bot/civic/notify.hpp"
#include "config/config.hpp"
#include "flows/definition.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>

namespace buurtbot {

/// Why a status change was refused, or `ok`.
enum class StatusChangeResult { ok, not_found, unknown_status, not_allowed, answer_required };

/// A sentence for an officer explaining `result`.
std::string describe(StatusChangeResult result);

/// Moves an initiative to `to` with an official answer (in Dutch, English or both), in one transaction:
/// the status and its history, the audit entry, and outbox rows (in the words of `texts`) for the
/// submitter, the followers and the theme's workgroups.
StatusChangeResult change_initiative_status(storage::Database& db, const config::Config& config,
                                            const flows::FlowSet& texts, const std::string& ref, const std::string& to,
                                            const OfficialAnswer& answer, const std::string& actor);

/// The same with an answer in one language.
StatusChangeResult change_initiative_status(storage::Database& db, const config::Config& config,
                                            const flows::FlowSet& texts, const std::string& ref, const std::string& to,
                                            const std::string& answer, const std::string& actor);

/// A one-time code that links a group chat to a workgroup, and when it stops working.
struct LinkCode {
  std::string code;
  std::string expires_at;  ///< ISO 8601 UTC
};

/// A one-time code (8 letters and digits, valid 7 days) that links a group chat to the workgroup
/// with `/koppel CODE`; nothing when there is no workgroup by that name.
std::optional<std::string> create_link_code(storage::Database& db, const std::string& workgroup_name,
                                            const std::string& actor);

/// The same for the workgroup with this id, audited inside the caller's transaction; nothing when
/// there is no such workgroup.
std::optional<LinkCode> create_link_code_for(storage::Database& db, storage::Id workgroup_id, const std::string& actor);

/// Queues `text` as a notification to every group chat linked to the workgroup and privately to every
/// reachable identity of its members; audited inside the caller's transaction. Returns the rows queued.
int broadcast_to_workgroup(storage::Database& db, const config::Config& config, const storage::Workgroup& workgroup,
                           const std::string& text, const std::string& actor);

/// Creates the config's seed workgroups that are missing, so a fresh database has living workgroups.
void seed_workgroups(storage::Database& db, const config::Config& config);

}  // namespace buurtbot
