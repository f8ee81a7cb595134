#include "adapters/telegram/webhook.hpp"

#include <openssl/crypto.h>

namespace buurtbot::adapters::telegram {

bool same_secret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;  // no secret configured: nobody may post
  // Compare equal lengths only, and always as many bytes as the expected secret has.
  std::string padded(given.substr(0, expected.size()));
  padded.resize(expected.size(), '\0');
  const bool bytes_equal = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
  return bytes_equal && given.size() == expected.size();
}

WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const ParseOptions& options) {
  if (!secret_header || !same_secret(*secret_header, expected_secret)) return {401, "wrong or missing secret token", {}};
  auto parsed = parse_update(body, options);
  if (parsed.invalid()) return {400, parsed.error, {}};
  if (!parsed.message) return {200, "ignored: " + parsed.ignored, {}};
  return {200, "", std::move(parsed.message)};
}

}  // namespace buurtbot::adapters::telegram
