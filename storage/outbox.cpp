// The outbox: messages to send, with their attempts and failures. Times are Unix milliseconds, so a
// retry_after is never cut short by rounding and the worker's injected clock compares exactly.

#include "storage/repositories.hpp"
#include "storage/internal.hpp"

namespace buurtbot::storage {
namespace {

constexpr std::string_view kDepth =
    "SELECT COUNT(*), COALESCE((julianday('now') - julianday(MIN(created_at))) * 86400.0, 0) FROM outbox "
    "WHERE status = 'pending'";

#define BUURTBOT_OUTBOX_COLUMNS \
  "SELECT o.id, o.channel, o.address, o.payload, o.priority, o.status, o.attempts, o.last_error, o.created_at, " \
  "o.next_attempt_ms, o.first_attempt_ms FROM outbox o "

constexpr std::string_view kEnqueue =
    "INSERT INTO outbox (channel, address, payload, priority) VALUES (?1, ?2, ?3, ?4)";
// A recipient's later rows wait behind its oldest pending one, even when that one is held back.
constexpr std::string_view kSelectDue = BUURTBOT_OUTBOX_COLUMNS
    "WHERE o.status = 'pending' AND o.next_attempt_ms <= ?1 AND o.id = (SELECT MIN(p.id) FROM outbox p "
    "WHERE p.status = 'pending' AND p.channel = o.channel AND p.address = o.address) "
    "ORDER BY o.priority, o.id LIMIT ?2";
constexpr std::string_view kSelectNextAttempt =
    "SELECT MIN(next_attempt_ms) FROM outbox WHERE status = 'pending' AND next_attempt_ms > ?1";
constexpr std::string_view kSelectPendingFor = BUURTBOT_OUTBOX_COLUMNS
    "WHERE o.status = 'pending' AND o.channel = ?1 AND o.address = ?2 ORDER BY o.id";
constexpr std::string_view kSelectOutbox = BUURTBOT_OUTBOX_COLUMNS
    "WHERE ?1 = 'all' OR (?1 = 'waiting' AND o.status IN ('pending', 'dead')) "
    "OR (?1 = 'failed' AND (o.status = 'dead' OR (o.status = 'pending' AND o.attempts > 0))) ORDER BY o.id DESC LIMIT ?2";
// A row marked erase_after_send (the goodbye after "forget me") is emptied as it leaves. SET sees the
// old row, so the address test reads the payload before it is emptied.
#define BUURTBOT_ERASE_AFTER_SEND "CASE WHEN json_valid(payload) THEN json_extract(payload, '$.erase_after_send') END"
#define BUURTBOT_ERASED_AFTER_SEND \
  "payload = CASE WHEN " BUURTBOT_ERASE_AFTER_SEND " THEN '{}' ELSE payload END, " \
  "address = CASE WHEN " BUURTBOT_ERASE_AFTER_SEND " THEN '' ELSE address END "
constexpr std::string_view kMarkSent =
    "UPDATE outbox SET status = 'sent', sent_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), " BUURTBOT_ERASED_AFTER_SEND
    "WHERE id = ?1";
constexpr std::string_view kDeletePendingTo = "DELETE FROM outbox WHERE status = 'pending' AND channel = ?1 AND address = ?2";
constexpr std::string_view kEraseTo =
    "UPDATE outbox SET payload = ?3, address = '', last_error = '' WHERE channel = ?1 AND address = ?2";
// The oldest ?2 rows past ?1 days that were sent or given up and still hold something, through the index
// outbox_to_empty (V16), whose condition this repeats word for word ('{}' is kErasedPayload).
constexpr std::string_view kExpire =
    "UPDATE outbox SET payload = '{}', address = '', last_error = '' WHERE id IN (SELECT id FROM outbox "
    "WHERE status <> 'pending' AND payload <> '{}' "
    "AND created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?1 || ' days') ORDER BY created_at LIMIT ?2)";
constexpr std::string_view kReschedule =
    "UPDATE outbox SET attempts = ?2, next_attempt_ms = ?3, first_attempt_ms = ?4, last_error = ?5 "
    "WHERE id = ?1 AND status = 'pending'";
constexpr std::string_view kDefer = "UPDATE outbox SET next_attempt_ms = ?2 WHERE id = ?1 AND status = 'pending'";
constexpr std::string_view kMarkDead =
    "UPDATE outbox SET status = 'dead', last_error = ?2, " BUURTBOT_ERASED_AFTER_SEND "WHERE id = ?1";
constexpr std::string_view kGiveUpRecipient =
    "UPDATE outbox SET status = 'dead', last_error = ?3 WHERE status = 'pending' AND channel = ?1 AND address = ?2";
constexpr std::string_view kRetry =
    "UPDATE outbox SET status = 'pending', next_attempt_ms = 0, first_attempt_ms = NULL, attempts = 0 "
    "WHERE id = ?1 AND status = 'dead'";
constexpr std::string_view kSelectById = BUURTBOT_OUTBOX_COLUMNS "WHERE o.id = ?1";
constexpr std::string_view kSelectDead = BUURTBOT_OUTBOX_COLUMNS "WHERE o.status = 'dead' ORDER BY o.id DESC LIMIT ?1";

#undef BUURTBOT_OUTBOX_COLUMNS

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
                   .next_attempt_ms = row.int_at(9),
                   .first_attempt_ms = row.optional_int_at(10)};
}

std::vector<OutboxRow> read_outbox_rows(Statement& rows) {
  return read_all(rows, read_outbox_row);
}

}  // namespace

Id Outbox::enqueue(const std::string& channel, const std::string& address, const std::string& payload, int priority) {
  db_.prepare(kEnqueue).bind(1, channel).bind(2, address).bind(3, payload).bind(4, priority).run();
  return db_.last_insert_id();
}

std::vector<OutboxRow> Outbox::due(std::int64_t now_ms, int limit) {
  auto rows = db_.prepare(kSelectDue);
  rows.bind(1, now_ms).bind(2, limit);
  return read_outbox_rows(rows);
}

std::optional<std::int64_t> Outbox::next_attempt_after(std::int64_t now_ms) {
  auto row = db_.prepare(kSelectNextAttempt);
  row.bind(1, now_ms);
  return row.step() ? row.optional_int_at(0) : std::nullopt;
}

std::vector<OutboxRow> Outbox::pending_for(const std::string& channel, const std::string& address) {
  auto rows = db_.prepare(kSelectPendingFor);
  rows.bind(1, channel).bind(2, address);
  return read_outbox_rows(rows);
}

std::vector<OutboxRow> Outbox::list(OutboxRows which, int limit) {
  auto rows = db_.prepare(kSelectOutbox);
  const std::string_view name = which == OutboxRows::waiting ? "waiting" : which == OutboxRows::failed ? "failed" : "all";
  rows.bind(1, name).bind(2, limit);
  return read_outbox_rows(rows);
}

void Outbox::mark_sent(Id id) { db_.prepare(kMarkSent).bind(1, id).run(); }

void Outbox::erase_to(const std::string& channel, const std::string& address) {
  db_.prepare(kDeletePendingTo).bind(1, channel).bind(2, address).run();
  db_.prepare(kEraseTo).bind(1, channel).bind(2, address).bind(3, kErasedPayload).run();
}

int Outbox::expire(int days, int limit) {
  db_.prepare(kExpire).bind(1, days).bind(2, limit).run();
  return db_.changes();
}

void Outbox::reschedule(Id id, int attempts, std::int64_t next_attempt_ms, std::int64_t first_attempt_ms,
                        const std::string& reason) {
  db_.prepare(kReschedule).bind(1, id).bind(2, attempts).bind(3, next_attempt_ms).bind(4, first_attempt_ms)
      .bind(5, reason).run();
}

void Outbox::defer(Id id, std::int64_t until_ms) { db_.prepare(kDefer).bind(1, id).bind(2, until_ms).run(); }

void Outbox::mark_dead(Id id, const std::string& reason) { db_.prepare(kMarkDead).bind(1, id).bind(2, reason).run(); }

void Outbox::give_up_recipient(const std::string& channel, const std::string& address, const std::string& reason) {
  db_.prepare(kGiveUpRecipient).bind(1, channel).bind(2, address).bind(3, reason).run();
}

bool Outbox::retry(Id id) {
  db_.prepare(kRetry).bind(1, id).run();
  return db_.changes() > 0;
}

std::optional<OutboxRow> Outbox::find(Id id) {
  auto row = db_.prepare(kSelectById);
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_outbox_row(row);
}

std::vector<OutboxRow> Outbox::dead(int limit) {
  auto rows = db_.prepare(kSelectDead);
  rows.bind(1, limit);
  return read_outbox_rows(rows);
}

QueueDepth Outbox::depth() {
  auto row = db_.prepare(kDepth);
  if (!row.step()) return {};
  return QueueDepth{.rows = row.int_at(0), .oldest_age_s = row.double_at(1)};
}

}  // namespace buurtbot::storage
