#pragma once
// When to try a failed send again, and when to give up: Telegram's own WebhookActor, with full jitter.

#include "bot/core/channel.hpp"
#include "bot/pipeline/outbox/clock.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace buurtbot::outbox {

/// How failed sends are retried.
struct RetryPolicy {
  std::chrono::milliseconds base{1000};                     ///< the first backoff ceiling
  std::chrono::milliseconds cap{std::chrono::minutes(5)};   ///< the backoff ceiling stops doubling here
  std::chrono::hours deadline{24};                          ///< give up this long after the first failed attempt
  std::chrono::seconds max_retry_after{3600};               ///< a channel's retry_after beyond this is clamped (as T does)
};

/// A uniform random number in [0, 1), injected so tests can pin the jitter.
using Random = std::function<double()>;

/// A Random seeded from the system, for production.
Random system_random();

/// What becomes of a row after a failed send.
enum class Verdict { retry, dead, unreachable };

/// The verdict on a failed send, when to try again, and the reason to record.
struct Decision {
  Verdict verdict = Verdict::dead;
  Clock::time_point retry_at{};  ///< only for Verdict::retry
  std::string reason;
};

/// A failed send in words for officers and logs: "HTTP 500: Internal Server Error", "network error: timeout".
std::string describe(const SendError& error);

/// Decides retries: honours retry_after exactly, otherwise waits a random time under a ceiling that
/// doubles from `base` to `cap`, and gives up when the next try would fall after the deadline.
class Backoff final {
 public:
  /// A backoff with `policy`, drawing its jitter from `random`.
  Backoff(RetryPolicy policy, Random random);

  /// The ceiling before the retry that follows `attempts` failures: base * 2^(attempts-1), at most cap.
  Clock::duration ceiling(int attempts) const;

  /// A fully jittered delay in [0, ceiling(attempts)].
  Clock::duration delay(int attempts);

  /// The verdict on `error` after `attempts` failures (this one included), the first at `first_attempt_at`.
  Decision decide(const SendError& error, int attempts, Clock::time_point first_attempt_at,
                  Clock::time_point now);

 private:
  RetryPolicy policy_;
  Random random_;
};

}  // namespace buurtbot::outbox
