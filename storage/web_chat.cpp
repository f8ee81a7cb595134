// The web chat's sessions, keys, events and resume codes.

#include "storage/web_chat.hpp"

namespace buurtbot::storage {
namespace {


constexpr std::string_view kInsertSession =
    "INSERT INTO web_sessions (address, expires_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ','now', '+' || ?2 || ' days')) "
    "RETURNING id, address, expires_at";
constexpr std::string_view kInsertKey = "INSERT INTO web_session_keys (key_hash, session_id) VALUES (?1, ?2)";
constexpr std::string_view kByKey =
    "SELECT s.id, s.address, s.expires_at FROM web_session_keys k JOIN web_sessions s ON s.id = k.session_id "
    "WHERE k.key_hash = ?1 AND s.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')";
constexpr std::string_view kByAddress =
    "SELECT id, address, expires_at FROM web_sessions "
    "WHERE address = ?1 AND expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')";
constexpr std::string_view kExtend =
    "UPDATE web_sessions SET expires_at = MAX(expires_at, strftime('%Y-%m-%dT%H:%M:%SZ','now', '+' || ?2 || ' days')) "
    "WHERE id = ?1";

constexpr std::string_view kFindByClient = "SELECT seq FROM web_events WHERE session_id = ?1 AND client_id = ?2";
constexpr std::string_view kFindByOutbox = "SELECT seq FROM web_events WHERE session_id = ?1 AND outbox_id = ?2";
constexpr std::string_view kInsertEvent =
    "INSERT INTO web_events (session_id, seq, json, client_id, outbox_id) "
    "VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM web_events WHERE session_id = ?1), ?2, ?3, ?4) RETURNING seq";
constexpr std::string_view kEventsAfter =
    "SELECT seq, json FROM web_events WHERE session_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
constexpr std::string_view kEraseEvents = "DELETE FROM web_events WHERE session_id = ?1";

constexpr std::string_view kReplaceCode =
    "INSERT INTO web_resume_codes (code_hash, session_id, expires_at) "
    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now', '+' || ?3 || ' minutes')) "
    "ON CONFLICT (session_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at";
constexpr std::string_view kTakeCode =
    "DELETE FROM web_resume_codes WHERE code_hash = ?1 RETURNING session_id, "
    "expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')";
constexpr std::string_view kSessionById =
    "SELECT id, address, expires_at FROM web_sessions "
    "WHERE id = ?1 AND expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')";

constexpr std::string_view kExpireSessions =
    "DELETE FROM web_sessions WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now')";
constexpr std::string_view kExpireCodes =
    "DELETE FROM web_resume_codes WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now')";

std::optional<WebSession> first_session(Statement& rows) {
  if (!rows.step()) return std::nullopt;
  return WebSession{.id = rows.int_at(0), .address = rows.text_at(1), .expires_at = rows.text_at(2)};
}

std::optional<std::int64_t> first_seq(Statement& rows) {
  if (!rows.step()) return std::nullopt;
  return rows.int_at(0);
}

}  // namespace

WebSession WebChat::create(const std::string& address, const std::string& key_hash, int days) {
  Savepoint savepoint(db_);
  auto rows = db_.prepare(kInsertSession);
  rows.bind(1, address).bind(2, days);
  auto session = first_session(rows);
  rows.reset();
  add_key(session->id, key_hash);
  savepoint.release();
  return *session;
}

std::optional<WebSession> WebChat::by_key(const std::string& key_hash) {
  auto rows = db_.prepare(kByKey);
  rows.bind(1, key_hash);
  return first_session(rows);
}

std::optional<WebSession> WebChat::by_address(const std::string& address) {
  auto rows = db_.prepare(kByAddress);
  rows.bind(1, address);
  return first_session(rows);
}

bool WebChat::live(Id session_id) {
  auto rows = db_.prepare(kSessionById);
  rows.bind(1, session_id);
  return first_session(rows).has_value();
}

void WebChat::add_key(Id session_id, const std::string& key_hash) {
  db_.prepare(kInsertKey).bind(1, key_hash).bind(2, session_id).run();
}

void WebChat::extend(Id session_id, int days) { db_.prepare(kExtend).bind(1, session_id).bind(2, days).run(); }

AddedEvent WebChat::add_event(Id session_id, const std::string& json, const std::optional<std::string>& client_id,
                              std::optional<std::int64_t> outbox_id) {
  if (client_id) {
    auto found = db_.prepare(kFindByClient);
    found.bind(1, session_id).bind(2, *client_id);
    if (auto seq = first_seq(found)) return {*seq, false};
  }
  if (outbox_id) {
    auto found = db_.prepare(kFindByOutbox);
    found.bind(1, session_id).bind(2, *outbox_id);
    if (auto seq = first_seq(found)) return {*seq, false};
  }
  auto rows = db_.prepare(kInsertEvent);
  rows.bind(1, session_id).bind(2, json).bind(3, client_id).bind(4, outbox_id);
  auto seq = first_seq(rows);
  rows.reset();
  return {seq.value_or(0), true};
}

std::vector<WebEvent> WebChat::events_after(Id session_id, std::int64_t after, int limit) {
  auto rows = db_.prepare(kEventsAfter);
  rows.bind(1, session_id).bind(2, after).bind(3, limit);
  std::vector<WebEvent> events;
  while (rows.step()) events.push_back({rows.int_at(0), rows.text_at(1)});
  return events;
}

void WebChat::erase_events(Id session_id) { db_.prepare(kEraseEvents).bind(1, session_id).run(); }

void WebChat::set_resume_code(Id session_id, const std::string& code_hash, int minutes) {
  db_.prepare(kReplaceCode).bind(1, code_hash).bind(2, session_id).bind(3, minutes).run();
}

std::optional<WebSession> WebChat::take_resume_code(const std::string& code_hash) {
  auto taken = db_.prepare(kTakeCode);
  taken.bind(1, code_hash);
  if (!taken.step()) return std::nullopt;
  const auto session_id = taken.int_at(0);
  const bool live = taken.int_at(1) != 0;
  taken.reset();
  if (!live) return std::nullopt;
  auto rows = db_.prepare(kSessionById);
  rows.bind(1, session_id);
  return first_session(rows);
}

int WebChat::expire() {
  db_.prepare(kExpireCodes).run();
  db_.prepare(kExpireSessions).run();
  return db_.changes();
}

}  // namespace buurtbot::storage
