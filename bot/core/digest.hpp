#pragma once
// A one-way digest for secrets that are stored to be recognised, never read back (session tokens, link codes).

#include <string>
#include <string_view>

namespace buurtbot {

/// The SHA-256 of `text` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view text);

}  // namespace buurtbot
