#pragma once
// Runs the built buurtbot binary the way a person would, on a temporary database of its own.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::testing {

/// What one run of the binary printed and returned.
struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// A temporary data directory with the demo config, the repo's flow files and an empty database.
class Instance {
 public:
  Instance();
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  using Env = std::vector<std::pair<std::string, std::string>>;

  /// Runs `buurtbot --config <demo> ARGS…` with `input` on standard input, and `env` beside set_env()'s.
  Run run(const std::vector<std::string>& args, const std::string& input = {}, const Env& env = {}) const;
  /// Chats as `name`, one line per entry.
  Run chat(const std::string& name, const std::vector<std::string>& lines, const std::string& language = {}) const;
  /// `initiative list --json`, parsed.
  nlohmann::json initiatives() const;
  /// `workgroup list --json`, parsed.
  nlohmann::json workgroups() const;
  /// Adds the officer `login` and returns a bearer token for the officers' API.
  std::string officer_token(const std::string& login) const;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path database() const { return dir_ / "buurtbot.db"; }
  /// Extra environment for every run, e.g. {"BUURTBOT_FLOWS_DIR", "…"}.
  void set_env(const std::string& name, const std::string& value) { env_.emplace_back(name, value); }

 private:
  std::filesystem::path dir_;
  Env env_;
};

/// The source tree's path of a file, e.g. source_path("config/demo.yaml").
std::filesystem::path source_path(const std::string& relative);

/// A reference such as BI-2026-0001 found in `text`, or "" when there is none.
std::string first_reference(const std::string& text);

}  // namespace buurtbot::testing
