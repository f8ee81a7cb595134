#pragma once
// Telegram's outbound side for the outbox: sendMessage (split, escaped, with buttons) and the
// acknowledgement of a pressed button.

#include "bot/core/channel.hpp"
#include "adapters/telegram/bot_api.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace buurtbot::adapters::telegram {

/// Delivers outbox rows to Telegram chats. Several sends may run at once, from several threads: each
/// takes a kept-alive connection of its own, opened when none is free.
class TelegramChannel final : public Channel {
 public:
  TelegramChannel(std::string api_url, std::string token, http::ClientOptions options = {});

  std::string_view name() const override { return "telegram"; }
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  BotApi borrow();
  void give_back(BotApi api);

  std::string api_url_;
  std::string token_;  ///< never logged: it is in every path
  http::ClientOptions options_;
  std::mutex mutex_;
  std::vector<BotApi> idle_;  ///< connections not in use, the most recently used last
};

}  // namespace buurtbot::adapters::telegram
