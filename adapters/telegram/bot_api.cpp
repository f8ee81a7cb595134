#include "adapters/telegram/bot_api.hpp"

namespace buurtbot::adapters::telegram {

nlohmann::json ApiAnswer::json() const { return nlohmann::json::parse(body, nullptr, false); }

BotApi::BotApi(const std::string& api_url, std::string token, http::ClientOptions options)
    : client_(std::make_unique<http::Client>(api_url, std::move(options))), token_(std::move(token)) {}

ApiAnswer BotApi::call(const std::string& method, const nlohmann::json& body) {
  auto response = client_->post("/bot" + token_ + "/" + method, "application/json", body.dump());
  return {response.status, std::move(response.body)};
}

}  // namespace buurtbot::adapters::telegram
