#include "adapters/matrix/settings.hpp"

#include "bot/text/text.hpp"

namespace buurtbot::adapters::matrix {

std::vector<std::string> MatrixSettings::allowed_servers() const {
  std::vector<std::string> servers;
  std::string_view rest = allowed_homeservers;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto server = trim(rest.substr(0, comma));
    if (!server.empty()) servers.push_back(lower(server));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (servers.empty()) servers.push_back(lower(server_name));
  return servers;
}

config::SectionSpec settings_section() {
  const MatrixSettings d;
  return {"matrix",
          {
              config::flag_setting("enabled", d.enabled),
              config::one_of_setting("mode", d.mode, {"appservice", "sync"}),
              config::text_setting("homeserver_url", d.homeserver_url),
              config::text_setting("appservice_id", d.appservice_id),
              config::text_setting("appservice_url", d.appservice_url),
              config::text_setting("as_token_env", d.as_token_env),
              config::text_setting("hs_token_env", d.hs_token_env),
              config::text_setting("access_token_env", d.access_token_env),
              config::whole_setting("sync_timeout_s", d.sync_timeout_s, 0, 300),
              config::text_setting("sender_localpart", d.sender_localpart),
              config::text_setting("server_name", d.server_name),
              config::optional_text_setting("allowed_homeservers", d.allowed_homeservers),
              config::whole_setting("api_timeout_s", d.api_timeout_s, 1, 300),
              config::whole_setting("senders", d.senders, 1, 64),
              config::whole_setting("rate.global_per_s", d.rate.global_per_s, 0, 100000),
              config::whole_setting("rate.room_per_s", d.rate.room_per_s, 0, 100000),
          }};
}

MatrixSettings settings_of(const config::Config& config) {
  const config::Settings& s = config.section("matrix");
  return {.enabled = s.flag("enabled"),
          .mode = s.text("mode"),
          .homeserver_url = s.text("homeserver_url"),
          .appservice_id = s.text("appservice_id"),
          .appservice_url = s.text("appservice_url"),
          .as_token_env = s.text("as_token_env"),
          .hs_token_env = s.text("hs_token_env"),
          .access_token_env = s.text("access_token_env"),
          .sync_timeout_s = s.whole("sync_timeout_s"),
          .sender_localpart = s.text("sender_localpart"),
          .server_name = s.text("server_name"),
          .allowed_homeservers = s.text("allowed_homeservers"),
          .api_timeout_s = s.whole("api_timeout_s"),
          .senders = s.whole("senders"),
          .rate = {.global_per_s = s.whole("rate.global_per_s"), .room_per_s = s.whole("rate.room_per_s")}};
}

}  // namespace buurtbot::adapters::matrix
