#pragma once
// What administrators do to workgroups, officers' accounts and the outbox; the command line and the
// officers' API both call these, so each thing is done, checked and audited one way.

#include "config/config.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>

namespace buurtbot {

/// True when `theme` is one of the config's themes (municipality.themes).
bool known_theme(const config::Config& config, const std::string& theme);

/// Why a new workgroup was refused, or `ok`.
enum class AddWorkgroupResult { ok, unknown_theme, name_taken };

/// The outcome of add_workgroup: the workgroup as stored when `result` is ok.
struct AddedWorkgroup {
  AddWorkgroupResult result = AddWorkgroupResult::ok;
  storage::Workgroup workgroup;
};

/// Adds a workgroup on one of the config's themes under a name no other workgroup has, audited, in
/// one savepoint (its own transaction when the caller holds none).
AddedWorkgroup add_workgroup(storage::Database& db, const config::Config& config, const std::string& name,
                             const std::string& theme, const std::string& description, const std::string& actor);

/// Disables the officer (their sessions and API tokens are taken) or enables them again (with their
/// password only: no credential from before comes back), audited when that changes anything; false when
/// there is no officer with that login.
bool set_officer_disabled(storage::Database& db, const std::string& login, bool disabled, const std::string& actor);

/// What revoke_officer_credentials took.
struct RevokedCredentials {
  int tokens = 0;    ///< API tokens
  int sessions = 0;  ///< browser sessions
};

/// Revokes every credential of the officer, API tokens and browser sessions alike, audited; what it
/// took, or nothing when there is no officer with that login. Their password still signs them in.
std::optional<RevokedCredentials> revoke_officer_credentials(storage::Database& db, const std::string& login,
                                                             const std::string& actor);

/// Why an outbox row was not sent again, or `ok`.
enum class OutboxRetryResult { ok, not_found, not_dead };

/// Puts a given-up (dead) outbox row back in the queue, due at once, audited.
OutboxRetryResult retry_outbox_row(storage::Database& db, storage::Id id, const std::string& actor);

}  // namespace buurtbot
