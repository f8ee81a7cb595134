#pragma once
// The worker's Store over the SQLite outbox: it reads on a connection of the worker's own thread and
// writes either there or, in the service, through the writer thread that owns the write connection.

#include "bot/pipeline/outbox/store.hpp"
#include "storage/database.hpp"

#include <functional>
#include <optional>
#include <string>
#include <future>
#include <vector>

namespace buurtbot::outbox {

/// One recipient, for a store that sees only that recipient's rows.
struct Recipient {
  std::string channel;
  std::string address;
};

/// Store backed by storage::Outbox. Without a writer each write is its own short transaction on `db`;
/// with one, writes are grouped and handed to it, so the worker never waits for SQLite's write lock.
class SqliteStore final : public Store {
 public:
  /// Runs a job on the thread that owns the write connection (Pipeline::run in the service).
  using Writer = std::function<void(std::function<void(storage::Database&)>)>;

  explicit SqliteStore(storage::Database& db, Writer writer = {}) : db_(db), writer_(std::move(writer)) {}
  /// A store that hands the worker only the rows of `only`: the terminal chat delivers to the person at
  /// the keyboard, and the rows of everyone else wait for their own terminal.
  SqliteStore(storage::Database& db, Recipient only) : db_(db), only_(std::move(only)) {}
  /// Drops what was not handed over: the writer may be gone by now, and those rows stay pending and are
  /// sent again (at least once). Every pass of the worker ends with flush(), so this is only after a failure.
  ~SqliteStore() override = default;

  std::vector<DueRow> due(Clock::time_point now, int limit) override;
  std::optional<Clock::time_point> next_attempt_after(Clock::time_point now) override;
  void mark_sent(storage::Id id) override;
  void reschedule(storage::Id id, const FailedAttempt& attempt) override;
  void defer(storage::Id id, Clock::time_point until) override;
  void mark_dead(storage::Id id, const std::string& reason) override;
  void mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) override;
  void flush() override;

 private:
  using Write = std::function<void(storage::Database&)>;
  void write(Write write);
  void hand_over();
  std::vector<storage::OutboxRow> due_rows(Clock::time_point now, int limit);

  storage::Database& db_;
  Writer writer_;
  std::optional<Recipient> only_;
  std::vector<Write> queued_;                  ///< writes not yet handed to the writer, in order
  std::vector<std::future<void>> in_flight_;   ///< batches handed over, done once their commit is
};

}  // namespace buurtbot::outbox
