#pragma once
// `buurtbot matrix login`: the bot account's password exchanged once for an access token, for sync mode
// on a homeserver where buurtbot is an ordinary account (Client-Server API, POST /login, m.login.password).

#include <nlohmann/json.hpp>

#include <string>
#include <variant>

namespace buurtbot::adapters::matrix {

/// What the homeserver gave for the password.
struct Login {
  std::string user_id;
  std::string access_token;
  std::string device_id;
};

/// The body of POST /_matrix/client/v3/login: `user` is a localpart or a full user id.
nlohmann::json login_request(const std::string& user, const std::string& password);

/// The login from the homeserver's answer, or why there is none, in words for the person at the terminal.
std::variant<Login, std::string> login_of(int status, const std::string& body);

}  // namespace buurtbot::adapters::matrix
