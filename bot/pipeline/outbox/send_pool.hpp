#pragma once
// Threads that carry out the outbox worker's sends, so several recipients are served at once and one
// slow answer does not hold up every other chat. Only the sending runs here: the worker keeps the
// limits and the store on its own thread and takes each result back by its ticket.

#include "bot/core/channel.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace buurtbot::outbox {

/// What came of one send handed to the pool.
struct Finished {
  std::size_t ticket = 0;
  SendResult result;
};

/// A fixed set of threads running sends handed in with submit(); results come back through next().
class SendPool final {
 public:
  /// Starts `threads` threads (at least one); `finished` runs on a pool thread after each send.
  explicit SendPool(std::size_t threads, std::function<void()> finished = {});
  /// Lets the sends in hand finish, then joins the threads; results not taken are dropped.
  ~SendPool();
  SendPool(const SendPool&) = delete;
  SendPool& operator=(const SendPool&) = delete;

  /// Queues `send`, which must not throw; its result comes back with `ticket`.
  void submit(std::size_t ticket, std::function<SendResult()> send);

  /// Waits for the next finished send. Only call it while a submitted send has not been taken back.
  Finished next();

  /// A finished send when there is one, without waiting.
  std::optional<Finished> poll();

 private:
  struct Job {
    std::size_t ticket;
    std::function<SendResult()> send;
  };

  void run();

  std::mutex mutex_;
  std::condition_variable work_;      ///< a job was queued, or the pool stops
  std::condition_variable finished_;  ///< a result came in
  std::deque<Job> jobs_;
  std::deque<Finished> results_;
  bool stopping_ = false;
  std::function<void()> on_finished_;
  std::vector<std::thread> threads_;
};

}  // namespace buurtbot::outbox
