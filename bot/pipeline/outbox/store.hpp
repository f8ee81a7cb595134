#pragma once
// The narrow part of storage the outbox worker needs. SqliteStore (beside this file) implements it
// over storage::Outbox; the tests use an in-memory fake.

#include "bot/pipeline/outbox/clock.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace buurtbot::outbox {

/// A pending row as the worker needs it: OutboxRow keeps its times as text and has no first attempt time.
struct DueRow {
  storage::OutboxRow row;                             ///< id, channel, address, payload, priority, attempts
  std::optional<Clock::time_point> first_attempt_at;  ///< when the row was first tried and failed; empty before
};

/// One failed attempt to record while the row stays pending.
struct FailedAttempt {
  int attempts = 0;                      ///< failed attempts so far, this one included
  Clock::time_point next_attempt_at{};   ///< not tried again before this (round up when storing whole seconds)
  Clock::time_point first_attempt_at{};  ///< the first failed attempt; the give-up deadline counts from it
  std::string reason;                    ///< the channel's answer, shown to officers
};

/// Outbox storage as the delivery worker uses it: synchronous, called from the worker's thread only.
class Store {
 public:
  virtual ~Store() = default;

  /// Up to `limit` pending rows whose next attempt is due at `now`, only the oldest pending row of each
  /// recipient (channel, address) so that recipient's order holds, ordered by priority then id.
  virtual std::vector<DueRow> due(Clock::time_point now, int limit) = 0;

  /// The earliest next attempt later than `now` among pending rows, so the worker knows how long to sleep.
  virtual std::optional<Clock::time_point> next_attempt_after(Clock::time_point now) = 0;

  /// Marks the row sent.
  virtual void mark_sent(storage::Id id) = 0;

  /// Counts a failed attempt; the row stays pending until `attempt.next_attempt_at`.
  virtual void reschedule(storage::Id id, const FailedAttempt& attempt) = 0;

  /// Holds the row back until `until` without counting an attempt (a long rate-limit wait, a channel
  /// without adapter), so it stops taking a place in every pass's batch.
  virtual void defer(storage::Id id, Clock::time_point until) = 0;

  /// Gives the row up for good; `reason` tells officers why.
  virtual void mark_dead(storage::Id id, const std::string& reason) = 0;

  /// The recipient blocked the bot or left the chat: flags it unreachable and gives up every pending
  /// row to it, the one just tried included, with `reason`.
  virtual void mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) = 0;

  /// Returns once every outcome recorded so far is stored, so the next due() no longer sees those rows;
  /// a store that writes each outcome at once has nothing to do. Throws when storing failed.
  virtual void flush() {}
};

}  // namespace buurtbot::outbox
