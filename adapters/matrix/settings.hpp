#pragma once
// The Matrix channel's own config section (`matrix:`): declared here, read and checked by config/
// like every other key, and read back into a plain struct for the channel.

#include "config/config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::matrix {

/// How fast buurtbot sends to the homeserver, which the outbox keeps to.
struct RateSettings {
  int global_per_s = 20;  ///< every send of the bot together
  int room_per_s = 0;     ///< one room; 0: no limit of its own
};

/// The Application Service's identity, where its secrets are, and how fast to send.
struct MatrixSettings {
  bool enabled = false;
  std::string mode = "appservice";  ///< "appservice" (the homeserver pushes) or "sync" (an ordinary account polls)
  std::string homeserver_url = "http://127.0.0.1:8008";
  std::string appservice_id = "buurtbot";          ///< the registration's `id`
  std::string appservice_url = "http://127.0.0.1:8080";  ///< where the homeserver reaches buurtbot (registration `url`)
  std::string as_token_env = "BUURTBOT_MATRIX_AS_TOKEN";
  std::string hs_token_env = "BUURTBOT_MATRIX_HS_TOKEN";
  std::string access_token_env = "BUURTBOT_MATRIX_ACCESS_TOKEN";  ///< sync mode: the bot account's token
  int sync_timeout_s = 30;  ///< sync mode: how long one /sync waits for something new
  std::string sender_localpart = "buurtbot";
  std::string server_name = "localhost";  ///< the homeserver's name, the part after ':' in user ids
  /// Homeservers whose users may invite the bot, comma-separated; empty: server_name only; "*": any.
  std::string allowed_homeservers;
  int api_timeout_s = 30;  ///< how long a call to the homeserver waits before it counts as failed
  int senders = 4;         ///< sends in flight at once, each to another room
  RateSettings rate;

  /// The bot's own user id, "@<sender_localpart>:<server_name>" (in sync mode: the bot account).
  std::string user_id() const { return "@" + sender_localpart + ":" + server_name; }
  /// The homeservers whose users may invite the bot, as a list ("*" stands for any).
  std::vector<std::string> allowed_servers() const;
};

/// The `matrix:` section's keys with the defaults above, for config loading.
config::SectionSpec settings_section();

/// The section as loaded into `config`.
MatrixSettings settings_of(const config::Config& config);

}  // namespace buurtbot::adapters::matrix
