#pragma once
// The writer thread: it owns the write connection, journals inbound messages in grouped commits and
// runs the dispatcher over the journal. Network threads hand work to it and never touch SQLite.

#include "bot/pipeline/dispatcher.hpp"
#include "bot/core/channel.hpp"
#include "bot/core/message.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace buurtbot {

/// Live figures for /readyz and /metrics. The writer thread keeps the counts of its own work up to date;
/// the ages and the outbox's pending rows are read every 250 ms on a reader connection of their own.
struct PipelineStats {
  std::atomic<std::int64_t> journal_waiting{0};  ///< journaled rows not yet handled
  std::atomic<double> journal_oldest_age_s{0};
  std::atomic<std::int64_t> outbox_pending{0};
  std::atomic<double> outbox_oldest_age_s{0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<std::uint64_t> journaled{0};
  std::atomic<bool> writable{true};  ///< false after a commit failed, until a write succeeds again

  /// Why the database is not writable, in SQLite's words ("disk I/O error"); empty while it is.
  std::string unwritable_reason() const;
  /// Called by the writer thread after each commit that wrote, or failed to write.
  void wrote();
  void failed_to_write(std::string reason);

 private:
  mutable std::mutex reason_mutex_;
  std::string reason_;
};

/// Journals messages and dispatches them on one thread, in the order they were journaled.
class Pipeline final : public JournalSink {
 public:
  /// `after_dispatch` runs on the writer thread after rows were handled (it wakes the outbox);
  /// `observe_dispatch` gets each row's handling time in seconds.
  Pipeline(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
           std::function<void()> after_dispatch, std::function<void(double)> observe_dispatch = {},
           ChannelCapabilities capabilities = {});
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void start();
  /// Queues `message` for the next grouped commit; `done` runs on the writer thread once it is
  /// durable (or failed), so a webhook is acknowledged only after its message is safe.
  void journal(InboundMessage message, std::function<void(Journaled)> done) override;
  /// True when the rows waiting to be handled (journaled or queued for the journal) reached
  /// server.max_waiting_updates: a webhook should then refuse (503) and let the channel deliver again.
  bool backlogged() const override;
  /// A poller's position, read and saved on the writer thread like everything else it writes.
  std::string position(const std::string& name) override;
  bool save_position(const std::string& name, const std::string& value) override;
  /// Queues the messages together, so one grouped commit stores them all, and the position with the last.
  bool journal_with_position(std::vector<InboundMessage> messages, const ChannelPosition& position) override;
  /// Runs `job` on the writer thread with the write connection (the officers' API reads and writes
  /// this way, so no network thread touches SQLite); it runs between two grouped commits. After stop()
  /// it runs at once on the caller's thread.
  void run(std::function<void(storage::Database&)> job) override;
  /// Finishes the queued journal writes and the row in hand, then stops; unprocessed rows stay in
  /// the journal for the next start.
  void stop();

  const PipelineStats& stats() const { return stats_; }
  /// The flows and the texts of the message files, for what the officers' API writes to residents.
  const flows::FlowSet& flows() const { return dispatcher_.flows(); }

 private:
  struct Pending {
    InboundMessage message;
    std::function<void(Journaled)> done;
    std::optional<ChannelPosition> position;  ///< saved in the same transaction, after the message
  };

  void loop();
  void run_jobs(std::deque<std::function<void(storage::Database&)>>& jobs);
  /// How many journal rows one dispatch handled, and whether more may wait.
  struct Dispatched {
    std::size_t handled = 0;
    bool more = false;
  };

  /// Journals one message, its text and files within the storage limits.
  Journaled store(const InboundMessage& message) const;
  /// Stores every message of `batch` and the positions they carry, inside the caller's transaction.
  std::vector<Journaled> store_all(storage::Journal& journal, const std::deque<Pending>& batch) const;
  void commit(std::deque<Pending>& batch);
  void probe_if_unwritable();
  bool commit_and_dispatch(std::deque<Pending>& batch);
  Dispatched dispatch_rows();
  bool work_waiting();
  void refresh_stats();
  bool expire_if_due();
  void stats_loop();
  void read_depths(std::optional<storage::Database>& reader);

  storage::Database& db_;
  const std::int64_t max_waiting_;  ///< 0: no limit
  const int retention_days_;
  std::chrono::steady_clock::time_point next_expiry_{};  ///< the first turn of the loop expires at once
  const config::StorageConfig storage_limits_;
  int expired_inbound_ = 0;   ///< journal rows the current retention pass emptied so far, for its log line
  int expired_outbound_ = 0;  ///< and outbox rows
  Dispatcher dispatcher_;
  std::function<void()> after_dispatch_;
  std::function<void(double)> observe_dispatch_;
  PipelineStats stats_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable stats_wake_;  ///< ends the stats thread's sleep at stop()
  std::deque<Pending> queue_;
  std::deque<std::function<void(storage::Database&)>> jobs_;
  bool stopping_ = false;
  bool stopped_ = false;      ///< the thread has ended: run() runs jobs on the caller's thread
  std::mutex stopped_jobs_;   ///< one such job at a time on the connection
  std::thread thread_;
  std::thread stats_thread_;
};

}  // namespace buurtbot
