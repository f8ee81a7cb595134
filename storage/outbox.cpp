// The outbox: messages to send, with their attempts and failures.

#include "storage/repositories.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kEnqueue =
    "INSERT INTO outbox (channel, address, payload, priority) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectDue =
    "SELECT id, channel, address, payload, priority, status, attempts, last_error, created_at, next_attempt_at "
    "FROM outbox WHERE status = 'pending' AND next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now') "
    "ORDER BY priority, id LIMIT ?1";
constexpr std::string_view kSelectPendingFor =
    "SELECT id, channel, address, payload, priority, status, attempts, last_error, created_at, next_attempt_at "
    "FROM outbox WHERE status = 'pending' AND channel = ?1 AND address = ?2 ORDER BY id";
constexpr std::string_view kSelectOutbox =
    "SELECT id, channel, address, payload, priority, status, attempts, last_error, created_at, next_attempt_at "
    "FROM outbox WHERE ?1 = 0 OR status = 'dead' OR (status = 'pending' AND attempts > 0) ORDER BY id DESC LIMIT ?2";
constexpr std::string_view kMarkSent =
    "UPDATE outbox SET status = 'sent', sent_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1";
constexpr std::string_view kMarkFailed =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, "
    "status = CASE WHEN ?3 THEN 'dead' ELSE 'pending' END WHERE id = ?1";
constexpr std::string_view kRetryLater =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, status = 'pending', next_attempt_at = ?3 "
    "WHERE id = ?1";

OutboxRow read_outbox_row(const Statement& row) {
  return OutboxRow{.id = row.int_at(0),
                   .channel = row.text_at(1),
                   .address = row.text_at(2),
                   .payload = row.text_at(3),
                   .priority = static_cast<int>(row.int_at(4)),
                   .status = row.text_at(5),
                   .attempts = static_cast<int>(row.int_at(6)),
                   .last_error = row.text_at(7),
                   .created_at = row.text_at(8),
                   .next_attempt_at = row.text_at(9)};
}

std::vector<OutboxRow> read_outbox_rows(Statement& rows) {
  std::vector<OutboxRow> result;
  while (rows.step()) result.push_back(read_outbox_row(rows));
  return result;
}

}  // namespace

Id Outbox::enqueue(const std::string& channel, const std::string& address, const std::string& payload, int priority) {
  db_.prepare(kEnqueue).bind(1, channel).bind(2, address).bind(3, payload).bind(4, priority).run();
  return db_.last_insert_id();
}

std::vector<OutboxRow> Outbox::pending(int limit) {
  auto rows = db_.prepare(kSelectDue);
  rows.bind(1, limit);
  return read_outbox_rows(rows);
}

std::vector<OutboxRow> Outbox::pending_for(const std::string& channel, const std::string& address) {
  auto rows = db_.prepare(kSelectPendingFor);
  rows.bind(1, channel).bind(2, address);
  return read_outbox_rows(rows);
}

std::vector<OutboxRow> Outbox::list(bool failed_only, int limit) {
  auto rows = db_.prepare(kSelectOutbox);
  rows.bind(1, failed_only ? 1 : 0).bind(2, limit);
  return read_outbox_rows(rows);
}

void Outbox::mark_sent(Id id) { db_.prepare(kMarkSent).bind(1, id).run(); }

void Outbox::mark_failed(Id id, const std::string& reason, bool dead) {
  db_.prepare(kMarkFailed).bind(1, id).bind(2, reason).bind(3, dead ? 1 : 0).run();
}

void Outbox::retry_later(Id id, const std::string& reason, const std::string& next_attempt_at) {
  db_.prepare(kRetryLater).bind(1, id).bind(2, reason).bind(3, next_attempt_at).run();
}

}  // namespace buurtbot::storage
