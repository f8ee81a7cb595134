#include "flows/command.hpp"

#include "flows/text.hpp"

#include <algorithm>

namespace buurtbot::flows {

namespace {

// A deep link's start parameter ("steun_BI-2026-0042", from t.me/<bot>?start=… or a web link) is the
// command it names with its argument; Telegram allows only letters, digits, _ and - in it.
Command from_deep_link(Command start) {
  const auto underscore = start.args.find('_');
  if (underscore == std::string::npos || underscore == 0 || start.args.find(' ') != std::string::npos) return start;
  return Command{lower(start.args.substr(0, underscore)), start.args.substr(underscore + 1)};
}

}  // namespace

std::optional<Command> parse_command(std::string_view text) {
  const auto trimmed = trim(text);
  if (trimmed.size() < 2 || trimmed.front() != '/') return std::nullopt;
  const auto word_end = std::min(trimmed.find_first_of(" \t\r\n"), trimmed.size());
  if (word_end == 1) return std::nullopt;
  Command command{lower(trimmed.substr(1, word_end - 1)), trim(std::string_view(trimmed).substr(word_end))};
  return command.word == "start" ? from_deep_link(std::move(command)) : command;
}

}  // namespace buurtbot::flows
