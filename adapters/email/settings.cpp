#include "adapters/email/settings.hpp"

namespace buurtbot::adapters::email {

std::string EmailSettings::domain() const {
  const auto at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(at + 1);
}

config::SectionSpec settings_section() {
  const EmailSettings d;
  return {"email",
          {
              config::flag_setting("enabled", d.enabled),
              config::text_setting("address", d.address),
              config::text_setting("display_name", d.display_name),
              config::text_setting("webhook_secret_env", d.webhook_secret_env),
              config::whole_setting("auto_reply_limit_per_hour", d.auto_reply_limit_per_hour, 0, 10000),
              config::text_setting("smtp_url", d.smtp_url),
              config::text_setting("smtp_user_env", d.smtp_user_env),
              config::text_setting("smtp_password_env", d.smtp_password_env),
              config::whole_setting("smtp_timeout_s", d.smtp_timeout_s, 1, 600),
              config::whole_setting("senders", d.senders, 1, 32),
          }};
}

EmailSettings settings_of(const config::Config& config) {
  const config::Settings& s = config.section("email");
  return {.enabled = s.flag("enabled"),
          .address = s.text("address"),
          .display_name = s.text("display_name"),
          .webhook_secret_env = s.text("webhook_secret_env"),
          .auto_reply_limit_per_hour = s.whole("auto_reply_limit_per_hour"),
          .smtp_url = s.text("smtp_url"),
          .smtp_user_env = s.text("smtp_user_env"),
          .smtp_password_env = s.text("smtp_password_env"),
          .smtp_timeout_s = s.whole("smtp_timeout_s"),
          .senders = s.whole("senders")};
}

}  // namespace buurtbot::adapters::email
