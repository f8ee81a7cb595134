#pragma once
// `buurtbot serve` as a child process on 127.0.0.1:<free port>, on a temporary data directory of its own,
// with the demo config and the repo's flows; stopped with SIGTERM (or killed) and always reaped.

#include "tests/e2e/binary.hpp"

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::testing {

/// One `buurtbot serve`, started and stopped by the test; its admin commands (`initiative list`,
/// `outbox list`) run on the same database through admin().
class Service final {
 public:
  Service() = default;
  /// Stops the service (SIGTERM, then SIGKILL if it does not go) and reaps it.
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Environment for the service (and for admin commands), e.g. {"BUURTBOT_TELEGRAM_ENABLED", "true"};
  /// a later value for the same name wins. Takes effect at the next start().
  void set_env(const std::string& name, const std::string& value);

  /// Starts `buurtbot serve` with listen 127.0.0.1:0, reads its port from the log and waits until
  /// /readyz answers 200; fails (with the log) when that does not happen within the safety net.
  [[nodiscard]] ::testing::AssertionResult start();

  /// SIGTERM, then waits for the exit; fails when it does not exit 0 within the safety net (it is
  /// killed then). Always reaps.
  ::testing::AssertionResult stop();

  /// SIGKILL, as a crash or a power cut would end it, and reaps it.
  void kill();

  /// Whether the child is still running.
  bool running();

  /// The running child's process id (-1 when none), for faults a test inflicts on it.
  pid_t pid() const { return pid_; }

  std::uint16_t port() const { return port_; }
  /// "http://127.0.0.1:<port>".
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// The log of the current (or last) run, for failure messages.
  std::string log() const;

  /// The temporary data directory with the database, for admin commands while the service runs.
  const Instance& admin() const { return instance_; }
  std::filesystem::path database() const { return instance_.database(); }

  /// Answers, as an officer through the officers' API, the one question whose text has `word` (no spaces).
  void answer_question(const std::string& word, const std::string& answer);

 private:
  ::testing::AssertionResult wait_until_ready();
  /// Waits for the child to exit until the safety net runs out; true when it did (and was reaped).
  bool reap_within_safety_net();

  Instance instance_;
  std::vector<std::pair<std::string, std::string>> env_;
  pid_t pid_ = -1;
  int exit_status_ = 0;  ///< waitpid's status of the last run
  int runs_ = 0;
  std::uint16_t port_ = 0;
  std::filesystem::path log_;
  std::string officer_token_;  ///< made by the first answer_question()
};

}  // namespace buurtbot::testing
