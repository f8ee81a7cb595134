#pragma once
// Typed commands ("/steun BI-2026-0001"), read the same way on every channel. A channel with its own
// spelling (Telegram's "/steun@buurtbot") turns it into this one before the message reaches us.

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::flows {

/// A command as a resident typed it: the word without the slash, and what follows it.
struct Command {
  std::string word;  ///< in lower case, so "/STEUN" and "/steun" are one command
  std::string args;  ///< the rest of the text, trimmed; empty when there is none
};

/// The command `text` starts with, or nothing when it is not a command (no slash, or no word after it).
/// A deep link "/start steun_BI-2026-0042" is the command it names: {steun, BI-2026-0042}.
std::optional<Command> parse_command(std::string_view text);

}  // namespace buurtbot::flows
