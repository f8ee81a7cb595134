#include "bot/core/channel.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>

namespace buurtbot {

RateLimits RateLimits::unlimited() {
  return RateLimits{.global_per_second = 0, .chat_per_second = 0, .group_per_minute = 0, .is_group = {},
                    .retry_after_pauses_channel = false};
}

bool JournalSink::journal_all(std::vector<InboundMessage> messages) {
  if (messages.empty()) return true;
  auto remaining = std::make_shared<std::atomic<std::size_t>>(messages.size());
  auto failed = std::make_shared<std::atomic<bool>>(false);
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  for (auto& message : messages) {
    journal(std::move(message), [remaining, failed, done](Journaled result) {
      if (result == Journaled::failed) *failed = true;
      if (--*remaining == 0) done->set_value();
    });
  }
  finished.wait();
  return !*failed;
}

void JournalSink::run(std::function<void(storage::Database&)> job) {
  (void)job;
  throw std::logic_error("this journal has no database to run jobs on");
}

}  // namespace buurtbot
