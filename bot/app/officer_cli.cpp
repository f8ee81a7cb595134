#include "bot/app/officer_cli.hpp"

#include "bot/app/app.hpp"
#include "bot/api/auth/password.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/admin_actions.hpp"
#include "bot/core/random_token.hpp"
#include "bot/text/text.hpp"
#include "storage/officers.hpp"
#include "storage/repositories.hpp"

#include <termios.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace buurtbot {
namespace {

constexpr std::size_t kMinPasswordLength = 12;
constexpr std::size_t kMaxLoginLength = 64;
constexpr std::string_view kActor = "cli";
// Words the API's assignee filter gives a meaning of its own ("none": unassigned, "me": the caller).
constexpr std::array<std::string_view, 2> kReservedLogins{"none", "me"};

/// A password read from the environment or the terminal, or why there is none.
struct PasswordInput {
  std::optional<std::string> password;
  std::string problem;
};

std::optional<std::string> login_problem(const std::string& login) {
  if (login.empty() || login.size() > kMaxLoginLength) return "A login has 1 to 64 characters.";
  const bool plain = std::all_of(login.begin(), login.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
  });
  if (!plain) return "A login has only letters, digits, '.', '_' and '-'.";
  if (std::find(kReservedLogins.begin(), kReservedLogins.end(), login) != kReservedLogins.end())
    return "'" + login + "' is a reserved word; choose another login.";
  return std::nullopt;
}

// Reads one line from the terminal with echo off, so the password is not shown or left on screen.
std::optional<std::string> read_hidden(const char* prompt) {
  termios original{};
  if (tcgetattr(STDIN_FILENO, &original) != 0) return std::nullopt;
  termios quiet = original;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::cerr << prompt << std::flush;
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &original);
  std::cerr << "\n";
  if (!read) return std::nullopt;
  return line;
}

PasswordInput typed_password() {
  auto first = read_hidden("Password: ");
  auto second = first ? read_hidden("Password again: ") : std::nullopt;
  if (!first || !second) return {std::nullopt, "No password was typed."};
  if (*first != *second) return {std::nullopt, "The passwords differ."};
  return {std::move(first), ""};
}

// From the environment for scripts, typed otherwise; never from argv, where `ps` shows it to everyone.
PasswordInput new_password() {
  PasswordInput input;
  if (const char* from_env = std::getenv(kOfficerPasswordEnv); from_env && *from_env) {
    input.password = from_env;
  } else if (isatty(STDIN_FILENO)) {
    input = typed_password();
  } else {
    input.problem = std::string("Set the password in the environment variable ") + kOfficerPasswordEnv +
                    ", or run this in a terminal to type it.";
  }
  if (input.password && input.password->size() < kMinPasswordLength) {
    input.password.reset();
    input.problem = "A password has at least " + std::to_string(kMinPasswordLength) + " characters.";
  }
  return input;
}

int add_officer(const std::optional<std::string>& config_path, const std::string& login, const std::string& name,
                const std::string& role) {
  if (auto problem = login_problem(login)) {
    std::cerr << *problem << "\n";
    return 2;
  }
  if (has_control_characters(name)) {
    std::cerr << "A name is one line without control characters.\n";
    return 2;
  }
  auto input = new_password();
  if (!input.password) {
    std::cerr << input.problem << "\n";
    return 2;
  }
  auto app = open_app(config_path);
  storage::Transaction tx(app.db);
  storage::Officers officers(app.db);
  if (officers.find_by_login(login)) {
    std::cerr << "An officer with login '" << login << "' exists already.\n";
    return 1;
  }
  officers.add(login, name, role, auth::hash_password(*input.password));
  storage::Audit(app.db).record(std::string(kActor), "officer.add", login, role);
  tx.commit();
  std::cout << "officer " << login << " added (" << role << ")\n";
  return 0;
}

int list_officers(const std::optional<std::string>& config_path, bool json) {
  auto app = open_app(config_path);
  auto out = nlohmann::json::array();
  for (const auto& listing : storage::Officers(app.db).list_with_token_counts()) {
    const auto& o = listing.officer;
    if (!json)
      std::cout << o.login << "  " << o.role << "  " << terminal_safe(o.name) << (o.disabled ? "  (disabled)" : "")
                << "\n";
    out.push_back(api::officer_listing_json(listing));
  }
  if (json) std::cout << out.dump(2) << "\n";
  return 0;
}

// "1 API token", "2 API tokens": the administrator's command line is in English.
std::string counted(int count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

int no_officer(const std::string& login) {
  std::cerr << "No officer with login '" << login << "'.\n";
  return 1;
}

int disable_officer(const std::optional<std::string>& config_path, const std::string& login) {
  auto app = open_app(config_path);
  if (!set_officer_disabled(app.db, login, true, std::string(kActor))) return no_officer(login);
  std::cout << "officer " << login << " disabled; their sessions and API tokens are revoked\n";
  return 0;
}

int enable_officer(const std::optional<std::string>& config_path, const std::string& login) {
  auto app = open_app(config_path);
  if (!set_officer_disabled(app.db, login, false, std::string(kActor))) return no_officer(login);
  std::cout << "officer " << login << " enabled; they sign in with their password again (no old token works)\n";
  return 0;
}

int revoke_tokens(const std::optional<std::string>& config_path, const std::string& login) {
  auto app = open_app(config_path);
  auto revoked = revoke_officer_credentials(app.db, login, std::string(kActor));
  if (!revoked) return no_officer(login);
  std::cout << counted(revoked->tokens, "API token") << " and " << counted(revoked->sessions, "browser session") << " of "
            << login << " revoked\n";
  return 0;
}

int new_token(const std::optional<std::string>& config_path, const std::string& login) {
  auto app = open_app(config_path);
  storage::Transaction tx(app.db);
  storage::Officers officers(app.db);
  auto officer = officers.find_by_login(login);
  if (!officer || officer->disabled) {
    std::cerr << "No active officer with login '" << login << "'.\n";
    return 1;
  }
  const auto token = random_token();
  officers.add_token(officer->id, auth::sha256_hex(token));
  storage::Audit(app.db).record(std::string(kActor), "officer.token", login);
  tx.commit();
  std::cerr << "A new API token for " << login << "; it is shown only now. Send it as: Authorization: Bearer TOKEN\n";
  std::cout << token << "\n";
  return 0;
}

int change_password(const std::optional<std::string>& config_path, const std::string& login) {
  auto input = new_password();
  if (!input.password) {
    std::cerr << input.problem << "\n";
    return 2;
  }
  auto app = open_app(config_path);
  storage::Transaction tx(app.db);
  if (!storage::Officers(app.db).set_password_hash(login, auth::hash_password(*input.password)))
    return no_officer(login);
  storage::Audit(app.db).record(std::string(kActor), "officer.password", login);
  tx.commit();
  std::cout << "password of " << login << " changed; their browser sessions have ended\n";
  return 0;
}

}  // namespace

void add_officer_commands(CLI::App& cli, const std::optional<std::string>& config_path, std::function<int()>& command) {
  struct Args {
    std::string login, name, role = "officer";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* officer = cli.add_subcommand("officer", "Accounts of the officers' inbox")->require_subcommand(1);

  auto* add = officer->add_subcommand(
      "add", std::string("Add an officer; the password comes from ") + kOfficerPasswordEnv + " or is typed");
  add->add_option("LOGIN", args->login, "Login: letters, digits, '.', '_', '-'")->required();
  add->add_option("--name", args->name, "The name residents and colleagues see")->required();
  add->add_option("--role", args->role, "officer or admin (default officer)")
      ->check(CLI::IsMember({"officer", "admin"}));
  add->callback([&, args] {
    command = [&config_path, args] { return add_officer(config_path, lower(args->login), args->name, args->role); };
  });

  auto* list = officer->add_subcommand("list", "List officers");
  list->add_flag("--json", args->json, "Print JSON");
  list->callback([&, args] { command = [&config_path, args] { return list_officers(config_path, args->json); }; });

  auto* disable = officer->add_subcommand("disable", "Disable an officer: their sessions and tokens stop working");
  disable->add_option("LOGIN", args->login, "Login")->required();
  disable->callback(
      [&, args] { command = [&config_path, args] { return disable_officer(config_path, lower(args->login)); }; });

  auto* enable = officer->add_subcommand("enable", "Enable a disabled officer again");
  enable->add_option("LOGIN", args->login, "Login")->required();
  enable->callback(
      [&, args] { command = [&config_path, args] { return enable_officer(config_path, lower(args->login)); }; });

  auto* revoke =
      officer->add_subcommand("revoke-tokens", "Revoke every API token and browser session of the officer");
  revoke->add_option("LOGIN", args->login, "Login")->required();
  revoke->callback(
      [&, args] { command = [&config_path, args] { return revoke_tokens(config_path, lower(args->login)); }; });

  auto* token = officer->add_subcommand("token", "Print a new API token for the officer (only its hash is kept)");
  token->add_option("LOGIN", args->login, "Login")->required();
  token->callback([&, args] { command = [&config_path, args] { return new_token(config_path, lower(args->login)); }; });

  auto* password =
      officer->add_subcommand("password", std::string("Set a new password, from ") + kOfficerPasswordEnv + " or typed");
  password->add_option("LOGIN", args->login, "Login")->required();
  password->callback(
      [&, args] { command = [&config_path, args] { return change_password(config_path, lower(args->login)); }; });
}

}  // namespace buurtbot
