#pragma once
// Telegram's outbound side for the outbox: sendMessage (split, escaped, with buttons) and the
// acknowledgement of a pressed button.

#include "adapters/channel.hpp"
#include "adapters/telegram/bot_api.hpp"

namespace buurtbot::adapters::telegram {

/// Delivers outbox rows to Telegram chats.
class TelegramChannel final : public Channel {
 public:
  explicit TelegramChannel(BotApi api) : api_(std::move(api)) {}

  std::string_view name() const override { return "telegram"; }
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  BotApi api_;
};

}  // namespace buurtbot::adapters::telegram
