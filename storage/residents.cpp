// Residents, their identities, and conversation state.

#include "storage/repositories.hpp"
#include "storage/internal.hpp"

#include <array>

namespace buurtbot::storage {
namespace {

// The resident, and whether the identity still has this address and name, is reachable and is the one
// the resident used last: then the message costs no write (nearly every message, since a name rarely
// changes and most people stay on one channel).
constexpr std::string_view kFindIdentityResident =
    "SELECT r.id, r.display_name, r.language, r.created_at, "
    "i.address = ?3 AND i.display_name = ?4 AND i.unreachable_at IS NULL AND r.last_identity_id IS i.id, i.id "
    "FROM identities i JOIN residents r ON r.id = i.resident_id WHERE i.channel = ?1 AND i.external_id = ?2";
constexpr std::string_view kRefreshIdentity =
    "UPDATE identities SET address = ?3, display_name = ?4, unreachable_at = NULL, unreachable_reason = '' "
    "WHERE channel = ?1 AND external_id = ?2";
// The columns read_identity() reads, in its order.
#define IDENTITY_COLUMNS(t)                                                                                  \
  "SELECT " t "id, " t "resident_id, " t "channel, " t "external_id, " t "address, " t "display_name, " t \
  "unreachable_at IS NOT NULL, COALESCE(" t "unreachable_at, ''), " t "unreachable_reason, " t          \
  "news_stopped_at IS NOT NULL, " t "answer_email "
constexpr std::string_view kSetLastIdentity = "UPDATE residents SET last_identity_id = ?2 WHERE id = ?1";
constexpr std::string_view kSetPreferredIdentity = "UPDATE residents SET preferred_identity_id = ?2 WHERE id = ?1";
constexpr std::string_view kInsertResident = "INSERT INTO residents (display_name, language) VALUES (?1, ?2)";
constexpr std::string_view kInsertIdentity =
    "INSERT INTO identities (resident_id, channel, external_id, address, display_name) VALUES (?1, ?2, ?3, ?4, ?5)";
// The identity notifications go to: the one the resident chose, else the one they used last, else the newest.
constexpr std::string_view kNotificationIdentity =
    IDENTITY_COLUMNS("i.")
    "FROM identities i JOIN residents r ON r.id = i.resident_id "
    "WHERE i.resident_id = ?1 AND i.unreachable_at IS NULL "
    "ORDER BY i.id IS r.preferred_identity_id DESC, i.id IS r.last_identity_id DESC, i.id DESC LIMIT 1";
constexpr std::string_view kSelectIdentityAt =
    IDENTITY_COLUMNS("")
    "FROM identities WHERE resident_id = ?1 AND channel = ?2 AND address = ?3";
constexpr std::string_view kSelectIdentity =
    IDENTITY_COLUMNS("")
    "FROM identities WHERE id = ?1";

// Linking: everything of resident ?2 moves to resident ?1. Supports, follows and memberships are per
// person, so a row both had is kept once (INSERT OR IGNORE) and the second goes with resident ?2.
constexpr std::array<std::string_view, 10> kMergeResidents{
    "UPDATE identities SET resident_id = ?1 WHERE resident_id = ?2",
    "UPDATE initiatives SET submitter_id = ?1 WHERE submitter_id = ?2",
    "INSERT OR IGNORE INTO supports (initiative_id, resident_id, created_at) "
    "SELECT initiative_id, ?1, created_at FROM supports WHERE resident_id = ?2",
    "INSERT OR IGNORE INTO follows (initiative_id, resident_id, created_at) "
    "SELECT initiative_id, ?1, created_at FROM follows WHERE resident_id = ?2",
    "INSERT OR IGNORE INTO workgroup_members (workgroup_id, resident_id, joined_at) "
    "SELECT workgroup_id, ?1, joined_at FROM workgroup_members WHERE resident_id = ?2",
    "UPDATE inbox_threads SET resident_id = ?1 WHERE resident_id = ?2",
    "UPDATE conversations SET resident_id = ?1 WHERE resident_id = ?2",
    "UPDATE residents SET display_name = CASE display_name WHEN '' THEN "
    "(SELECT display_name FROM residents WHERE id = ?2) ELSE display_name END, "
    "consent_at = COALESCE(consent_at, (SELECT consent_at FROM residents WHERE id = ?2)) WHERE id = ?1",
    "DELETE FROM resident_link_codes WHERE resident_id = ?2 AND ?1 IS NOT NULL",
    "DELETE FROM residents WHERE id = ?2 AND ?1 IS NOT NULL",
};

// Unlinking: the identity and its conversations move to a fresh resident ?1; the old resident ?3 stops
// pointing at it.
constexpr std::array<std::string_view, 3> kSplitOff{
    "UPDATE identities SET resident_id = ?1 WHERE id = ?2 AND ?3 IS NOT NULL",
    "UPDATE conversations SET resident_id = ?1 WHERE resident_id = ?3 AND (channel, address) = "
    "(SELECT channel, address FROM identities WHERE id = ?2)",
    "UPDATE residents SET preferred_identity_id = NULLIF(preferred_identity_id, ?2), "
    "last_identity_id = NULLIF(last_identity_id, ?2) WHERE id = ?3 AND ?1 IS NOT NULL",
};
constexpr std::string_view kSelectResident =
    "SELECT id, display_name, language, created_at FROM residents WHERE id = ?1";
constexpr std::string_view kUpdateLanguage = "UPDATE residents SET language = ?2 WHERE id = ?1";
constexpr std::string_view kUpdateHome = "UPDATE residents SET home = ?2 WHERE id = ?1";
constexpr std::string_view kSelectHome = "SELECT home FROM residents WHERE id = ?1";
// Known: named, declined, or taken from a plan of their own.
constexpr std::string_view kHomeKnown =
    "SELECT r.home <> '' OR EXISTS (SELECT 1 FROM initiatives i WHERE i.submitter_id = r.id) FROM residents r "
    "WHERE r.id = ?1";
constexpr std::string_view kSelectIdentities =
    IDENTITY_COLUMNS("")
    "FROM identities WHERE resident_id = ?1 ORDER BY id";
constexpr std::string_view kMarkUnreachable =
    "UPDATE identities SET unreachable_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), unreachable_reason = ?3 "
    "WHERE channel = ?1 AND address = ?2 AND unreachable_at IS NULL";
constexpr std::string_view kStopNews =
    "UPDATE identities SET news_stopped_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
    "WHERE channel = ?1 AND address = ?2 AND news_stopped_at IS NULL";
constexpr std::string_view kFindIdentityByAddress = IDENTITY_COLUMNS("") "FROM identities WHERE channel = ?1 AND address = ?2 "
    "ORDER BY id DESC LIMIT 1";

// "Forget me": the resident row stays as a nameless tombstone so that supports keep counting once per person.
constexpr std::string_view kAnonymizeResident =
    "UPDATE residents SET display_name = '', home = '', forgotten_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
// The photos and files the resident sent go, with the bytes buurtbot kept of them (the triggers of V15):
// those of their plans, which stay without them, and of their messages in questions that stay.
constexpr std::string_view kDeletePlanAttachments =
    "DELETE FROM attachments WHERE initiative_id IN (SELECT id FROM initiatives WHERE submitter_id = ?1)";
constexpr std::string_view kDeleteMessageAttachments =
    "DELETE FROM attachments WHERE message_id IN (SELECT m.id FROM inbox_messages m JOIN inbox_threads t ON "
    "t.id = m.thread_id WHERE t.resident_id = ?1 AND m.direction = 'in')";
constexpr std::string_view kDetachInitiatives = "UPDATE initiatives SET submitter_id = NULL WHERE submitter_id = ?1";
constexpr std::string_view kDeleteIdentities = "DELETE FROM identities WHERE resident_id = ?1";
constexpr std::string_view kDeleteConversations = "DELETE FROM conversations WHERE resident_id = ?1";
constexpr std::string_view kDeleteFollows = "DELETE FROM follows WHERE resident_id = ?1";
constexpr std::string_view kDeleteMemberships = "DELETE FROM workgroup_members WHERE resident_id = ?1";
// A question the municipality answered is part of its records (archiving duty): the thread stays,
// without the address, and the resident shows as erased. Unanswered questions go, with their
// messages and notes (ON DELETE CASCADE).
constexpr std::string_view kDeleteUnansweredThreads =
    "DELETE FROM inbox_threads WHERE resident_id = ?1 AND NOT EXISTS "
    "(SELECT 1 FROM inbox_messages m WHERE m.thread_id = inbox_threads.id AND m.direction = 'out')";
constexpr std::string_view kDetachAnsweredThreads =
    "UPDATE inbox_threads SET address = '', channel_thread = '' WHERE resident_id = ?1";
// An officer's answer may greet the resident by name; in the kept record the name gives way to a mark.
constexpr std::string_view kReplaceNameInThreads =
    "UPDATE inbox_messages SET text = replace(text, ?2, 'bewoner (gewist)') WHERE ?2 <> '' AND thread_id IN "
    "(SELECT id FROM inbox_threads WHERE resident_id = ?1)";
constexpr std::string_view kDeleteLinkCodes = "DELETE FROM resident_link_codes WHERE resident_id = ?1";

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
                  .unreachable = row.int_at(6) != 0, .unreachable_since = row.text_at(7),
                  .unreachable_reason = row.text_at(8), .news_stopped = row.int_at(9) != 0,
                  .answer_email = row.text_at(10)};
}

}  // namespace

Resident Residents::find_or_create(const std::string& channel, const std::string& external_id,
                                   const std::string& address, const std::string& display_name,
                                   const std::string& language) {
  std::optional<Resident> known;
  bool current = false;
  Id identity_id = 0;
  {
    auto existing = db_.prepare(kFindIdentityResident);
    existing.bind(1, channel).bind(2, external_id).bind(3, address).bind(4, display_name);
    if (existing.step()) {
      known = read_resident(existing);
      current = existing.int_at(4) != 0;
      identity_id = existing.int_at(5);
    }
  }
  if (known) {
    if (!current) {
      db_.prepare(kRefreshIdentity).bind(1, channel).bind(2, external_id).bind(3, address).bind(4, display_name).run();
      db_.prepare(kSetLastIdentity).bind(1, known->id).bind(2, identity_id).run();
    }
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
  db_.prepare(kSetLastIdentity).bind(1, resident_id).bind(2, db_.last_insert_id()).run();
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

void Residents::set_home(Id resident_id, const std::string& neighbourhood) {
  db_.prepare(kUpdateHome).bind(1, resident_id).bind(2, neighbourhood).run();
}

std::string Residents::home(Id resident_id) {
  auto row = db_.prepare(kSelectHome);
  row.bind(1, resident_id);
  return row.step() ? row.text_at(0) : std::string();
}

bool Residents::home_known(Id resident_id) {
  auto row = db_.prepare(kHomeKnown);
  row.bind(1, resident_id);
  return row.step() && row.int_at(0) != 0;
}

std::vector<Identity> Residents::identities(Id resident_id) {
  auto rows = db_.prepare(kSelectIdentities);
  rows.bind(1, resident_id);
  return read_all(rows, read_identity);
}

std::optional<Identity> Residents::identity(Id identity_id) {
  auto row = db_.prepare(kSelectIdentity);
  row.bind(1, identity_id);
  if (!row.step()) return std::nullopt;
  return read_identity(row);
}

std::optional<Identity> Residents::identity_at(Id resident_id, const std::string& channel, const std::string& address) {
  auto row = db_.prepare(kSelectIdentityAt);
  row.bind(1, resident_id).bind(2, channel).bind(3, address);
  if (!row.step()) return std::nullopt;
  return read_identity(row);
}

std::optional<Identity> Residents::notification_identity(Id resident_id) {
  auto row = db_.prepare(kNotificationIdentity);
  row.bind(1, resident_id);
  if (!row.step()) return std::nullopt;
  return read_identity(row);
}

void Residents::set_answer_email(Id identity_id, const std::string& address) {
  db_.prepare("UPDATE identities SET answer_email = ?2 WHERE id = ?1").bind(1, identity_id).bind(2, address).run();
}

void Residents::set_preferred(Id resident_id, Id identity_id) {
  db_.prepare(kSetPreferredIdentity).bind(1, resident_id).bind(2, identity_id).run();
}

void Residents::merge(Id keep, Id gone) {
  if (keep == gone) return;
  Savepoint scope(db_);
  for (const auto sql : kMergeResidents) db_.prepare(sql).bind(1, keep).bind(2, gone).run();
  scope.release();
}

Id Residents::split_off(Id identity_id, const std::string& language) {
  auto split = identity(identity_id);
  if (!split) return 0;
  Savepoint scope(db_);
  db_.prepare(kInsertResident).bind(1, split->display_name).bind(2, language).run();
  const Id fresh = db_.last_insert_id();
  for (const auto sql : kSplitOff) db_.prepare(sql).bind(1, fresh).bind(2, identity_id).bind(3, split->resident_id).run();
  db_.prepare(kSetLastIdentity).bind(1, fresh).bind(2, identity_id).run();
  scope.release();
  return fresh;
}

void Residents::mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) {
  db_.prepare(kMarkUnreachable).bind(1, channel).bind(2, address).bind(3, reason).run();
}

bool Residents::stop_news(const std::string& channel, const std::string& address) {
  db_.prepare(kStopNews).bind(1, channel).bind(2, address).run();
  return db_.changes() > 0;
}

std::optional<Identity> Residents::identity_by_address(const std::string& channel, const std::string& address) {
  auto row = db_.prepare(kFindIdentityByAddress);
  row.bind(1, channel).bind(2, address);
  if (!row.step()) return std::nullopt;
  return read_identity(row);
}

void Residents::forget(Id resident_id) {
  Savepoint scope(db_);
  for (const Identity& identity : identities(resident_id)) {
    Journal(db_).erase_from(identity.channel, identity.external_id, identity.address);
    Outbox(db_).erase_to(identity.channel, identity.address);
    if (!identity.answer_email.empty()) Outbox(db_).erase_to("email", identity.answer_email);
    db_.prepare(kReplaceNameInThreads).bind(1, resident_id).bind(2, identity.display_name).run();
  }
  if (auto resident = find(resident_id)) {
    db_.prepare(kReplaceNameInThreads).bind(1, resident_id).bind(2, resident->display_name).run();
  }
  for (const auto sql : {kAnonymizeResident, kDeletePlanAttachments, kDeleteMessageAttachments, kDetachInitiatives,
                         kDeleteIdentities, kDeleteConversations, kDeleteFollows, kDeleteMemberships,
                         kDeleteUnansweredThreads, kDetachAnsweredThreads, kDeleteLinkCodes}) {
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
