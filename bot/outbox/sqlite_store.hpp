#pragma once
// The worker's Store over the SQLite outbox, on a connection of the worker's own thread.

#include "bot/outbox/store.hpp"
#include "storage/database.hpp"

namespace buurtbot::outbox {

/// Store backed by storage::Outbox; each call is its own short transaction.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(storage::Database& db) : db_(db) {}

  std::vector<DueRow> due(Clock::time_point now, int limit) override;
  std::optional<Clock::time_point> next_attempt_after(Clock::time_point now) override;
  void mark_sent(storage::Id id) override;
  void reschedule(storage::Id id, const FailedAttempt& attempt) override;
  void defer(storage::Id id, Clock::time_point until) override;
  void mark_dead(storage::Id id, const std::string& reason) override;
  void mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) override;

 private:
  storage::Database& db_;
};

}  // namespace buurtbot::outbox
