// Residents, their identities, and conversation state.

#include "storage/repositories.hpp"
#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

// The resident, and whether the identity still has this address and name and is reachable: then the
// message costs no write (nearly every message, since a name rarely changes).
constexpr std::string_view kFindIdentityResident =
    "SELECT r.id, r.display_name, r.language, r.created_at, "
    "i.address = ?3 AND i.display_name = ?4 AND i.unreachable_at IS NULL "
    "FROM identities i JOIN residents r ON r.id = i.resident_id WHERE i.channel = ?1 AND i.external_id = ?2";
constexpr std::string_view kRefreshIdentity =
    "UPDATE identities SET address = ?3, display_name = ?4, unreachable_at = NULL "
    "WHERE channel = ?1 AND external_id = ?2";
constexpr std::string_view kInsertResident = "INSERT INTO residents (display_name, language) VALUES (?1, ?2)";
constexpr std::string_view kInsertIdentity =
    "INSERT INTO identities (resident_id, channel, external_id, address, display_name) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kSelectResident =
    "SELECT id, display_name, language, created_at FROM residents WHERE id = ?1";
constexpr std::string_view kUpdateLanguage = "UPDATE residents SET language = ?2 WHERE id = ?1";
constexpr std::string_view kSelectIdentities =
    "SELECT id, resident_id, channel, external_id, address, display_name, unreachable_at IS NOT NULL "
    "FROM identities WHERE resident_id = ?1 ORDER BY id";
constexpr std::string_view kMarkUnreachable =
    "UPDATE identities SET unreachable_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
    "WHERE channel = ?1 AND address = ?2 AND unreachable_at IS NULL";

// "Forget me": the resident row stays as a nameless tombstone so that supports keep counting once per person.
constexpr std::string_view kAnonymizeResident =
    "UPDATE residents SET display_name = '', forgotten_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
constexpr std::string_view kDetachInitiatives = "UPDATE initiatives SET submitter_id = NULL WHERE submitter_id = ?1";
constexpr std::string_view kDeleteIdentities = "DELETE FROM identities WHERE resident_id = ?1";
constexpr std::string_view kDeleteConversations = "DELETE FROM conversations WHERE resident_id = ?1";
constexpr std::string_view kDeleteFollows = "DELETE FROM follows WHERE resident_id = ?1";
constexpr std::string_view kDeleteMemberships = "DELETE FROM workgroup_members WHERE resident_id = ?1";
// Messages and notes go with their threads (ON DELETE CASCADE).
constexpr std::string_view kDeleteThreads = "DELETE FROM inbox_threads WHERE resident_id = ?1";

constexpr std::string_view kLoadConversation =
    "SELECT state_json FROM conversations WHERE channel = ?1 AND address = ?2";
constexpr std::string_view kSaveConversation =
    "INSERT INTO conversations (channel, address, resident_id, state_json) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (channel, address) DO UPDATE SET resident_id = excluded.resident_id, "
    "state_json = excluded.state_json, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')";

Resident read_resident(const Statement& row) {
  return Resident{.id = row.int_at(0), .display_name = row.text_at(1), .language = row.text_at(2),
                  .created_at = row.text_at(3)};
}

Identity read_identity(const Statement& row) {
  return Identity{.id = row.int_at(0), .resident_id = row.int_at(1), .channel = row.text_at(2),
                  .external_id = row.text_at(3), .address = row.text_at(4), .display_name = row.text_at(5),
                  .unreachable = row.int_at(6) != 0};
}

}  // namespace

Resident Residents::find_or_create(const std::string& channel, const std::string& external_id,
                                   const std::string& address, const std::string& display_name,
                                   const std::string& language) {
  std::optional<Resident> known;
  bool current = false;
  {
    auto existing = db_.prepare(kFindIdentityResident);
    existing.bind(1, channel).bind(2, external_id).bind(3, address).bind(4, display_name);
    if (existing.step()) {
      known = read_resident(existing);
      current = existing.int_at(4) != 0;
    }
  }
  if (known) {
    if (!current)
      db_.prepare(kRefreshIdentity).bind(1, channel).bind(2, external_id).bind(3, address).bind(4, display_name).run();
    return *known;
  }
  Savepoint scope(db_);
  db_.prepare(kInsertResident).bind(1, display_name).bind(2, language).run();
  const Id resident_id = db_.last_insert_id();
  db_.prepare(kInsertIdentity)
      .bind(1, resident_id)
      .bind(2, channel)
      .bind(3, external_id)
      .bind(4, address)
      .bind(5, display_name)
      .run();
  scope.release();
  return *find(resident_id);
}

std::optional<Resident> Residents::find(Id resident_id) {
  auto row = db_.prepare(kSelectResident);
  row.bind(1, resident_id);
  if (!row.step()) return std::nullopt;
  return read_resident(row);
}

void Residents::set_language(Id resident_id, const std::string& language) {
  db_.prepare(kUpdateLanguage).bind(1, resident_id).bind(2, language).run();
}

std::vector<Identity> Residents::identities(Id resident_id) {
  auto rows = db_.prepare(kSelectIdentities);
  rows.bind(1, resident_id);
  return read_all(rows, read_identity);
}

void Residents::mark_unreachable(const std::string& channel, const std::string& address) {
  db_.prepare(kMarkUnreachable).bind(1, channel).bind(2, address).run();
}

void Residents::forget(Id resident_id) {
  Savepoint scope(db_);
  for (const auto sql : {kAnonymizeResident, kDetachInitiatives, kDeleteIdentities, kDeleteConversations,
                         kDeleteFollows, kDeleteMemberships, kDeleteThreads}) {
    db_.prepare(sql).bind(1, resident_id).run();
  }
  scope.release();
}

std::optional<std::string> Conversations::load(const std::string& channel, const std::string& address) {
  auto row = db_.prepare(kLoadConversation);
  row.bind(1, channel).bind(2, address);
  if (!row.step()) return std::nullopt;
  return row.text_at(0);
}

void Conversations::save(const std::string& channel, const std::string& address, Id resident_id,
                         const std::string& state_json) {
  const auto resident = resident_id != 0 ? std::optional<Id>(resident_id) : std::nullopt;
  db_.prepare(kSaveConversation).bind(1, channel).bind(2, address).bind(3, resident).bind(4, state_json).run();
}

}  // namespace buurtbot::storage
