#include "bot/pipeline/outbox/retry.hpp"

#include <algorithm>
#include <memory>
#include <random>
#include <utility>

namespace buurtbot::outbox {

Random system_random() {
  // Shared by the copies of the function; the worker calls it from its own thread only.
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::string describe(const SendError& error) {
  std::string text = error.network ? "network error" : "HTTP " + std::to_string(error.status);
  if (error.unreachable) text += " (recipient unreachable)";
  if (error.retry_after.count() > 0) text += ", retry after " + std::to_string(error.retry_after.count()) + " ms";
  if (!error.detail.empty()) text += ": " + error.detail;
  return text;
}

Backoff::Backoff(RetryPolicy policy, Random random) : policy_(policy), random_(std::move(random)) {}

Clock::duration Backoff::ceiling(int attempts) const {
  const Clock::duration cap = policy_.cap;
  Clock::duration ceiling = policy_.base;
  // Doubling stops at the cap, so a row that failed a thousand times cannot overflow the duration.
  for (int i = 1; i < attempts && ceiling < cap; ++i) ceiling *= 2;
  return std::min(ceiling, cap);
}

Clock::duration Backoff::delay(int attempts) {
  // Full jitter: rows that failed together (a channel outage) spread out instead of retrying in step.
  const double r = std::clamp(random_(), 0.0, 1.0);
  return Clock::duration(static_cast<Clock::rep>(static_cast<double>(ceiling(attempts).count()) * r));
}

Decision Backoff::decide(const SendError& error, int attempts, Clock::time_point first_attempt_at,
                         Clock::time_point now) {
  auto reason = describe(error);
  if (error.unreachable) return {.verdict = Verdict::unreachable, .retry_at = {}, .reason = std::move(reason)};
  if (!error.retryable()) return {.verdict = Verdict::dead, .retry_at = {}, .reason = std::move(reason)};
  // The channel's own retry_after is exact: waiting less earns another 429, waiting more is needless.
  const Clock::duration wait = error.retry_after.count() > 0
                                   ? Clock::duration(std::min<std::chrono::milliseconds>(error.retry_after,
                                                                                         policy_.max_retry_after))
                                   : delay(attempts);
  const auto retry_at = now + wait;
  // Like T, give up as soon as the next try would land after the deadline rather than trying once more late.
  if (retry_at > first_attempt_at + policy_.deadline) {
    return {.verdict = Verdict::dead, .retry_at = {},
            .reason = "gave up after " + std::to_string(attempts) + " attempts: the next would fall after the " +
                      std::to_string(policy_.deadline.count()) + " h deadline; last error: " + reason};
  }
  return {.verdict = Verdict::retry, .retry_at = retry_at, .reason = std::move(reason)};
}

}  // namespace buurtbot::outbox
