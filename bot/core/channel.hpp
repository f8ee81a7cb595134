#pragma once
// A channel as the outbox sees it: a name, and a way to deliver one message to one conversation.

#include "bot/core/message.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace buurtbot {

/// Why a send failed, in the terms the outbox needs to decide: retry, wait, or give up.
struct SendError {
  int status = 0;                          ///< HTTP status, 0 when the request never got an answer
  std::chrono::milliseconds retry_after{}; ///< the channel asked us to wait this long (Telegram 429, Matrix M_LIMIT_EXCEEDED)
  bool network = false;                    ///< connection refused, reset or timed out
  bool unreachable = false;                ///< the person blocked the bot or it left the chat: stop sending there
  std::string detail;                      ///< the channel's own description, for officers

  /// True when trying again later may succeed.
  bool retryable() const { return !unreachable && (network || status == 429 || status >= 500); }
};

/// Empty when delivered.
using SendResult = std::optional<SendError>;

/// One channel's outbound side. Implementations are `final` and hold their own connections; send() is
/// called from several threads at once when the outbox has more than one sender for the channel.
class Channel {
 public:
  virtual ~Channel() = default;
  /// The channel's name as stored in identities and outbox rows ("telegram").
  virtual std::string_view name() const = 0;
  /// Delivers one message; `idempotency_key` is the outbox id, reused on every retry of the same row.
  virtual SendResult send(const std::string& address, const OutboundMessage& message,
                          std::int64_t idempotency_key) = 0;
};

}  // namespace buurtbot
