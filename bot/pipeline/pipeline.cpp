#include "bot/pipeline/pipeline.hpp"

#include "storage/repositories.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>

namespace buurtbot {
namespace {

// Rows handled in one commit at most, and at least before messages waiting to be acknowledged go
// first: together they bound both the acknowledgement delay and the fsyncs per row.
constexpr int kDispatchBatch = 64;
constexpr std::size_t kRowsBeforeAcknowledging = 8;
constexpr auto kIdleRefresh = std::chrono::seconds(1);
// The queue depths for /metrics are COUNT and MIN over the journal and the outbox: reading them after
// every commit took half the writer's time under load, and more the longer the backlog.
constexpr auto kStatsEvery = std::chrono::milliseconds(250);
constexpr auto kExpireEvery = std::chrono::hours(1);
// Journal and outbox rows emptied in one transaction at most: a few milliseconds of the writer, after
// which it acknowledges and dispatches what came in before the next batch.
constexpr int kExpireBatch = 500;

std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("dispatch");
  return logger ? logger : spdlog::default_logger();
}

// What /readyz may say about a failed commit: SQLite's words for its code, never a path or a value.
std::string reason_of(const std::exception& failure) {
  const auto* storage_error = dynamic_cast<const storage::StorageError*>(&failure);
  if (storage_error == nullptr || storage_error->sqlite_code() == 0) return "the last commit failed";
  return sqlite3_errstr(storage_error->sqlite_code());
}

}  // namespace

std::string PipelineStats::unwritable_reason() const {
  std::lock_guard lock(reason_mutex_);
  return reason_;
}

void PipelineStats::wrote() {
  std::lock_guard lock(reason_mutex_);
  writable = true;
  reason_.clear();
}

void PipelineStats::failed_to_write(std::string reason) {
  std::lock_guard lock(reason_mutex_);
  writable = false;
  reason_ = std::move(reason);
}

Pipeline::Pipeline(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
                   std::function<void()> after_dispatch, std::function<void(double)> observe_dispatch,
                   ChannelCapabilities capabilities)
    : db_(db),
      max_waiting_(config.server.max_waiting_updates),
      retention_days_(config.privacy.retention_days),
      storage_limits_(config.storage),
      dispatcher_(db, config, flows, std::move(capabilities)),
      after_dispatch_(std::move(after_dispatch)),
      observe_dispatch_(std::move(observe_dispatch)) {}

Pipeline::~Pipeline() { stop(); }

void Pipeline::start() {
  thread_ = std::thread([this] { loop(); });
  stats_thread_ = std::thread([this] { stats_loop(); });
}

std::string Pipeline::position(const std::string& name) {
  std::promise<std::string> read;
  auto value = read.get_future();
  run([&](storage::Database& db) {
    try {
      read.set_value(storage::Journal(db).position(name));
    } catch (...) {
      read.set_exception(std::current_exception());  // not "none yet": that would skip what waits
    }
  });
  return value.get();
}

bool Pipeline::save_position(const std::string& name, const std::string& value) {
  std::promise<bool> saved;
  auto outcome = saved.get_future();
  run([&](storage::Database& db) {
    try {
      storage::Journal(db).set_position(name, value);
      saved.set_value(true);
    } catch (const std::exception& e) {
      log()->warn("could not save the position {}: {}", name, e.what());
      saved.set_value(false);
    }
  });
  return outcome.get();
}

bool Pipeline::journal_with_position(std::vector<InboundMessage> messages, const ChannelPosition& position) {
  if (messages.empty()) return save_position(position.name, position.value);
  auto remaining = std::make_shared<std::atomic<std::size_t>>(messages.size());
  auto failed = std::make_shared<std::atomic<bool>>(false);
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  {
    // Queued under one lock: the writer swaps the whole queue into one transaction, so all of them and
    // the position (on the last) are committed together or not at all.
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      queue_.push_back({std::move(messages[i]),
                        [remaining, failed, done](Journaled result) {
                          if (result == Journaled::failed) *failed = true;
                          if (--*remaining == 0) done->set_value();
                        },
                        i + 1 == messages.size() ? std::optional<ChannelPosition>(position) : std::nullopt});
    }
    wake_.notify_one();  // under the lock: see run()
  }
  finished.wait();
  return !*failed;
}

// run() and journal() wake the writer while they still hold the lock: once the writer took what they
// posted, they no longer touch the pipeline, which whoever waits for the job may then destroy (with
// wake_ outside the lock, the caller could still be inside notify_one() by then).
void Pipeline::run(std::function<void(storage::Database&)> job) {
  {
    std::lock_guard lock(mutex_);
    if (!stopped_) {
      jobs_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  // The writer thread is gone (shutdown, when the outbox drains): the caller is the connection's only
  // user now, so the job runs here rather than waiting forever.
  std::lock_guard lock(stopped_jobs_);
  std::deque<std::function<void(storage::Database&)>> jobs{std::move(job)};
  run_jobs(jobs);
}

void Pipeline::run_jobs(std::deque<std::function<void(storage::Database&)>>& jobs) {
  for (auto& job : jobs) {
    try {
      job(db_);
    } catch (const std::exception& e) {
      log()->error("a job on the writer thread failed: {}", e.what());
    }
  }
}

// Backpressure: the webhook acknowledges faster than one writer thread handles rows, and without a
// bound the journal (and the delay of every reply) grows for as long as the load lasts. A refusal costs
// the channel a redelivery. The journal count is the writer's, at most one dispatch batch old.
bool Pipeline::backlogged() const {
  if (max_waiting_ <= 0) return false;
  std::lock_guard lock(mutex_);
  return stats_.journal_waiting.load() + static_cast<std::int64_t>(queue_.size()) >= max_waiting_;
}

void Pipeline::journal(InboundMessage message, std::function<void(Journaled)> done) {
  std::lock_guard lock(mutex_);
  queue_.push_back({std::move(message), std::move(done), std::nullopt});
  wake_.notify_one();  // under the lock: see run()
}

void Pipeline::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  stats_wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (stats_thread_.joinable()) stats_thread_.join();
  std::deque<std::function<void(storage::Database&)>> jobs;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    jobs.swap(jobs_);  // posted after the thread's last look
  }
  std::lock_guard lock(stopped_jobs_);
  run_jobs(jobs);
}

// Group commit: everything queued while the previous commit ran goes into the next one, together
// with the dispatch of the next journal rows, so under load many acknowledgements and rows share one
// fsync, and at low load nothing waits.
void Pipeline::loop() {
  refresh_stats();
  bool rows_left = true;  // rows journaled before a restart are handled first
  bool expiring = false;
  for (;;) {
    std::deque<Pending> batch;
    std::deque<std::function<void(storage::Database&)>> jobs;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      // Wakes at least every second all the same, so a missed notification costs a second at most.
      wake_.wait_for(lock, kIdleRefresh,
                     [&] { return stopping_ || !queue_.empty() || !jobs_.empty() || rows_left || expiring; });
      batch.swap(queue_);
      jobs.swap(jobs_);
      stopping = stopping_;
    }
    if (stopping) {
      if (!batch.empty()) commit(batch);
      run_jobs(jobs);
      if (batch.empty()) break;
      continue;  // acknowledge what is queued, then stop without starting new rows
    }
    const bool idle = batch.empty() && jobs.empty() && !rows_left;
    rows_left = commit_and_dispatch(batch);
    run_jobs(jobs);
    if (idle) probe_if_unwritable();
    expiring = expire_if_due();
  }
}

// Once an hour, on the writer's own connection: personal content of handled journal and outbox rows
// does not outlive privacy.retention_days. One batch a turn of the loop, each in its own transaction, so
// a pass with much to empty (the first after an upgrade or a long stop) never holds the writer, and every
// acknowledgement behind it, for long. Returns whether rows are left, so the loop comes back at once.
bool Pipeline::expire_if_due() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_expiry_) return false;
  bool more = false;
  try {
    storage::Transaction tx(db_);
    const int inbound = storage::Journal(db_).expire(retention_days_, kExpireBatch);
    const int outbound = storage::Outbox(db_).expire(retention_days_, kExpireBatch);
    tx.commit();
    expired_inbound_ += inbound;
    expired_outbound_ += outbound;
    more = inbound == kExpireBatch || outbound == kExpireBatch;
  } catch (const std::exception& e) {
    log()->error("emptying rows past retention failed: {}", e.what());
  }
  if (more) return true;
  next_expiry_ = now + kExpireEvery;
  if (expired_inbound_ + expired_outbound_ > 0)
    log()->info("emptied {} journal and {} outbox rows past retention", expired_inbound_, expired_outbound_);
  expired_inbound_ = expired_outbound_ = 0;
  return false;
}

void Pipeline::commit(std::deque<Pending>& batch) {
  std::vector<Journaled> results;
  try {
    storage::Transaction tx(db_);
    storage::Journal journal(db_);
    results = store_all(journal, batch);
    tx.commit();
    stats_.wrote();
    ++stats_.commits;
    stats_.journaled += batch.size();
    stats_.journal_waiting += std::count(results.begin(), results.end(), Journaled::stored);
  } catch (const std::exception& e) {
    log()->error("journal commit of {} messages failed: {}", batch.size(), e.what());
    results.assign(batch.size(), Journaled::failed);
    stats_.failed_to_write(reason_of(e));
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(results[i]);
}

// Journals `batch` and handles journal rows in order, in one transaction: one fsync for both. The
// acknowledgements wait for the rows handled in it, kRowsBeforeAcknowledging of them when more
// messages wait. Returns true when more rows may be waiting.
bool Pipeline::commit_and_dispatch(std::deque<Pending>& batch) {
  std::vector<Journaled> results;
  Dispatched dispatched;
  try {
    storage::Transaction tx(db_);
    storage::Journal journal(db_);
    results = store_all(journal, batch);
    dispatched = dispatch_rows();
    tx.commit();
  } catch (const std::exception& e) {
    log()->error("dispatching journal rows failed: {}", e.what());
    // A failing dispatch must not keep messages from being journaled and acknowledged.
    if (!batch.empty()) commit(batch);
    stats_.failed_to_write(reason_of(e));
    return false;
  }
  // A commit that wrote nothing proves nothing about the disk: only rows written count.
  if (!batch.empty() || dispatched.handled > 0) stats_.wrote();
  if (!batch.empty()) {
    ++stats_.commits;
    stats_.journaled += batch.size();
  }
  const auto stored = std::count(results.begin(), results.end(), Journaled::stored);
  stats_.journal_waiting += stored - std::min<std::int64_t>(static_cast<std::int64_t>(dispatched.handled),
                                                            stats_.journal_waiting + stored);
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(results[i]);
  if (dispatched.handled > 0 && after_dispatch_) after_dispatch_();
  return dispatched.more;
}

// While the database is not writable and nothing comes in, each idle turn (a second at most) writes one
// page, so /readyz turns ready as soon as the disk has space again, even when no traffic comes because
// a load balancer stopped sending it while /readyz said no.
void Pipeline::probe_if_unwritable() {
  if (stats_.writable) return;
  try {
    storage::probe_write(db_);
    stats_.wrote();
    log()->info("the database is writable again");
  } catch (const std::exception& e) {
    stats_.failed_to_write(reason_of(e));
  }
}

Journaled Pipeline::store(const InboundMessage& message) const {
  return journal_message(db_, message, storage_limits_) ? Journaled::stored : Journaled::duplicate;
}

std::vector<Journaled> Pipeline::store_all(storage::Journal& journal, const std::deque<Pending>& batch) const {
  std::vector<Journaled> results;
  results.reserve(batch.size());
  for (const auto& pending : batch) {
    results.push_back(store(pending.message));
    if (pending.position) journal.set_position(pending.position->name, pending.position->value);
  }
  return results;
}

// Each row is a savepoint of its own inside the caller's transaction.
Pipeline::Dispatched Pipeline::dispatch_rows() {
  const auto rows = storage::Journal(db_).unprocessed(kDispatchBatch);
  std::size_t handled = 0;
  for (const auto& row : rows) {
    const auto started = std::chrono::steady_clock::now();
    dispatcher_.process(row, std::chrono::system_clock::now());
    if (observe_dispatch_)
      observe_dispatch_(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (++handled >= kRowsBeforeAcknowledging && work_waiting()) break;
  }
  return {.handled = handled, .more = handled < rows.size() || rows.size() == static_cast<std::size_t>(kDispatchBatch)};
}

bool Pipeline::work_waiting() {
  std::lock_guard lock(mutex_);
  return !queue_.empty() || !jobs_.empty() || stopping_;
}

// The queue depths cost milliseconds once thousands of rows wait; on the writer thread they held up
// every acknowledgement behind them. A reader connection (WAL: it never waits for the writer) reads
// them instead. The journal's count stays the writer's, which knows it exactly.
void Pipeline::stats_loop() {
  std::optional<storage::Database> reader;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    read_depths(reader);
    lock.lock();
    stats_wake_.wait_for(lock, kStatsEvery, [this] { return stopping_; });
  }
}

void Pipeline::read_depths(std::optional<storage::Database>& reader) {
  try {
    if (!reader) reader.emplace(storage::Database::open(db_.path()));
    auto journal = storage::Journal(*reader).depth();
    auto outbox = storage::Outbox(*reader).depth();
    stats_.journal_oldest_age_s = journal.oldest_age_s;
    stats_.outbox_pending = outbox.rows;
    stats_.outbox_oldest_age_s = outbox.oldest_age_s;
  } catch (const std::exception& e) {
    log()->warn("reading queue depths failed: {}", e.what());
    reader.reset();
  }
}

// The writer's own reading, once at start: the journal rows left by the last run.
void Pipeline::refresh_stats() {
  try {
    auto journal = storage::Journal(db_).depth();
    auto outbox = storage::Outbox(db_).depth();
    stats_.journal_waiting = journal.rows;
    stats_.journal_oldest_age_s = journal.oldest_age_s;
    stats_.outbox_pending = outbox.rows;
    stats_.outbox_oldest_age_s = outbox.oldest_age_s;
  } catch (const std::exception& e) {
    log()->warn("reading queue depths failed: {}", e.what());
  }
}

}  // namespace buurtbot
