#include "adapters/matrix/login.hpp"

namespace buurtbot::adapters::matrix {

nlohmann::json login_request(const std::string& user, const std::string& password) {
  // The device's name shows in the account's session list, so whoever tidies it knows what it is.
  return {{"type", "m.login.password"},
          {"identifier", {{"type", "m.id.user"}, {"user", user}}},
          {"password", password},
          {"initial_device_display_name", "buurtbot"}};
}

std::variant<Login, std::string> login_of(int status, const std::string& body) {
  const auto answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto text = [&](const char* key) {
    return answer.is_object() && answer.contains(key) && answer[key].is_string() ? answer[key].get<std::string>() : "";
  };
  if (status == 200 && !text("access_token").empty())
    return Login{.user_id = text("user_id"), .access_token = text("access_token"), .device_id = text("device_id")};
  if (status == 403) return "the homeserver refused the user or the password (" + text("errcode") + ")";
  if (status == 429) return "the homeserver asks to wait before the next try (M_LIMIT_EXCEEDED)";
  if (status == 200) return "the homeserver's answer has no access_token";
  return "the homeserver answered " + std::to_string(status) + (text("errcode").empty() ? "" : " " + text("errcode")) +
         (text("error").empty() ? "" : ": " + text("error"));
}

}  // namespace buurtbot::adapters::matrix
