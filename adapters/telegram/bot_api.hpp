#pragma once
// Calls to the Telegram Bot API (`<api_url>/bot<token>/<method>`), over one kept-alive connection.

#include "bot/http/client.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace buurtbot::adapters::telegram {

/// The answer of one Bot API call: the HTTP status and the raw body.
struct ApiAnswer {
  int status = 0;
  std::string body;

  /// The parsed body, or a null JSON when it is not JSON.
  nlohmann::json json() const;
};

/// One bot's API. Not thread-safe: each thread (outbox worker, poller) has its own.
class BotApi final {
 public:
  BotApi(const std::string& api_url, std::string token, http::ClientOptions options = {});

  /// POSTs `body` as JSON to `method`; throws http::NetworkError when no answer came.
  ApiAnswer call(const std::string& method, const nlohmann::json& body);

 private:
  std::unique_ptr<http::Client> client_;  ///< behind a pointer so a BotApi can move into its owner
  std::string token_;  ///< never logged: it is in every path
};

}  // namespace buurtbot::adapters::telegram
