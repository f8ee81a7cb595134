// Telegram webhook bodies and getUpdates entries: parse_update must answer every byte string with a
// message, an ignore or an error, and never crash, leak or overflow.
#include "adapters/telegram/parse.hpp"
#include "adapters/telegram/webhook.hpp"
#include "fuzz/common.hpp"

namespace telegram = buurtbot::adapters::telegram;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = buurtbot::fuzz::as_text(data, size);
  const telegram::ParseOptions options{.bot_username = "buurtbot_test_bot"};
  auto result = telegram::parse_update(body, options);
  // A result is exactly one of the three.
  if (result.invalid() && result.message) std::abort();
  // The webhook's door, as a request with the right secret meets it.
  auto verdict = telegram::check_webhook(std::string("secret"), body, "secret", options);
  if (verdict.message.has_value() != result.message.has_value()) std::abort();
  return 0;
}
