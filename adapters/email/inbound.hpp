#pragma once
// The webhook's checks, before anything is stored: the secret, then the mail, then the loop guards.
// Pure: what to answer and what to journal.

#include "adapters/email/parse.hpp"
#include "adapters/email/thread.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::email {

/// The webhook's path: a mail server's pipe or a provider's raw-MIME route posts one mail here.
inline constexpr const char* kWebhookPath = "/webhook/email";
/// The header carrying the shared secret.
inline constexpr const char* kSecretHeader = "x-buurtbot-secret";
/// The channel's name in identities, conversations and outbox rows.
inline constexpr const char* kChannel = "email";

/// What to do with one posted mail: answer `status` at once, or journal `message` first.
struct WebhookVerdict {
  int status = 200;
  std::string reason;  ///< for the log and the response body; never the secret, never the mail's text
  std::optional<InboundMessage> message;
};

/// The mail as the journal keeps it: the sender's address is the conversation and the identity, the
/// Message-ID the journal key, the text what the flows read (`commands`: the words that start a flow).
InboundMessage to_inbound(const ParsedMail& mail, const MailCommands& commands);

/// What the checks of a mail need to know, whichever way it came.
struct MailRules {
  std::string our_address;         ///< the municipality's address, for the loop guards
  MailCommands commands;           ///< the words that start a flow
  std::string unsubscribe_secret;  ///< the key of news's unsubscribe tokens; empty: no unsubscribing by mail
};

/// What to do with one mail, whichever way it came (the webhook, a mailbox): journal `message`, or nothing.
struct MailVerdict {
  std::optional<InboundMessage> message;
  std::string reason;       ///< why nothing, or that it is a bounce; empty for a person's mail
  bool unreadable = false;  ///< no mail we can read (reason says why)
};

/// Reads the mail. A mail to the mailto: address of news's List-Unsubscribe becomes that stop's
/// "unsubscribe" event, as the one-click POST does. Then the loop guards: automatic mail gives no
/// message, except a bounce, which becomes the failed address's "bot_removed" so nothing more is sent there.
MailVerdict check_mail(std::string_view raw, const MailRules& rules);

/// The refusal of a request whose secret is missing (401) or wrong (403), compared in constant time;
/// nothing when it is right. Asked from the header alone, before the body is read, and again by
/// check_webhook.
std::optional<WebhookVerdict> wrong_secret(const std::optional<std::string>& secret_header, const std::string& expected_secret);

/// Compares the secret in constant time (none: 401, wrong: 403), then reads the mail (broken: 400).
/// Automatic mail is answered 200 and never journaled, except a bounce, which is journaled as the
/// failed address's "bot_removed" so nothing more is sent there.
WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const MailRules& rules);

}  // namespace buurtbot::adapters::email
