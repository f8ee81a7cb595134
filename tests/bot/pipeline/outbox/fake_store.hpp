#pragma once
// An in-memory outbox store with the semantics storage/ must give the SQLite one, for the worker's tests.

#include "bot/pipeline/outbox/store.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <utility>

namespace buurtbot::outbox::testing {

/// A row as the fake keeps it: the record, plus the times the SQLite table keeps as text.
struct FakeRow {
  storage::OutboxRow row;
  Clock::time_point next_attempt_at{};
  std::optional<Clock::time_point> first_attempt_at;
};

/// Outbox rows in memory; locked, so a test may add rows while the worker's thread runs.
class FakeStore final : public Store {
 public:
  /// Adds a pending row due at `at`; returns its id.
  storage::Id add(const std::string& channel, const std::string& address, const std::string& payload, int priority,
                  Clock::time_point at = {}) {
    std::lock_guard lock(mutex_);
    const storage::Id id = static_cast<storage::Id>(rows_.size()) + 1;
    storage::OutboxRow row;
    row.id = id;
    row.channel = channel;
    row.address = address;
    row.payload = payload;
    row.priority = priority;
    row.status = "pending";
    rows_.emplace(id, FakeRow{.row = std::move(row), .next_attempt_at = at, .first_attempt_at = std::nullopt});
    return id;
  }

  /// A copy of row `id` as it stands.
  FakeRow get(storage::Id id) {
    std::lock_guard lock(mutex_);
    return rows_.at(id);
  }

  /// True when (channel, address) was flagged unreachable.
  bool unreachable(const std::string& channel, const std::string& address) {
    std::lock_guard lock(mutex_);
    return unreachable_.contains({channel, address});
  }

  std::vector<DueRow> due(Clock::time_point now, int limit) override {
    std::lock_guard lock(mutex_);
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<DueRow> result;
    for (const auto& [id, r] : rows_) {  // by id, so the first pending row of a recipient is its head
      if (r.row.status != "pending" || !seen.insert({r.row.channel, r.row.address}).second) continue;
      if (r.next_attempt_at <= now) result.push_back({.row = r.row, .first_attempt_at = r.first_attempt_at});
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const DueRow& a, const DueRow& b) { return a.row.priority < b.row.priority; });
    if (result.size() > static_cast<std::size_t>(limit)) result.resize(static_cast<std::size_t>(limit));
    return result;
  }

  /// How often the worker asked for the next attempt time.
  int next_attempt_scans() {
    std::lock_guard lock(mutex_);
    return next_attempt_scans_;
  }

  std::optional<Clock::time_point> next_attempt_after(Clock::time_point now) override {
    std::lock_guard lock(mutex_);
    ++next_attempt_scans_;
    std::optional<Clock::time_point> earliest;
    for (const auto& [id, r] : rows_) {
      if (r.row.status == "pending" && r.next_attempt_at > now && (!earliest || r.next_attempt_at < *earliest))
        earliest = r.next_attempt_at;
    }
    return earliest;
  }

  void mark_sent(storage::Id id) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).row.status = "sent";
  }

  void reschedule(storage::Id id, const FailedAttempt& attempt) override {
    std::lock_guard lock(mutex_);
    auto& r = rows_.at(id);
    r.row.attempts = attempt.attempts;
    r.row.last_error = attempt.reason;
    r.next_attempt_at = attempt.next_attempt_at;
    r.first_attempt_at = attempt.first_attempt_at;
  }

  void defer(storage::Id id, Clock::time_point until) override {
    std::lock_guard lock(mutex_);
    rows_.at(id).next_attempt_at = until;
  }

  void mark_dead(storage::Id id, const std::string& reason) override {
    std::lock_guard lock(mutex_);
    kill(rows_.at(id), reason);
  }

  void mark_unreachable(const std::string& channel, const std::string& address, const std::string& reason) override {
    std::lock_guard lock(mutex_);
    unreachable_.insert({channel, address});
    for (auto& [id, r] : rows_) {
      if (r.row.status == "pending" && r.row.channel == channel && r.row.address == address) kill(r, reason);
    }
  }

 private:
  static void kill(FakeRow& r, const std::string& reason) {
    r.row.status = "dead";
    r.row.last_error = reason;
  }

  std::mutex mutex_;
  std::map<storage::Id, FakeRow> rows_;
  int next_attempt_scans_ = 0;
  std::set<std::pair<std::string, std::string>> unreachable_;
};

}  // namespace buurtbot::outbox::testing
