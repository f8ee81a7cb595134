#pragma once
// The e-mail channel's own config section (`email:`): declared here, read and checked by config/ like
// every other key, and read back into a plain struct for the channel. Secrets stay in the environment.

#include "config/config.hpp"

#include <string>

namespace buurtbot::adapters::email {

/// The municipality's address, where its secrets are, how to reach the SMTP server, and how often
/// one person may get an automatic answer.
struct EmailSettings {
  bool enabled = false;
  std::string address = "participatie@gemeente.example";  ///< residents write here; our mail comes from here
  std::string display_name = "Gemeente";                   ///< the name shown with `address` in From
  std::string webhook_secret_env = "BUURTBOT_EMAIL_WEBHOOK_SECRET";
  /// The key that signs the unsubscribe links of news mail (HMAC-SHA256); needed when municipality.public_url is set.
  std::string unsubscribe_secret_env = "BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET";
  int auto_reply_limit_per_hour = 10;  ///< mails to one address per hour; 0: no limit
  std::string smtp_url = "smtp://127.0.0.1:587";  ///< smtps://host:465 (TLS) or smtp://host:587 (STARTTLS when offered)
  std::string smtp_user_env = "BUURTBOT_EMAIL_SMTP_USER";
  std::string smtp_password_env = "BUURTBOT_EMAIL_SMTP_PASSWORD";
  int smtp_timeout_s = 30;  ///< how long one SMTP session may take before it counts as failed
  int senders = 2;          ///< SMTP sessions at once, each to another address
  /// The largest mail taken, whichever way it comes: POST /webhook/email answers larger ones 413 (every
  /// other route keeps server.max_body_bytes), the IMAP import sets them aside in the mailbox.
  int max_message_bytes = 25 << 20;

  /// Reading mail from a mailbox over IMAP (TLS always), besides or instead of the webhook.
  struct Imap {
    bool enabled = false;
    std::string host;                 ///< required when enabled
    int port = 993;
    bool starttls = false;            ///< imap:// upgraded with STARTTLS (port 143) instead of TLS from the start
    std::string user;                 ///< required when enabled
    std::string password_env = "BUURTBOT_EMAIL_IMAP_PASSWORD";
    std::string mailbox = "INBOX";
    std::string ca_file;              ///< a CA file to trust instead of the system's (a self-signed server)
    int poll_seconds = 60;            ///< the longest wait between two looks; with IDLE new mail is read at once
    std::string after_import = "seen";  ///< seen, leave or move
    std::string move_to;              ///< the folder for after_import: move
    int timeout_s = 60;               ///< one IMAP command at most
    int batch = 20;                   ///< mails fetched and stored in one transaction with the position
  } imap;

  /// The part of `address` after '@', for our Message-IDs.
  std::string domain() const;
};

/// The `email:` section's keys with the defaults above, for config loading.
config::SectionSpec settings_section();

/// The section as loaded into `config`.
EmailSettings settings_of(const config::Config& config);

}  // namespace buurtbot::adapters::email
