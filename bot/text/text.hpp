#pragma once
// The string helpers every part needs, once: trimming, lower case, counting characters, typos, and
// making untrusted text safe to store and to print. UTF-8 in, UTF-8 out; only ASCII letters change case.

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

/// The text as valid UTF-8: every byte that is not part of a well-formed character becomes U+FFFD, so
/// bytes a channel let through never stop a JSON encoder or the journal.
std::string valid_utf8(std::string_view text);

/// True when the text holds a control character (C0, DEL or C1), newline and tab included: such a text
/// does not belong in a one-line field such as a name or a title.
bool has_control_characters(std::string_view text);

/// A name as a channel gives it, made one line: line breaks and tabs become spaces, other control
/// characters go, invalid UTF-8 becomes U+FFFD, and the ends are trimmed.
std::string one_line(std::string_view text);

/// The text as a terminal should print it: control characters other than newline and tab are shown
/// as `\x1b` or `\u009b` rather than obeyed, and invalid UTF-8 becomes U+FFFD.
std::string terminal_safe(std::string_view text);

/// The text for HTML, as text and inside attribute values: &, <, >, " and ' escaped.
std::string escape_html(std::string_view text);

/// The start of a UTF-8 text, at most `max_bytes` long, cut before a character rather than inside one.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace buurtbot
