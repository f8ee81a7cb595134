#include "adapters/telegram/channel.hpp"

#include "adapters/telegram/parse.hpp"
#include "adapters/telegram/render.hpp"

namespace buurtbot::adapters::telegram {

TelegramChannel::TelegramChannel(std::string api_url, std::string token, http::ClientOptions options)
    : api_url_(std::move(api_url)), token_(std::move(token)), options_(std::move(options)) {
  idle_.push_back(BotApi(api_url_, token_, options_));  // a bad address or CA file fails at start, not at the first send
}

SendResult TelegramChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t) {
  auto api = borrow();
  SendResult result;
  try {
    // A stale button press only leaves a spinner; it never holds up the message itself.
    if (!message.answers_callback.empty()) api.call(kAnswerCallbackQuery, answer_callback_query(message.answers_callback));
    // A long text goes in parts; a retry after a failed part sends the earlier parts again, which
    // Telegram offers no way to avoid (sendMessage has no idempotency key).
    for (const auto& request : send_message_requests(address, message)) {
      auto answer = api.call(kSendMessage, request);
      if ((result = result_from_response(answer.status, answer.body))) break;
    }
  } catch (const http::NetworkError& e) {
    result = SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = e.what()};
  }
  give_back(std::move(api));
  return result;
}

BotApi TelegramChannel::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto api = std::move(idle_.back());
      idle_.pop_back();
      return api;
    }
  }
  return BotApi(api_url_, token_, options_);
}

void TelegramChannel::give_back(BotApi api) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(api));
}

}  // namespace buurtbot::adapters::telegram
