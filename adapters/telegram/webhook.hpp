#pragma once
// The Telegram webhook's checks, before anything is stored: the secret token, then the body.

#include "adapters/telegram/parse.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::telegram {

/// The header Telegram sends with the secret token given to setWebhook.
inline constexpr const char* kSecretHeader = "x-telegram-bot-api-secret-token";

/// What to do with one webhook request: answer `status` at once, or journal `message` first.
struct WebhookVerdict {
  int status = 200;
  std::string reason;  ///< for the log and the response body; never the secret
  std::optional<InboundMessage> message;
};

/// The refusal of a request whose secret is missing or wrong (401), compared in constant time; nothing
/// when it is right. Asked from the header alone, before the body is read, and again by check_webhook.
std::optional<WebhookVerdict> wrong_secret(const std::optional<std::string>& secret_header, const std::string& expected_secret);

/// Compares the secret in constant time (a wrong secret or none: 401), then parses the update
/// (not an update: 400; an update we don't handle: 200 with nothing to store).
WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const ParseOptions& options);

}  // namespace buurtbot::adapters::telegram
