#include "adapters/telegram/channel.hpp"

#include "adapters/telegram/parse.hpp"
#include "adapters/telegram/render.hpp"

namespace buurtbot::adapters::telegram {

SendResult TelegramChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t) {
  try {
    // A stale button press only leaves a spinner; it never holds up the message itself.
    if (!message.answers_callback.empty()) api_.call(kAnswerCallbackQuery, answer_callback_query(message.answers_callback));
    // A long text goes in parts; a retry after a failed part sends the earlier parts again, which
    // Telegram offers no way to avoid (sendMessage has no idempotency key).
    for (const auto& request : send_message_requests(address, message)) {
      auto answer = api_.call(kSendMessage, request);
      if (auto error = result_from_response(answer.status, answer.body)) return error;
    }
    return std::nullopt;
  } catch (const http::NetworkError& e) {
    return SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = e.what()};
  }
}

}  // namespace buurtbot::adapters::telegram
