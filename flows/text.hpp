#pragma once
// Small string helpers the engine, the validators and the loader share. UTF-8 in, UTF-8 out;
// only ASCII letters change case, other bytes pass through untouched.

#include "bot/text/text.hpp"

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

/// Placeholder values by name, for `{name}` in texts.
using Vars = std::map<std::string, std::string, std::less<>>;

// Trimming, lower case and counting characters are shared with the rest of the bot.
using buurtbot::code_points;
using buurtbot::lower;
using buurtbot::trim;

/// The text in the form used to compare typed words: lower case, no spaces or punctuation at
/// either end, runs of spaces inside made one.
std::string simplify(std::string_view text);

/// True when `text` is a greeting and nothing more ("Hoi!", "goedemorgen"): outside a flow it gets the
/// welcome, on every channel.
bool is_greeting(std::string_view text);

/// The non-empty items of a comma-separated list, trimmed.
std::vector<std::string> split_list(std::string_view list);

/// True when the comma-separated `list` holds `item`.
bool list_contains(std::string_view list, std::string_view item);

/// The parts one after another (instead of chains of `+`, which GCC 12 warns about falsely at -O2).
std::string concat(std::initializer_list<std::string_view> parts);

/// The items joined with `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

/// The template with each `{name}` replaced by its value. In a text of several lines, a line whose
/// placeholder has no value (or an empty one) is left out; values are inserted once, never re-read.
std::string fill(std::string_view text, const Vars& vars);

}  // namespace buurtbot::flows
