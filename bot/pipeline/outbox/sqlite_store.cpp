#include "bot/pipeline/outbox/sqlite_store.hpp"

#include "storage/repositories.hpp"

#include <exception>
#include <memory>

namespace buurtbot::outbox {
namespace {

// Writes handed to the writer thread at once: a batch is one transaction (one fsync) on that thread.
constexpr std::size_t kWritesPerBatch = 64;

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

// The oldest pending row of the one recipient, when it is due: its order holds as it does for all.
std::vector<storage::OutboxRow> SqliteStore::due_rows(Clock::time_point now, int limit) {
  if (!only_) return storage::Outbox(db_).due(to_ms(now), limit);
  auto rows = storage::Outbox(db_).pending_for(only_->channel, only_->address);
  if (rows.size() > 1) rows.resize(1);
  return rows;
}

std::vector<DueRow> SqliteStore::due(Clock::time_point now, int limit) {
  std::vector<DueRow> rows;
  for (auto& row : due_rows(now, limit)) {
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

void SqliteStore::mark_sent(storage::Id id) {
  write([id](storage::Database& db) { storage::Outbox(db).mark_sent(id); });
}

void SqliteStore::reschedule(storage::Id id, const FailedAttempt& attempt) {
  write([id, attempts = attempt.attempts, next = to_ms_ceil(attempt.next_attempt_at),
         first = to_ms(attempt.first_attempt_at), reason = attempt.reason](storage::Database& db) {
    storage::Outbox(db).reschedule(id, attempts, next, first, reason);
  });
}

void SqliteStore::defer(storage::Id id, Clock::time_point until) {
  write([id, until = to_ms_ceil(until)](storage::Database& db) { storage::Outbox(db).defer(id, until); });
}

void SqliteStore::mark_dead(storage::Id id, const std::string& reason) {
  write([id, reason](storage::Database& db) { storage::Outbox(db).mark_dead(id, reason); });
}

void SqliteStore::mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) {
  write([channel, address, reason](storage::Database& db) {
    storage::Savepoint tx(db);
    storage::Residents(db).mark_unreachable(channel, address, reason);
    storage::Outbox(db).give_up_recipient(channel, address, reason);
    tx.release();
  });
}

void SqliteStore::write(Write write) {
  if (!writer_) {
    write(db_);
    return;
  }
  queued_.push_back(std::move(write));
  if (queued_.size() >= kWritesPerBatch) hand_over();
}

// The writes of a batch go in one transaction on the writer thread. Until it commits, the rows are
// still pending in the database: flush() waits for it before the worker asks for due rows again, so a
// row is never sent twice by a running worker (a crash in between sends it again: at least once).
void SqliteStore::hand_over() {
  if (queued_.empty()) return;
  auto done = std::make_shared<std::promise<void>>();
  in_flight_.push_back(done->get_future());
  writer_([writes = std::move(queued_), done](storage::Database& db) {
    try {
      storage::Transaction tx(db);
      for (const auto& write : writes) write(db);
      tx.commit();
      done->set_value();
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  });
  queued_.clear();
}

void SqliteStore::flush() {
  hand_over();
  auto batches = std::move(in_flight_);
  in_flight_.clear();
  // Every batch is waited for, even after one failed: a batch still queued on the writer would let the
  // next pass read its rows as pending and send them again.
  std::exception_ptr failed;
  for (auto& batch : batches) {
    try {
      batch.get();
    } catch (...) {
      if (!failed) failed = std::current_exception();
    }
  }
  if (failed) std::rethrow_exception(failed);  // the failed batch's rows stay pending
}

}  // namespace buurtbot::outbox
