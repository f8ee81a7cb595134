#include "bot/core/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace buurtbot {

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

bool same_secret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;  // no secret configured: nobody may post
  // Compare equal lengths only, and always as many bytes as the expected secret has.
  std::string padded(given.substr(0, expected.size()));
  padded.resize(expected.size(), '\0');
  const bool bytes_equal = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
  return bytes_equal && given.size() == expected.size();
}

}  // namespace buurtbot
