#pragma once
// The outbox delivery worker: sends due rows through their channel, within its limits, and records
// what came of each (sent, retry later, dead, recipient unreachable).

#include "bot/core/channel.hpp"
#include "bot/pipeline/outbox/clock.hpp"
#include "bot/pipeline/outbox/rate_limiter.hpp"
#include "bot/pipeline/outbox/retry.hpp"
#include "bot/pipeline/outbox/send_pool.hpp"
#include "bot/pipeline/outbox/store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace buurtbot::outbox {

/// How much the worker fetches and how long it sleeps.
struct WorkerOptions {
  int batch = 200;  ///< rows fetched per pass
  /// The longest sleep: rows written by another process (the command line) come without a wake().
  std::chrono::milliseconds idle{1000};
  /// A wake() ends a pass only once the pass has run this long: the dispatcher wakes the worker after
  /// every batch it commits, and a pass cut short after each row spends its time re-reading the outbox.
  std::chrono::milliseconds wake_after{50};
  /// A row the limiter holds back longer than this is deferred in the store, so it stops filling batches.
  std::chrono::seconds park_after{2};
  /// How long a row of a channel without an adapter is left alone before it is looked at again.
  std::chrono::minutes unknown_channel_recheck{5};
  RetryPolicy retry;
};

/// What one channel's deliveries came to since the worker was built, for /metrics.
struct Counters {
  std::uint64_t sent = 0;
  std::uint64_t retried = 0;      ///< failed attempts that will be tried again
  std::uint64_t dead = 0;         ///< rows given up: unparsable, refused by the channel, or past the deadline
  std::uint64_t unreachable = 0;  ///< recipients found unreachable, each ending all its pending rows
};

/// Sends outbox rows: one pass at a time from tests (run_once), or on its own thread in production.
class Worker final {
 public:
  /// A worker over `store`; `random` drives the backoff jitter and `now` the thread loop's clock.
  explicit Worker(Store& store, WorkerOptions options = {}, Random random = system_random(),
                  std::function<Clock::time_point()> now = [] { return Clock::now(); });
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Sends the rows of `channel.name()` through `channel` within `limits`, up to `senders` at once (each
  /// to another recipient; more than one calls `channel.send` from several threads); call before start().
  void add_channel(Channel& channel, RateLimits limits = {}, int senders = 1);

  /// One pass: fetches due rows, sends those the limits allow, records each outcome; returns how many
  /// were sent. It returns once every send it started is back. Not to be called while the thread runs.
  std::size_t run_once(Clock::time_point now);

  /// When the last pass found there is something to do next (now, when it made progress).
  Clock::time_point next_run() const { return next_run_; }

  /// Starts the thread that runs passes until stop().
  void start();

  /// Ends the thread once the sends in flight are back and recorded; rows not yet sent stay pending.
  void stop();

  /// Tells the thread a row was written, so it looks again now rather than after its sleep.
  void wake();

  /// The counters of `channel` (zero for a channel never added); safe from any thread.
  Counters counters(std::string_view channel) const;

 private:
  struct Tally {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> retried{0};
    std::atomic<std::uint64_t> dead{0};
    std::atomic<std::uint64_t> unreachable{0};
  };

  struct Route {
    Route(Channel& c, int s) : channel(&c), senders(s) {}
    Channel* channel;
    int senders;   ///< sends in flight at once at most
    int busy = 0;  ///< sends in flight now
    Tally tally;
  };

  /// A send handed to the pool, waiting for its result.
  struct InFlight {
    DueRow due;
    Route* route;
    Clock::time_point reserved_at;  ///< when the limiter counted it, to settle that very send
  };

  struct Pass {
    Clock::time_point now;    ///< with `live`, moved on to the clock before each row and after each send
    Clock::time_point started;  ///< on the worker's clock, for wake_after
    bool live = false;        ///< the thread's own passes follow the real clock; tests' passes keep `now`
    Clock::time_point next;   ///< the earliest time a row held back in memory may go
    std::size_t sent = 0;
    bool progressed = false;  ///< some row left the due set, so the next pass may find others
  };

  std::size_t run_pass(Clock::time_point now, bool live);
  void catch_up(Pass& pass) const;
  void handle(const DueRow& due, Pass& pass);
  void launch(InFlight flight, OutboundMessage message, Pass& pass);
  void wait_for_sender(Route& route, Pass& pass);
  void collect_finished(Pass& pass);
  InFlight landed(std::size_t ticket);
  void take_back(Finished finished, Pass& pass);
  void finish(const InFlight& flight, const SendResult& result, Pass& pass);
  void abandon_in_flight() noexcept;
  void ensure_pool();
  void hold(const storage::OutboxRow& row, Clock::time_point ready, Pass& pass);
  void hold_unknown_channel(const storage::OutboxRow& row, Pass& pass);
  void unreadable(const storage::OutboxRow& row, Route& route, const std::string& reason, Pass& pass);
  void failed(const DueRow& due, Route& route, const SendError& error, Pass& pass);
  bool interrupted() const { return stopping_.load() || woken_.load() || answered_.load(); }
  void answer_came();
  std::set<storage::Id> rows_in_flight() const;
  void settle_in_flight() noexcept;
  bool ends_pass(const Pass& pass) const;
  void loop();
  Clock::duration pass_safely();

  Store& store_;
  WorkerOptions options_;
  Backoff backoff_;
  std::function<Clock::time_point()> now_;
  RateLimiter limiter_;
  std::map<std::string, Route, std::less<>> routes_;
  std::set<std::string> unknown_logged_;
  std::unique_ptr<SendPool> pool_;  ///< only when a channel has more than one sender
  std::unordered_map<std::size_t, InFlight> in_flight_;
  std::size_t next_ticket_ = 0;
  Clock::time_point next_run_{};

  // wake() and stop() come from other threads (the storage writer after a commit, main at shutdown);
  // the flags are atomic so a pass can check them between rows, and set under the mutex so the
  // condition variable never misses one.
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> woken_{false};
  std::atomic<bool> answered_{false};  ///< a send in flight came back: its row can be recorded, its sender reused
  std::thread thread_;
};

}  // namespace buurtbot::outbox
