#include "flows/command.hpp"

#include "flows/text.hpp"

#include <algorithm>

namespace buurtbot::flows {

std::optional<Command> parse_command(std::string_view text) {
  const auto trimmed = trim(text);
  if (trimmed.size() < 2 || trimmed.front() != '/') return std::nullopt;
  const auto word_end = std::min(trimmed.find_first_of(" \t\r\n"), trimmed.size());
  if (word_end == 1) return std::nullopt;
  return Command{lower(trimmed.substr(1, word_end - 1)), trim(std::string_view(trimmed).substr(word_end))};
}

}  // namespace buurtbot::flows
