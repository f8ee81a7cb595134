#include "bot/civic/admin_actions.hpp"

#include "storage/officers.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

namespace buurtbot {

bool known_theme(const config::Config& config, const std::string& theme) {
  const auto& themes = config.municipality.themes;
  return std::any_of(themes.begin(), themes.end(), [&](const auto& listed) { return listed.key == theme; });
}

AddedWorkgroup add_workgroup(storage::Database& db, const config::Config& config, const std::string& name,
                             const std::string& theme, const std::string& description, const std::string& actor) {
  if (!known_theme(config, theme)) return {AddWorkgroupResult::unknown_theme, {}};
  storage::Savepoint tx(db);
  storage::Workgroups workgroups(db);
  if (workgroups.find_by_name(name)) return {AddWorkgroupResult::name_taken, {}};
  auto added = workgroups.add(name, theme, description);
  storage::Audit(db).record(actor, "workgroup.add", added.name, added.theme);
  tx.release();
  return {AddWorkgroupResult::ok, std::move(added)};
}

bool set_officer_disabled(storage::Database& db, const std::string& login, bool disabled, const std::string& actor) {
  storage::Savepoint tx(db);
  storage::Officers officers(db);
  auto officer = officers.find_by_login(login);
  if (!officer) return false;
  if (officer->disabled == disabled) return true;
  if (disabled) {
    officers.disable(login);
  } else {
    officers.enable(login);
  }
  storage::Audit(db).record(actor, disabled ? "officer.disable" : "officer.enable", login);
  tx.release();
  return true;
}

// A session is as good as a token to whoever holds it: revoking one and not the other would leave a
// stolen laptop signed in.
std::optional<RevokedCredentials> revoke_officer_credentials(storage::Database& db, const std::string& login,
                                                             const std::string& actor) {
  storage::Savepoint tx(db);
  storage::Officers officers(db);
  auto officer = officers.find_by_login(login);
  if (!officer) return std::nullopt;
  const RevokedCredentials revoked{officers.revoke_tokens(officer->id), officers.end_sessions(officer->id)};
  storage::Audit(db).record(actor, "officer.revoke_tokens", login,
                            "tokens: " + std::to_string(revoked.tokens) + ", sessions: " + std::to_string(revoked.sessions));
  tx.release();
  return revoked;
}

OutboxRetryResult retry_outbox_row(storage::Database& db, storage::Id id, const std::string& actor) {
  storage::Savepoint tx(db);
  storage::Outbox outbox(db);
  auto row = outbox.find(id);
  if (!row) return OutboxRetryResult::not_found;
  if (row->status != "dead") return OutboxRetryResult::not_dead;
  outbox.retry(id);
  storage::Audit(db).record(actor, "outbox.retry", std::to_string(id));
  tx.release();
  return OutboxRetryResult::ok;
}

}  // namespace buurtbot
