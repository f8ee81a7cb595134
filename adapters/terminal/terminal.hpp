#pragma once
// The terminal channel: one person typing lines, the bot's replies printed with numbered choices.

#include "bot/core/message.hpp"

#include <cstdint>
#include <string>

namespace buurtbot::adapters::terminal {

/// The channel's name in identities, conversations and the outbox.
inline constexpr const char* kChannel = "terminal";

/// One typed line from `name`, as a normalized message. `event` makes the journal key unique.
InboundMessage parse_line(const std::string& name, const std::string& line, const std::string& event);

/// A reply as terminal text: the message, then each choice on its own numbered line.
std::string render(const OutboundMessage& message);

}  // namespace buurtbot::adapters::terminal
