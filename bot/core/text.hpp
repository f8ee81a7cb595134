#pragma once
// The string helpers every part needs, once: trimming, lower case, counting characters and typos.
// UTF-8 in, UTF-8 out; only ASCII letters change case, other bytes pass through untouched.

#include <cstddef>
#include <string>
#include <string_view>

namespace buurtbot {

/// The text without spaces, tabs and newlines at either end.
std::string trim(std::string_view text);

/// The text with ASCII letters in lower case (header names, commands, typed answers).
std::string lower(std::string_view text);

/// The number of characters (UTF-8 code points), which is what a resident counts.
std::size_t code_points(std::string_view text);

/// Edits (byte inserted, deleted or changed, two neighbours swapped) from `a` to `b`: how far a typo is.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace buurtbot
