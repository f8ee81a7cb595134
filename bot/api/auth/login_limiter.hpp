#pragma once
// Slows down password guessing: too many failed logins for one login name, or from one address, and
// further attempts are refused for a while. Kept in memory; a restart forgets it.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace buurtbot::auth {

/// How many failures are allowed in which window, and how long a block lasts.
struct LoginLimits {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds block{15 * 60};
  std::size_t max_tracked = 10000;  ///< keys remembered at most; the oldest are forgotten first
};

/// Counts failed logins per login name and per address; safe to use from any thread.
class LoginLimiter final {
 public:
  using Clock = std::chrono::steady_clock;

  /// A limiter with `limits`, reading the time from `now` (a test passes its own clock).
  explicit LoginLimiter(LoginLimits limits = {}, std::function<Clock::time_point()> now = &Clock::now);

  /// How long until the login or the address may try again, or nothing when both may try now.
  std::optional<std::chrono::seconds> blocked(const std::string& login, const std::string& address);
  /// Records a failed attempt for both; the failure that reaches the limit starts the block.
  void failed(const std::string& login, const std::string& address);
  /// Forgets the login's failures after a correct password (the address keeps its count, so one valid
  /// account does not let an address guess the others' passwords).
  void succeeded(const std::string& login);

 private:
  struct Entry {
    std::deque<Clock::time_point> failures;
    std::optional<Clock::time_point> blocked_until;
    Clock::time_point last_seen;
  };

  std::optional<std::chrono::seconds> remaining(const std::string& key, Clock::time_point now);
  void record(const std::string& key, Clock::time_point now);
  void make_room(Clock::time_point now);

  LoginLimits limits_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace buurtbot::auth
