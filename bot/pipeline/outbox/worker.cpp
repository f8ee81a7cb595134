#include "bot/pipeline/outbox/worker.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <optional>
#include <utility>

namespace buurtbot::outbox {
namespace {

// Looked up on every call because tests and setup_logging may register "outbox" after the worker is built.
std::shared_ptr<spdlog::logger> log() {
  auto logger = spdlog::get("outbox");
  return logger ? logger : spdlog::default_logger();
}

struct Parsed {
  std::optional<OutboundMessage> message;
  std::string error;
};

Parsed parse_payload(const std::string& payload) {
  try {
    auto json = nlohmann::json::parse(payload);
    if (!json.is_object()) return {.message = std::nullopt, .error = "unparsable payload: not a JSON object"};
    return {.message = json.get<OutboundMessage>(), .error = {}};
  } catch (const nlohmann::json::exception& e) {
    return {.message = std::nullopt, .error = std::string("unparsable payload: ") + e.what()};
  }
}

SendResult send(Channel& channel, const storage::OutboxRow& row, const OutboundMessage& message) {
  try {
    return channel.send(row.address, message, row.id);
  } catch (const std::exception& e) {
    // An adapter should answer with a SendError; one that throws is taken as a network failure, so the
    // row is retried and one broken adapter cannot stall every other channel's rows.
    SendError error;
    error.network = true;
    error.detail = e.what();
    return error;
  }
}

// The kind of failure without the channel's description, which may name the recipient (an SMTP reply).
std::string kind(const SendError& error) {
  return error.network ? "network error" : "HTTP " + std::to_string(error.status);
}

}  // namespace

Worker::Worker(Store& store, WorkerOptions options, Random random, std::function<Clock::time_point()> now)
    : store_(store), options_(options), backoff_(options.retry, std::move(random)), now_(std::move(now)) {}

// The pool goes first: its threads call answer_came(), which needs the mutex declared after it.
Worker::~Worker() {
  stop();
  pool_.reset();
}

void Worker::add_channel(Channel& channel, RateLimits limits, int senders) {
  assert(!thread_.joinable() && !pool_ && "channels are added before the first pass");
  std::string name(channel.name());
  limiter_.set_limits(name, std::move(limits));
  routes_.try_emplace(std::move(name), channel, std::max(senders, 1));
}

// One thread per sender of every channel that sends more than one at a time; a channel with one
// sender sends on the worker's own thread, as the tests' passes do.
void Worker::ensure_pool() {
  if (pool_) return;
  std::size_t threads = 0;
  for (const auto& [name, route] : routes_)
    if (route.senders > 1) threads += static_cast<std::size_t>(route.senders);
  if (threads > 0) pool_ = std::make_unique<SendPool>(threads, [this] { answer_came(); });
}

// Priority: a pass re-queries the store, which hands out rows by priority then id, and a pass outlives
// the moment a new row is written by wake_after at most (wake() ends it; sends in flight go on). So a
// reply written while thousands of notifications wait for the global window is first in the next pass
// and takes the first free sender; no budget has to be set aside for replies, and none of it is wasted
// when there are none. The notifications it overtakes are held in memory for at most the window.
std::size_t Worker::run_once(Clock::time_point now) { return run_pass(now, false); }

// A pass can take seconds (a batch of sends); a limit window or a retry_after counted from the pass's
// start would then end too early, and Telegram answers that with another 429.
void Worker::catch_up(Pass& pass) const {
  if (pass.live) pass.now = std::max(pass.now, now_());
}

// The thread's passes leave sends in flight when they end, so a slow answer from one chat holds up no
// other pass; their rows stay pending in the store until recorded, and a pass skips the rows that were in
// flight when it read the store (also those that come back during it: their outcome is not stored yet).
std::size_t Worker::run_pass(Clock::time_point now, bool live) {
  woken_ = false;
  answered_ = false;
  store_.flush();  // outcomes of the last pass (or of one that ended in an error), before the rows are read
  ensure_pool();
  Pass pass{.now = now, .started = now_(), .live = live, .next = now + options_.idle, .sent = 0,
            .progressed = false};
  try {
    const auto busy = rows_in_flight();
    std::size_t handled = 0;
    for (const auto& due : store_.due(now, options_.batch)) {
      if (busy.contains(due.row.id)) continue;
      if (handled++ > 0 && ends_pass(pass)) break;
      collect_finished(pass);
      catch_up(pass);
      handle(due, pass);
    }
    collect_finished(pass);
    if (!live)
      while (!in_flight_.empty()) take_back(pool_->next(), pass);
  } catch (...) {
    abandon_in_flight();
    throw;
  }
  store_.flush();
  // Only the head of each recipient's queue is due at once, so sending it makes the next one due now;
  // the scan for the next retry time is needed only when nothing moved.
  if (pass.progressed) {
    next_run_ = now;
  } else {
    next_run_ = pass.next;
    if (auto later = store_.next_attempt_after(now)) next_run_ = std::min(next_run_, *later);
  }
  return pass.sent;
}

bool Worker::ends_pass(const Pass& pass) const {
  return stopping_.load() || (woken_.load() && now_() - pass.started >= options_.wake_after);
}

void Worker::handle(const DueRow& due, Pass& pass) {
  const auto& row = due.row;
  auto route = routes_.find(row.channel);
  if (route == routes_.end()) return hold_unknown_channel(row, pass);
  auto parsed = parse_payload(row.payload);
  if (!parsed.message) return unreadable(row, route->second, parsed.error, pass);
  wait_for_sender(route->second, pass);
  if (auto ready = limiter_.reserve(row.channel, row.address, pass.now)) return hold(row, *ready, pass);
  launch(InFlight{.due = due, .route = &route->second, .reserved_at = pass.now}, std::move(*parsed.message), pass);
}

// Due rows are each the oldest of their recipient, so the sends in flight together never go to the same
// chat and every recipient's order holds.
void Worker::launch(InFlight flight, OutboundMessage message, Pass& pass) {
  auto& route = *flight.route;
  if (route.senders <= 1) {
    const auto result = send(*route.channel, flight.due.row, message);
    return finish(flight, result, pass);
  }
  const auto ticket = next_ticket_++;
  pool_->submit(ticket, [channel = route.channel, row = flight.due.row, message = std::move(message)] {
    return send(*channel, row, message);
  });
  ++route.busy;
  in_flight_.emplace(ticket, std::move(flight));
}

void Worker::wait_for_sender(Route& route, Pass& pass) {
  if (route.busy < route.senders) return;
  while (route.busy >= route.senders) take_back(pool_->next(), pass);
  catch_up(pass);
}

void Worker::collect_finished(Pass& pass) {
  if (!pool_) return;
  while (auto finished = pool_->poll()) take_back(std::move(*finished), pass);
}

Worker::InFlight Worker::landed(std::size_t ticket) {
  auto node = in_flight_.extract(ticket);
  assert(!node.empty());
  --node.mapped().route->busy;
  return std::move(node.mapped());
}

void Worker::take_back(Finished finished, Pass& pass) { finish(landed(finished.ticket), finished.result, pass); }

void Worker::finish(const InFlight& flight, const SendResult& result, Pass& pass) {
  const auto& row = flight.due.row;
  catch_up(pass);
  limiter_.settle(row.channel, row.address, flight.reserved_at, pass.now);
  if (result) return failed(flight.due, *flight.route, *result, pass);
  store_.mark_sent(row.id);
  ++flight.route->tally.sent;
  ++pass.sent;
  pass.progressed = true;
  log()->debug("outbox row {} sent on {} to {}", row.id, row.channel, row.address);
}

std::set<storage::Id> Worker::rows_in_flight() const {
  std::set<storage::Id> rows;
  for (const auto& [ticket, flight] : in_flight_) rows.insert(flight.due.row.id);
  return rows;
}

// At the end of the thread: what is on its way is waited for and recorded, so it is not sent again at
// the next start.
void Worker::settle_in_flight() noexcept {
  try {
    Pass pass{.now = now_(), .started = now_(), .live = true, .next = now_(), .sent = 0, .progressed = false};
    while (!in_flight_.empty()) take_back(pool_->next(), pass);
    store_.flush();
  } catch (const std::exception& e) {
    abandon_in_flight();
    log()->error("recording the last sends failed: {}", e.what());
  }
}

void Worker::answer_came() {
  {
    std::lock_guard lock(mutex_);
    answered_ = true;
  }
  cv_.notify_all();
}

// A pass that failed (the store) leaves the rows it had in flight pending, to be sent again later (at
// least once); the next pass must not start before those sends are over, or a row could go twice at once.
void Worker::abandon_in_flight() noexcept {
  while (!in_flight_.empty()) {
    const auto flight = landed(pool_->next().ticket);
    limiter_.settle(flight.due.row.channel, flight.due.row.address, flight.reserved_at, now_());
  }
}

void Worker::hold(const storage::OutboxRow& row, Clock::time_point ready, Pass& pass) {
  // A short wait (the global or per-chat window) stays in memory; a long one (a group's minute, a
  // paused channel) goes to the store so the row stops filling the batch that other recipients need.
  if (ready - pass.now <= options_.park_after) {
    pass.next = std::min(pass.next, ready);
    return;
  }
  store_.defer(row.id, ready);
  pass.progressed = true;
}

void Worker::hold_unknown_channel(const storage::OutboxRow& row, Pass& pass) {
  if (unknown_logged_.insert(row.channel).second)
    log()->warn("no adapter for channel '{}': its outbox rows stay pending", row.channel);
  store_.defer(row.id, pass.now + options_.unknown_channel_recheck);
  pass.progressed = true;
}

void Worker::unreadable(const storage::OutboxRow& row, Route& route, const std::string& reason, Pass& pass) {
  store_.mark_dead(row.id, reason);
  ++route.tally.dead;
  pass.progressed = true;
  // The reason may quote the payload, which holds the resident's text: only at debug.
  log()->warn("outbox row {} on {} is dead: its payload cannot be read", row.id, row.channel);
  log()->debug("outbox row {}: {}", row.id, reason);
}

void Worker::failed(const DueRow& due, Route& route, const SendError& error, Pass& pass) {
  const auto& row = due.row;
  const int attempts = row.attempts + 1;
  catch_up(pass);  // retry_after counts from the answer, not from the start of the pass
  const auto first = due.first_attempt_at.value_or(pass.now);
  auto decision = backoff_.decide(error, attempts, first, pass.now);
  pass.progressed = true;
  log()->debug("outbox row {} to {}: {}", row.id, row.address, decision.reason);
  switch (decision.verdict) {
    case Verdict::retry:
      if (error.retry_after.count() > 0) limiter_.pause(row.channel, row.address, decision.retry_at);
      store_.reschedule(row.id, FailedAttempt{.attempts = attempts, .next_attempt_at = decision.retry_at,
                                              .first_attempt_at = first, .reason = decision.reason});
      ++route.tally.retried;
      log()->warn("outbox row {} on {} failed (attempt {}, {}), retrying", row.id, row.channel, attempts,
                  kind(error));
      return;
    case Verdict::dead:
      store_.mark_dead(row.id, decision.reason);
      ++route.tally.dead;
      log()->warn("outbox row {} on {} is dead after {} attempt(s), {}", row.id, row.channel, attempts, kind(error));
      return;
    case Verdict::unreachable:
      store_.mark_unreachable(row.channel, row.address, decision.reason);
      ++route.tally.unreachable;
      log()->warn("outbox row {} on {}: recipient unreachable, its pending rows are dropped", row.id, row.channel);
      return;
  }
}

void Worker::start() {
  assert(!thread_.joinable());
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
  log()->info("outbox worker started with {} channel(s)", routes_.size());
}

void Worker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  log()->info("outbox worker stopped");
}

void Worker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

Counters Worker::counters(std::string_view channel) const {
  auto it = routes_.find(channel);
  if (it == routes_.end()) return {};
  const auto& t = it->second.tally;
  return {.sent = t.sent.load(), .retried = t.retried.load(), .dead = t.dead.load(),
          .unreachable = t.unreachable.load()};
}

void Worker::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto sleep = pass_safely();
    lock.lock();
    cv_.wait_for(lock, sleep, [this] { return interrupted(); });
  }
  lock.unlock();
  settle_in_flight();
}

Clock::duration Worker::pass_safely() {
  try {
    const auto now = now_();
    run_pass(now, true);
    return std::clamp(next_run_ - now, Clock::duration::zero(), Clock::duration(options_.idle));
  } catch (const std::exception& e) {
    // A failing store (disk full, database locked) must not end the thread or the process: the rows
    // stay pending and the next pass, one idle period later, tries again.
    log()->error("outbox pass failed: {}", e.what());
    return options_.idle;
  }
}

}  // namespace buurtbot::outbox
