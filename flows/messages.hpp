#pragma once
// The global texts the code reads from messages.yaml, and the placeholders the code fills in each.
// One table, so the loader can tell a municipality that edited a text which key is missing and which
// placeholder the bot cannot fill, before a resident meets the mistake.

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

/// One global text the code reads, with the placeholders (without braces) it fills in.
struct MessageSpec {
  std::string_view key;
  std::vector<std::string_view> placeholders;
};

/// Every global text the code reads; messages.yaml must have each of them, in nl and en.
const std::vector<MessageSpec>& message_specs();

/// The suffix of a text's variant for channels with buttons ("menu_prompt_buttons").
inline constexpr std::string_view kButtonsVariant = "_buttons";

/// The spec of `key` (of its base key for a `_buttons` variant), or nullptr when the code does not read that key.
const MessageSpec* find_message_spec(std::string_view key);

/// The placeholder names a text uses, in order, read the way `fill` reads them ("{ref}" → "ref").
std::vector<std::string> placeholders_in(std::string_view text);

}  // namespace buurtbot::flows
