#pragma once
// Telegram updates to normalized messages: pure functions, no I/O, the same for webhook and long polling.

#include "bot/core/message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::telegram {

/// The channel's name in identities, conversations and the outbox.
inline constexpr const char* kChannel = "telegram";

/// What the parser needs to know about our own bot.
struct ParseOptions {
  std::string bot_username;  ///< without "@", compared case-insensitively; when empty, "/cmd@anybot" is ignored
};

/// The outcome of parsing one update: a message, nothing we handle, or a body that is not an Update.
struct ParseResult {
  std::optional<InboundMessage> message;  ///< set when the update is one we handle
  std::string error;    ///< why the body is not an Update (the webhook answers 400); empty otherwise
  std::string ignored;  ///< why a valid update yields no message (the webhook answers 200), for a debug log

  /// True when the body can never be processed, however often Telegram retries it.
  bool invalid() const { return !error.empty(); }
};

/// Parses one webhook body (a JSON Update) into at most one normalized message.
ParseResult parse_update(std::string_view body, const ParseOptions& options);

/// Translates one Update already read as JSON, such as one element of a getUpdates result.
ParseResult translate_update(const nlohmann::json& update, const ParseOptions& options);

}  // namespace buurtbot::adapters::telegram
