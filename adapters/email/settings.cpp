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
              config::text_setting("unsubscribe_secret_env", d.unsubscribe_secret_env),
              config::whole_setting("auto_reply_limit_per_hour", d.auto_reply_limit_per_hour, 0, 10000),
              config::text_setting("smtp_url", d.smtp_url),
              config::text_setting("smtp_user_env", d.smtp_user_env),
              config::text_setting("smtp_password_env", d.smtp_password_env),
              config::whole_setting("smtp_timeout_s", d.smtp_timeout_s, 1, 600),
              config::whole_setting("senders", d.senders, 1, 32),
              config::whole_setting("max_message_bytes", d.max_message_bytes, 1024, 1 << 30),
              config::flag_setting("imap.enabled", d.imap.enabled),
              config::optional_text_setting("imap.host", d.imap.host),
              config::whole_setting("imap.port", d.imap.port, 1, 65535),
              config::flag_setting("imap.starttls", d.imap.starttls),
              config::optional_text_setting("imap.user", d.imap.user),
              config::text_setting("imap.password_env", d.imap.password_env),
              config::text_setting("imap.mailbox", d.imap.mailbox),
              config::optional_text_setting("imap.ca_file", d.imap.ca_file),
              config::whole_setting("imap.poll_seconds", d.imap.poll_seconds, 1, 3600),
              config::one_of_setting("imap.after_import", d.imap.after_import, {"seen", "leave", "move"}),
              config::optional_text_setting("imap.move_to", d.imap.move_to),
              config::whole_setting("imap.timeout_s", d.imap.timeout_s, 1, 600),
              config::whole_setting("imap.batch", d.imap.batch, 1, 500),
          }};
}

EmailSettings settings_of(const config::Config& config) {
  const config::Settings& s = config.section("email");
  return {.enabled = s.flag("enabled"),
          .address = s.text("address"),
          .display_name = s.text("display_name"),
          .webhook_secret_env = s.text("webhook_secret_env"),
          .unsubscribe_secret_env = s.text("unsubscribe_secret_env"),
          .auto_reply_limit_per_hour = s.whole("auto_reply_limit_per_hour"),
          .smtp_url = s.text("smtp_url"),
          .smtp_user_env = s.text("smtp_user_env"),
          .smtp_password_env = s.text("smtp_password_env"),
          .smtp_timeout_s = s.whole("smtp_timeout_s"),
          .senders = s.whole("senders"),
          .max_message_bytes = s.whole("max_message_bytes"),
          .imap = {.enabled = s.flag("imap.enabled"),
                   .host = s.text("imap.host"),
                   .port = s.whole("imap.port"),
                   .starttls = s.flag("imap.starttls"),
                   .user = s.text("imap.user"),
                   .password_env = s.text("imap.password_env"),
                   .mailbox = s.text("imap.mailbox"),
                   .ca_file = s.text("imap.ca_file"),
                   .poll_seconds = s.whole("imap.poll_seconds"),
                   .after_import = s.text("imap.after_import"),
                   .move_to = s.text("imap.move_to"),
                   .timeout_s = s.whole("imap.timeout_s"),
                   .batch = s.whole("imap.batch")}};
}

}  // namespace buurtbot::adapters::email
