#pragma once
// Calls to the homeserver's client-server API as the bot user, over one kept-alive connection. The
// bearer token is the Application Service's as_token, or in sync mode the bot account's access token.

#include "bot/http/client.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::matrix {

/// One connection to the homeserver. Not thread-safe: each thread (a sender, the inbound thread) has its own.
class Homeserver final {
 public:
  Homeserver(const std::string& url, const std::string& as_token, http::ClientOptions options = {});

  /// Sends one `m.room.message` with `content` to `room_id` under `txn_id`; throws http::NetworkError.
  http::Response send(std::string_view room_id, std::string_view txn_id, const nlohmann::json& content);

  /// Joins `room_id` (after an invite); throws http::NetworkError.
  http::Response join(std::string_view room_id);

  /// Leaves `room_id`, or rejects an invite to it; throws http::NetworkError.
  http::Response leave(std::string_view room_id);

  /// One /sync from `since` (empty: the first), waiting up to `timeout_ms` for something new; throws
  /// http::NetworkError. The connection's read timeout must be longer than `timeout_ms`.
  http::Response sync(std::string_view since, int timeout_ms, std::string_view filter);

  /// The joined members of `room_id`; throws http::NetworkError.
  http::Response joined_members(std::string_view room_id);

 private:
  std::unique_ptr<http::Client> client_;  ///< behind a pointer so a Homeserver can move into its owner
};

/// The value of a response header (names are lower case), nullopt when absent.
std::optional<std::string> header_of(const http::Response& response, std::string_view name);

}  // namespace buurtbot::adapters::matrix
