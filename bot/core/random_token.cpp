#include "bot/core/random_token.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace buurtbot {
namespace {

constexpr std::size_t kTokenBytes = 32;

}  // namespace

std::string random_token() {
  std::array<unsigned char, kTokenBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the system's random generator failed");
  std::string token(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(token.data()), bytes.data(),
                                      static_cast<int>(bytes.size()));
  token.resize(static_cast<std::size_t>(written));
  // base64 to base64url, without padding: the token goes into cookies, URLs and headers as it is.
  while (!token.empty() && token.back() == '=') token.pop_back();
  for (char& c : token) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return token;
}

}  // namespace buurtbot
