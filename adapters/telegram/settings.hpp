#pragma once
// The Telegram channel's own config section (`telegram:`): declared here, read and checked by config/
// like every other key, and read back into a plain struct for the channel.

#include "config/config.hpp"

#include <string>

namespace buurtbot::adapters::telegram {

/// Telegram's limits on sending, which the outbox keeps to.
struct RateSettings {
  int global_per_s = 30;
  int chat_per_s = 1;
  int group_per_min = 20;
};

/// Webhook or long polling, where the secrets are, and how fast to send.
struct TelegramSettings {
  bool enabled = false;
  std::string mode = "webhook";  ///< "webhook" or "polling"
  std::string api_url = "https://api.telegram.org";
  std::string token_env = "BUURTBOT_TELEGRAM_TOKEN";
  std::string secret_env = "BUURTBOT_TELEGRAM_SECRET";
  std::string bot_username;
  int poll_timeout_s = 30;  ///< long-poll timeout of getUpdates
  int api_timeout_s = 30;   ///< how long a send waits for the Bot API's answer before it counts as failed
  int senders = 8;          ///< sends in flight at once, each to another chat: a round trip no longer caps the rate
  RateSettings rate;
};

/// The `telegram:` section's keys with the defaults above, for config loading.
config::SectionSpec settings_section();

/// The section as loaded into `config`.
TelegramSettings settings_of(const config::Config& config);

}  // namespace buurtbot::adapters::telegram
