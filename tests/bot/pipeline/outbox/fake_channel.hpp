#pragma once
// A channel that records every send and answers from a script, for the worker's tests.

#include "bot/core/channel.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::outbox::testing {

/// One call the worker made.
struct SentCall {
  std::string address;
  OutboundMessage message;
  std::int64_t idempotency_key = 0;
};

/// Delivered.
inline SendResult ok() { return std::nullopt; }

/// Telegram's 429 with its retry_after.
inline SendResult too_many_requests(std::chrono::milliseconds retry_after) {
  SendError e;
  e.status = 429;
  e.retry_after = retry_after;
  e.detail = "Too Many Requests: retry after " + std::to_string(retry_after.count() / 1000);
  return e;
}

/// A 500 from the channel's API.
inline SendResult server_error() {
  SendError e;
  e.status = 500;
  e.detail = "Internal Server Error";
  return e;
}

/// No answer at all.
inline SendResult timeout() {
  SendError e;
  e.network = true;
  e.detail = "timed out";
  return e;
}

/// Telegram's 403 when the person blocked the bot.
inline SendResult blocked() {
  SendError e;
  e.status = 403;
  e.unreachable = true;
  e.detail = "Forbidden: bot was blocked by the user";
  return e;
}

/// A 400 that no retry will fix.
inline SendResult bad_request() {
  SendError e;
  e.status = 400;
  e.detail = "Bad Request: message text is empty";
  return e;
}

/// Records sends and answers each from the address's script, else the common script, else ok.
class FakeChannel final : public Channel {
 public:
  explicit FakeChannel(std::string name = "telegram") : name_(std::move(name)) {}

  std::string_view name() const override { return name_; }

  SendResult send(const std::string& address, const OutboundMessage& message,
                            std::int64_t idempotency_key) override {
    calls.push_back({address, message, idempotency_key});
    if (on_send) on_send();
    return next(address);
  }

  /// Queues answers for any address.
  void answer(std::initializer_list<SendResult> results) { script_.insert(script_.end(), results); }

  /// Queues answers for one address.
  void answer_to(const std::string& address, std::initializer_list<SendResult> results) {
    auto& queue = by_address_[address];
    queue.insert(queue.end(), results);
  }

  /// The addresses sent to, in order.
  std::vector<std::string> addresses() const {
    std::vector<std::string> out;
    for (const auto& c : calls) out.push_back(c.address);
    return out;
  }

  std::vector<SentCall> calls;
  std::function<void()> on_send;  ///< runs inside each send (to wake the worker, or to throw)

 private:
  SendResult next(const std::string& address) {
    for (auto* queue : {&by_address_[address], &script_}) {
      if (queue->empty()) continue;
      auto result = queue->front();
      queue->pop_front();
      return result;
    }
    return ok();
  }

  std::string name_;
  std::deque<SendResult> script_;
  std::map<std::string, std::deque<SendResult>> by_address_;
};

}  // namespace buurtbot::outbox::testing
