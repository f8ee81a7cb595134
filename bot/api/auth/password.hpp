#pragma once
// Officers' secrets: scrypt password hashes (OpenSSL 3's EVP_KDF), and SHA-256 for storing tokens
// (bot/core/random_token.hpp) without being able to give them back.

#include "bot/core/digest.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace buurtbot::auth {

/// scrypt's cost: N (a power of two), r and p. The defaults cost about 32 MiB and a few tens of
/// milliseconds per hash; tests pass a cheaper N.
struct ScryptParams {
  std::uint64_t n = std::uint64_t{1} << 15;
  std::uint32_t r = 8;
  std::uint32_t p = 1;
};

/// Hashes a password with a fresh 16-byte salt, as "scrypt$N$r$p$salt_b64$hash_b64".
std::string hash_password(std::string_view password, const ScryptParams& params = {});

/// True when `password` matches `stored` (from hash_password), compared in constant time; false for a
/// malformed hash or parameters beyond what this binary accepts.
bool verify_password(std::string_view password, std::string_view stored);

/// A hash in the stored form that no password matches, to verify against when the login is unknown so
/// that a wrong login costs as much time as a wrong password.
std::string_view unmatchable_hash();

/// Tokens are stored as their SHA-256 (bot/core/digest.hpp).
using ::buurtbot::sha256_hex;

/// True when both texts are equal, taking the same time wherever they differ (lengths may leak).
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace buurtbot::auth
