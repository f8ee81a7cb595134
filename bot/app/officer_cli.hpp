#pragma once
// `buurtbot officer …`: accounts for the officers' inbox, for administrators and scripts. Passwords come
// from the environment or a prompt without echo, never from the command line, and are never logged.

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

namespace buurtbot {

/// The environment variable `officer add` and `officer password` read the password from.
inline constexpr const char* kOfficerPasswordEnv = "BUURTBOT_OFFICER_PASSWORD";

/// Adds `officer add|list|disable|token|password` to `cli`; the chosen one is stored in `command`, to run
/// after parsing with the config at `config_path` (read then, so --config may come later on the line).
void add_officer_commands(CLI::App& cli, const std::optional<std::string>& config_path, std::function<int()>& command);

}  // namespace buurtbot
