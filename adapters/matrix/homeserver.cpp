#include "adapters/matrix/homeserver.hpp"

#include "adapters/matrix/render.hpp"

namespace buurtbot::adapters::matrix {
namespace {

http::ClientOptions with_token(http::ClientOptions options, const std::string& as_token) {
  options.headers.emplace_back("Authorization", "Bearer " + as_token);
  return options;
}

}  // namespace

Homeserver::Homeserver(const std::string& url, const std::string& as_token, http::ClientOptions options)
    : client_(std::make_unique<http::Client>(url, with_token(std::move(options), as_token))) {}

http::Response Homeserver::send(std::string_view room_id, std::string_view txn_id, const nlohmann::json& content) {
  return client_->request("PUT", send_path(room_id, txn_id), "application/json", content.dump());
}

http::Response Homeserver::join(std::string_view room_id) {
  return client_->request("POST", join_path(room_id), "application/json", "{}");
}

http::Response Homeserver::leave(std::string_view room_id) {
  return client_->request("POST", leave_path(room_id), "application/json", "{}");
}

http::Response Homeserver::sync(std::string_view since, int timeout_ms, std::string_view filter) {
  return client_->request("GET", sync_path(since, timeout_ms, filter), "", "");
}

http::Response Homeserver::joined_members(std::string_view room_id) {
  return client_->request("GET", joined_members_path(room_id), "", "");
}

std::optional<std::string> header_of(const http::Response& response, std::string_view name) {
  for (const auto& [field, value] : response.headers)
    if (field == name) return value;
  return std::nullopt;
}

}  // namespace buurtbot::adapters::matrix
