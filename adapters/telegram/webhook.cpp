#include "adapters/telegram/webhook.hpp"

#include "bot/core/digest.hpp"

namespace buurtbot::adapters::telegram {

std::optional<WebhookVerdict> wrong_secret(const std::optional<std::string>& secret_header, const std::string& expected_secret) {
  if (!secret_header || !same_secret(*secret_header, expected_secret)) return WebhookVerdict{401, "wrong or missing secret token", {}};
  return std::nullopt;
}

WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const ParseOptions& options) {
  if (auto refused = wrong_secret(secret_header, expected_secret)) return std::move(*refused);
  auto parsed = parse_update(body, options);
  if (parsed.invalid()) return {400, parsed.error, {}};
  if (!parsed.message) return {200, "ignored: " + parsed.ignored, {}};
  return {200, "", std::move(parsed.message)};
}

}  // namespace buurtbot::adapters::telegram
