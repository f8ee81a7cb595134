// The inbound journal: every channel event stored once, before it is acknowledged.

#include "storage/repositories.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kDepth =
    "SELECT COUNT(*), COALESCE((julianday('now') - julianday(MIN(received_at))) * 86400.0, 0) FROM inbound "
    "WHERE processed_at IS NULL";

constexpr std::string_view kAppendInbound =
    "INSERT INTO inbound (channel, external_id, conversation, payload) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (channel, external_id) DO NOTHING";
constexpr std::string_view kFindInbound = "SELECT id FROM inbound WHERE channel = ?1 AND external_id = ?2";
constexpr std::string_view kSelectUnprocessed =
    "SELECT id, channel, external_id, conversation, payload FROM inbound WHERE processed_at IS NULL "
    "ORDER BY id LIMIT ?1";
constexpr std::string_view kMarkProcessed =
    "UPDATE inbound SET processed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";

// A group's row is erased by its sender only; a private chat's row by its address as well, which
// also covers the events there that name no sender (the bot being blocked). Rows still waiting were
// sent after the one being handled, so they are a new contact and stay.
constexpr std::string_view kEraseFrom =
    "UPDATE inbound SET payload = ?4, conversation = '' WHERE channel = ?1 AND payload <> ?4 AND "
    "processed_at IS NOT NULL AND ((CASE WHEN json_valid(payload) THEN json_extract(payload, '$.sender_id') END) = ?2 "
    "OR (?3 <> '' AND conversation = ?3))";
constexpr std::string_view kErase = "UPDATE inbound SET payload = ?2, conversation = '' WHERE id = ?1";
// The oldest ?2 handled rows past ?1 days that still hold something, through the index inbound_to_empty
// (V16), whose condition this repeats word for word ('{}' is kErasedPayload) so that SQLite uses it.
constexpr std::string_view kExpire =
    "UPDATE inbound SET payload = '{}', conversation = '' WHERE id IN (SELECT id FROM inbound "
    "WHERE processed_at IS NOT NULL AND payload <> '{}' "
    "AND processed_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?1 || ' days') ORDER BY processed_at LIMIT ?2)";

}  // namespace

void Journal::erase_from(const std::string& channel, const std::string& sender_id, const std::string& address) {
  db_.prepare(kEraseFrom).bind(1, channel).bind(2, sender_id).bind(3, address).bind(4, kErasedPayload).run();
}

void Journal::erase(Id id) { db_.prepare(kErase).bind(1, id).bind(2, kErasedPayload).run(); }

int Journal::expire(int days, int limit) {
  db_.prepare(kExpire).bind(1, days).bind(2, limit).run();
  return db_.changes();
}

std::pair<Id, bool> Journal::append(const JournalRow& row) {
  db_.prepare(kAppendInbound)
      .bind(1, row.channel)
      .bind(2, row.external_id)
      .bind(3, row.conversation)
      .bind(4, row.payload)
      .run();
  if (db_.changes() == 1) return {db_.last_insert_id(), true};
  auto existing = db_.prepare(kFindInbound);
  existing.bind(1, row.channel).bind(2, row.external_id);
  existing.step();
  return {existing.int_at(0), false};
}

std::vector<JournalRow> Journal::unprocessed(int limit) {
  auto rows = db_.prepare(kSelectUnprocessed);
  rows.bind(1, limit);
  std::vector<JournalRow> result;
  while (rows.step()) {
    result.push_back(JournalRow{.id = rows.int_at(0), .channel = rows.text_at(1), .external_id = rows.text_at(2),
                                .conversation = rows.text_at(3), .payload = rows.text_at(4)});
  }
  return result;
}

void Journal::mark_processed(Id id) { db_.prepare(kMarkProcessed).bind(1, id).run(); }

QueueDepth Journal::depth() {
  auto row = db_.prepare(kDepth);
  if (!row.step()) return {};
  return QueueDepth{.rows = row.int_at(0), .oldest_age_s = row.double_at(1)};
}

std::string Journal::position(const std::string& name) {
  auto row = db_.prepare("SELECT value FROM channel_positions WHERE name = ?1");
  row.bind(1, name);
  return row.step() ? row.text_at(0) : std::string();
}

void Journal::set_position(const std::string& name, const std::string& value) {
  db_.prepare("INSERT INTO channel_positions (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET "
              "value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
      .bind(1, name)
      .bind(2, value)
      .run();
}

}  // namespace buurtbot::storage
