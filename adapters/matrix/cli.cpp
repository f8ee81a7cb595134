#include "adapters/matrix/cli.hpp"

#include "adapters/matrix/registration.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

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

}  // namespace

void add_commands(CLI::App& cli, std::function<config::Config()> load_config, std::function<int()>& command) {
  auto* matrix = cli.add_subcommand("matrix", "The Matrix Application Service")->require_subcommand(1);
  matrix->add_subcommand("registration", "Print the registration file for the homeserver (tokens from the environment)")
      ->callback([&command, load_config] { command = [load_config] { return print_registration(load_config()); }; });
}

}  // namespace buurtbot::adapters::matrix
