#include "bot/pipeline/outbox/send_pool.hpp"

#include <algorithm>
#include <utility>

namespace buurtbot::outbox {

SendPool::SendPool(std::size_t threads, std::function<void()> finished) : on_finished_(std::move(finished)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) threads_.emplace_back([this] { run(); });
}

SendPool::~SendPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void SendPool::submit(std::size_t ticket, std::function<SendResult()> send) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({ticket, std::move(send)});
  }
  work_.notify_one();
}

Finished SendPool::next() {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [this] { return !results_.empty(); });
  auto finished = std::move(results_.front());
  results_.pop_front();
  return finished;
}

std::optional<Finished> SendPool::poll() {
  std::lock_guard lock(mutex_);
  if (results_.empty()) return std::nullopt;
  auto finished = std::move(results_.front());
  results_.pop_front();
  return finished;
}

// Queued jobs are still run at stop: each was reserved against the channel's limits and its row is
// waiting for the result.
void SendPool::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    Finished finished{.ticket = job.ticket, .result = job.send()};
    lock.lock();
    results_.push_back(std::move(finished));
    finished_.notify_one();
    if (on_finished_) {
      lock.unlock();
      on_finished_();
      lock.lock();
    }
  }
}

}  // namespace buurtbot::outbox
