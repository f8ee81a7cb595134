#pragma once
// Secrets handled safely: a one-way digest for those stored to be recognised, never read back (session
// tokens, link codes), and a comparison that does not tell how much of a guessed secret was right.

#include <string>
#include <string_view>

namespace buurtbot {

/// The SHA-256 of `text` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view text);

/// Equality that takes the same time wherever the first difference is, so a secret (a webhook's token, a
/// homeserver's hs_token) cannot be guessed byte by byte; false when `expected` is empty.
bool same_secret(std::string_view given, std::string_view expected);

}  // namespace buurtbot
