#include "adapters/telegram/settings.hpp"

namespace buurtbot::adapters::telegram {

config::SectionSpec settings_section() {
  const TelegramSettings d;
  return {"telegram",
          {
              config::flag_setting("enabled", d.enabled),
              config::one_of_setting("mode", d.mode, {"webhook", "polling"}),
              config::text_setting("api_url", d.api_url),
              config::text_setting("token_env", d.token_env),
              config::text_setting("secret_env", d.secret_env),
              config::optional_text_setting("bot_username", d.bot_username),
              config::whole_setting("poll_timeout_s", d.poll_timeout_s, 0, 50),
              config::whole_setting("api_timeout_s", d.api_timeout_s, 1, 300),
              config::whole_setting("senders", d.senders, 1, 64),
              config::whole_setting("rate.global_per_s", d.rate.global_per_s, 0, 100000),
              config::whole_setting("rate.chat_per_s", d.rate.chat_per_s, 0, 100000),
              config::whole_setting("rate.group_per_min", d.rate.group_per_min, 0, 100000),
          }};
}

TelegramSettings settings_of(const config::Config& config) {
  const config::Settings& s = config.section("telegram");
  return {.enabled = s.flag("enabled"),
          .mode = s.text("mode"),
          .api_url = s.text("api_url"),
          .token_env = s.text("token_env"),
          .secret_env = s.text("secret_env"),
          .bot_username = s.text("bot_username"),
          .poll_timeout_s = s.whole("poll_timeout_s"),
          .api_timeout_s = s.whole("api_timeout_s"),
          .senders = s.whole("senders"),
          .rate = {.global_per_s = s.whole("rate.global_per_s"),
                   .chat_per_s = s.whole("rate.chat_per_s"),
                   .group_per_min = s.whole("rate.group_per_min")}};
}

}  // namespace buurtbot::adapters::telegram
