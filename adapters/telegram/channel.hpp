#pragma once
// The Telegram channel: updates come in by webhook or long polling, messages go out with sendMessage
// (split, escaped, with buttons) and the acknowledgement of a pressed button.

#include "adapters/telegram/bot_api.hpp"
#include "adapters/telegram/parse.hpp"
#include "adapters/telegram/poller.hpp"
#include "bot/core/channel.hpp"
#include "adapters/telegram/settings.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace buurtbot::adapters::telegram {

/// The webhook's path, given to setWebhook.
inline constexpr const char* kWebhookPath = "/webhook/telegram";

/// True for a group or supergroup chat, whose chat ids are negative.
bool is_group_chat(std::string_view address);

/// True for a chat Telegram can send to: a numeric chat id (groups are negative) or a public @username.
bool is_chat_address(std::string_view address);

/// One bot account. Several sends may run at once, from several threads: each takes a kept-alive
/// connection of its own, opened when none is free.
class TelegramChannel final : public Channel {
 public:
  /// `webhook_secret` is the secret token checked on every webhook request (webhook mode only).
  TelegramChannel(const TelegramSettings& config, std::string token, std::string webhook_secret);
  ~TelegramChannel() override;

  std::string_view name() const override { return kChannel; }
  std::vector<InboundRoute> routes(JournalSink& journal) override;
  void start(JournalSink& journal) override;
  void stop() override;
  Capabilities capabilities() const override { return {.buttons = true}; }
  std::optional<StartLink> start_link(std::string_view command) const override;
  bool valid_address(std::string_view address) const override { return is_chat_address(address); }
  DeliveryPolicy delivery() const override;
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  void on_webhook(JournalSink& journal, http::Request request, http::Respond respond) const;
  BotApi borrow();
  void give_back(BotApi api);

  TelegramSettings config_;
  std::string token_;           ///< never logged: it is in every path
  std::string webhook_secret_;  ///< never logged
  ParseOptions parse_options_;
  http::ClientOptions send_options_;
  std::unique_ptr<Poller> poller_;
  std::mutex mutex_;
  std::vector<BotApi> idle_;  ///< connections not in use, the most recently used last
};

/// The channel when the config enables it, else nullptr; throws StartupError when a secret is missing
/// from the environment.
std::unique_ptr<Channel> build(const config::Config& config);

}  // namespace buurtbot::adapters::telegram
