#include "bot/pipeline/outbox/retry.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace buurtbot::outbox {
namespace {

using namespace std::chrono_literals;

const Clock::time_point kT0 = Clock::time_point{} + 1'760'000'000s;

Random fixed(double value) {
  return [value] { return value; };
}

Random sequence(std::vector<double> values) {
  return [values, i = std::size_t{0}]() mutable { return values[i++ % values.size()]; };
}

SendError error(int status) {
  SendError e;
  e.status = status;
  return e;
}

TEST(Backoff, HonoursRetryAfterExactly) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(429);
  e.retry_after = 3s;
  auto d = backoff.decide(e, 1, kT0, kT0);
  EXPECT_EQ(d.verdict, Verdict::retry);
  EXPECT_EQ(d.retry_at, kT0 + 3s);
  EXPECT_EQ(backoff.decide(e, 7, kT0, kT0 + 10s).retry_at, kT0 + 13s) << "no jitter, no doubling";
}

TEST(Backoff, ClampsAbsurdRetryAfterToAnHour) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(429);
  e.retry_after = 10h;
  EXPECT_EQ(backoff.decide(e, 1, kT0, kT0).retry_at, kT0 + 1h);
}

TEST(Backoff, CeilingDoublesFromOneSecondToFiveMinutes) {
  Backoff backoff({}, fixed(0.5));
  const std::vector<Clock::duration> expected{1s, 2s, 4s, 8s, 16s, 32s, 64s, 128s, 256s, 300s, 300s};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(backoff.ceiling(static_cast<int>(i) + 1), expected[i]);
  EXPECT_EQ(backoff.ceiling(100000), 300s) << "a long-failing row does not overflow";
}

TEST(Backoff, FullJitterStaysUnderTheCeiling) {
  Backoff backoff({}, sequence({0.0, 0.25, 0.5, 0.999999, 1.0}));
  for (int attempts = 1; attempts <= 12; ++attempts) {
    for (int draw = 0; draw < 5; ++draw) {
      auto d = backoff.delay(attempts);
      EXPECT_GE(d, Clock::duration::zero());
      EXPECT_LE(d, backoff.ceiling(attempts));
    }
  }
  Backoff half({}, fixed(0.5));
  EXPECT_EQ(half.delay(3), 2s);
  EXPECT_EQ(half.delay(20), 150s);
}

TEST(Backoff, ServerErrorsAndTimeoutsAreRetried) {
  Backoff backoff({}, fixed(0.5));
  auto d = backoff.decide(error(502), 2, kT0, kT0 + 10s);
  EXPECT_EQ(d.verdict, Verdict::retry);
  EXPECT_EQ(d.retry_at, kT0 + 11s);
  SendError network;
  network.network = true;
  network.detail = "timed out";
  auto n = backoff.decide(network, 1, kT0, kT0);
  EXPECT_EQ(n.verdict, Verdict::retry);
  EXPECT_EQ(n.reason, "network error: timed out");
}

TEST(Backoff, GivesUpWhenTheNextTryWouldPassTheDeadline) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(500);
  e.detail = "Internal Server Error";
  EXPECT_EQ(backoff.decide(e, 40, kT0, kT0 + 24h - 150s).verdict, Verdict::retry) << "lands exactly on it";
  auto d = backoff.decide(e, 41, kT0, kT0 + 24h - 149s);
  EXPECT_EQ(d.verdict, Verdict::dead);
  EXPECT_EQ(d.reason,
            "gave up after 41 attempts: the next would fall after the 24 h deadline; "
            "last error: HTTP 500: Internal Server Error");
}

TEST(Backoff, RetryAfterBeyondTheDeadlineGivesUp) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(429);
  e.retry_after = 2h;
  EXPECT_EQ(backoff.decide(e, 3, kT0, kT0 + 23h).verdict, Verdict::retry) << "clamped to an hour, exactly on it";
  EXPECT_EQ(backoff.decide(e, 3, kT0, kT0 + 23h + 1s).verdict, Verdict::dead);
}

TEST(Backoff, ClientErrorIsDeadAtOnce) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(400);
  e.detail = "Bad Request: chat not found";
  auto d = backoff.decide(e, 1, kT0, kT0);
  EXPECT_EQ(d.verdict, Verdict::dead);
  EXPECT_EQ(d.reason, "HTTP 400: Bad Request: chat not found");
}

TEST(Backoff, BlockedBotIsUnreachable) {
  Backoff backoff({}, fixed(0.5));
  auto e = error(403);
  e.unreachable = true;
  EXPECT_EQ(backoff.decide(e, 1, kT0, kT0).verdict, Verdict::unreachable);
}

TEST(Backoff, DescribesRetryAfterInTheReason) {
  auto e = error(429);
  e.retry_after = 3s;
  e.detail = "Too Many Requests";
  EXPECT_EQ(describe(e), "HTTP 429, retry after 3000 ms: Too Many Requests");
}

}  // namespace
}  // namespace buurtbot::outbox
