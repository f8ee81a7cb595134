#include "adapters/matrix/cli.hpp"

#include "adapters/matrix/login.hpp"
#include "adapters/matrix/registration.hpp"
#include "bot/http/client.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace buurtbot::adapters::matrix {
namespace {

const char* from_env(const std::string& variable) {
  const char* value = std::getenv(variable.c_str());
  return value && *value ? value : nullptr;
}

int print_registration(const config::Config& config) {
  const MatrixSettings settings = settings_of(config);
  const char* as_token = from_env(settings.as_token_env);
  const char* hs_token = from_env(settings.hs_token_env);
  if (!as_token || !hs_token) {
    std::cerr << "Set the tokens in the environment variables " << settings.as_token_env << " and "
              << settings.hs_token_env << " (for example with: openssl rand -hex 32).\n";
    return 2;
  }
  std::cout << registration_yaml(settings, as_token, hs_token);
  return 0;
}

constexpr const char* kPasswordEnv = "BUURTBOT_MATRIX_PASSWORD";

// The password from the environment, else the first line of standard input (never an argument, which
// other users of the machine could read in the process list).
std::string password_of() {
  if (const char* password = from_env(kPasswordEnv)) return password;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

int log_in(const config::Config& config, const std::string& user_option) {
  const MatrixSettings settings = settings_of(config);
  const std::string user = user_option.empty() ? settings.sender_localpart : user_option;
  const std::string password = password_of();
  if (password.empty()) {
    std::cerr << "Give the account's password in " << kPasswordEnv << " or on standard input.\n";
    return 2;
  }
  http::ClientOptions options;
  try {
    const auto answer = http::Client(settings.homeserver_url, options)
                            .request("POST", "/_matrix/client/v3/login", "application/json",
                                     login_request(user, password).dump());
    const auto login = login_of(answer.status, answer.body);
    if (const auto* why = std::get_if<std::string>(&login)) {
      std::cerr << "No login at " << settings.homeserver_url << ": " << *why << ".\n";
      return 1;
    }
    const auto& done = std::get<Login>(login);
    std::cerr << "Logged in as " << done.user_id << " (device " << done.device_id << "). Give `buurtbot serve` this in "
              << settings.access_token_env << ", with matrix.mode: sync:\n";
    std::cout << done.access_token << "\n";
    return 0;
  } catch (const http::NetworkError& e) {
    std::cerr << "No answer from " << settings.homeserver_url << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_commands(CLI::App& cli, std::function<config::Config()> load_config, std::function<int()>& command) {
  auto* matrix = cli.add_subcommand("matrix", "The Matrix Application Service")->require_subcommand(1);
  matrix->add_subcommand("registration", "Print the registration file for the homeserver (tokens from the environment)")
      ->callback([&command, load_config] { command = [load_config] { return print_registration(load_config()); }; });
  auto* login = matrix->add_subcommand(
      "login", "Log the bot account in with its password (from BUURTBOT_MATRIX_PASSWORD or standard input) and print "
               "its access token, for sync mode");
  auto user = std::make_shared<std::string>();
  login->add_option("--user", *user, "The account: a localpart or a full user id (default: matrix.sender_localpart)");
  login->callback([&command, load_config, user] { command = [load_config, user] { return log_in(load_config(), *user); }; });
}

}  // namespace buurtbot::adapters::matrix
