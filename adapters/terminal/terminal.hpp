#pragma once
// The terminal channel: one person typing lines, the bot's replies printed with numbered choices.

#include "bot/core/channel.hpp"
#include "bot/core/message.hpp"

#include <ostream>

#include <cstdint>
#include <string>

namespace buurtbot::adapters::terminal {

/// The channel's name in identities, conversations and the outbox.
inline constexpr const char* kChannel = "terminal";

/// One typed line from `name`, as a normalized message. `event` makes the journal key unique.
InboundMessage parse_line(const std::string& name, const std::string& line, const std::string& event);

/// A reply as terminal text: the message, then each choice on its own numbered line.
std::string render(const OutboundMessage& message);

/// The terminal's outbound side: each message printed to the person at the keyboard, control characters
/// shown rather than obeyed. It has no inbound routes: `buurtbot chat` reads the lines and journals them.
class TerminalChannel final : public Channel {
 public:
  explicit TerminalChannel(std::ostream& out) : out_(out) {}

  std::string_view name() const override { return kChannel; }
  /// One sender, no limits: a terminal takes what it is given.
  DeliveryPolicy delivery() const override { return {}; }
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  std::ostream& out_;
};

}  // namespace buurtbot::adapters::terminal
