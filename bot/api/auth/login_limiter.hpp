#pragma once
// Slows down password guessing. Kept in memory; a restart forgets it.
//
// The policy:
// - An address may fail `max_failures` times in `window`, whatever logins it tries; then every login
//   from it is refused for `block`. A correct password does not clear the address, so one valid
//   account does not let an address guess the others' passwords.
// - A login that failed `max_failures` times in `window`, from anywhere, is refused for `block`, but
//   only to the addresses that failed on it themselves (or are trying it right now). An address that
//   has not is still let in, so a stranger who guesses cannot keep a colleague out; a guesser with
//   many addresses gets one try per address at a blocked login, and each of those addresses counts
//   towards its own limit. A correct password forgets the login's failures, but not a block in force.
// - An attempt is counted when it is admitted, before its password is checked, and settled (failed or
//   succeeded) afterwards: attempts in parallel cannot all pass a check made before any of them failed,
//   so an address or login never has more passwords checked than its limit allows.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
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

class LoginLimiter;

/// One admitted login attempt, counted against the limits until it is settled. Dropped unsettled (its
/// password was never checked) it counts as nothing.
class LoginAttempt final {
 public:
  LoginAttempt(LoginAttempt&& other) noexcept;
  LoginAttempt& operator=(LoginAttempt&& other) noexcept;
  ~LoginAttempt();

  /// The password was wrong: a failure for the login, the address, and the login from that address.
  void failed();
  /// The password was right: the login's failures are forgotten, and this address may try it again.
  void succeeded();

 private:
  friend class LoginLimiter;
  LoginAttempt(std::shared_ptr<LoginLimiter> limiter, std::string login, std::string address);

  std::shared_ptr<LoginLimiter> limiter_;  ///< empty once settled or moved from
  std::string login_;
  std::string address_;
};

/// What reserve() decided: an admitted attempt, or how long until the next one may come.
struct Admission {
  std::optional<LoginAttempt> attempt;
  std::chrono::seconds retry_after{0};
};

/// Counts login attempts per login name, per address and per login from an address; safe to use from
/// any thread. Held by a shared_ptr, since admitted attempts keep it alive.
class LoginLimiter final : public std::enable_shared_from_this<LoginLimiter> {
 public:
  using Clock = std::chrono::steady_clock;

  /// A limiter with `limits`, reading the time from `now` (a test passes its own clock).
  explicit LoginLimiter(LoginLimits limits = {}, std::function<Clock::time_point()> now = &Clock::now);

  /// Admits an attempt of `login` from `address` and counts it at once, or refuses it with the time to wait.
  Admission reserve(const std::string& login, const std::string& address);

 private:
  friend class LoginAttempt;

  struct Entry {
    std::deque<Clock::time_point> failures;
    std::optional<Clock::time_point> blocked_until;
    Clock::time_point last_seen;
    int pending = 0;  ///< admitted attempts whose password is still being checked
  };

  enum class Outcome { failed, succeeded, unchecked };

  void settle(const std::string& login, const std::string& address, Outcome outcome);
  std::optional<std::chrono::seconds> refusal(const std::string& login, const std::string& address,
                                              Clock::time_point now);
  std::optional<std::chrono::seconds> refused(const std::string& key, Clock::time_point now);
  bool tried(const std::string& key, Clock::time_point now);
  Entry& entry(const std::string& key, Clock::time_point now);
  void forget(const std::string& key);
  void record(const std::string& key, Clock::time_point now);
  void make_room(Clock::time_point now);

  LoginLimits limits_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace buurtbot::auth
