#include "bot/outbox/sqlite_store.hpp"

#include "storage/repositories.hpp"

namespace buurtbot::outbox {
namespace {

std::int64_t to_ms(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Rounds up, so a stored time is never earlier than the one asked for (a retry_after stays honoured).
std::int64_t to_ms_ceil(Clock::time_point t) {
  return std::chrono::ceil<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_ms(std::int64_t ms) {
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace

std::vector<DueRow> SqliteStore::due(Clock::time_point now, int limit) {
  std::vector<DueRow> rows;
  for (auto& row : storage::Outbox(db_).due(to_ms(now), limit)) {
    std::optional<Clock::time_point> first;
    if (row.first_attempt_ms) first = from_ms(*row.first_attempt_ms);
    rows.push_back({std::move(row), first});
  }
  return rows;
}

std::optional<Clock::time_point> SqliteStore::next_attempt_after(Clock::time_point now) {
  auto next = storage::Outbox(db_).next_attempt_after(to_ms(now));
  if (!next) return std::nullopt;
  return from_ms(*next);
}

void SqliteStore::mark_sent(storage::Id id) { storage::Outbox(db_).mark_sent(id); }

void SqliteStore::reschedule(storage::Id id, const FailedAttempt& attempt) {
  storage::Outbox(db_).reschedule(id, attempt.attempts, to_ms_ceil(attempt.next_attempt_at),
                                  to_ms(attempt.first_attempt_at), attempt.reason);
}

void SqliteStore::defer(storage::Id id, Clock::time_point until) { storage::Outbox(db_).defer(id, to_ms_ceil(until)); }

void SqliteStore::mark_dead(storage::Id id, const std::string& reason) { storage::Outbox(db_).mark_dead(id, reason); }

void SqliteStore::mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) {
  storage::Transaction tx(db_);
  storage::Residents(db_).mark_unreachable(channel, address);
  storage::Outbox(db_).give_up_recipient(channel, address, reason);
  tx.commit();
}

}  // namespace buurtbot::outbox
