#include "bot/pipeline/outbox/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace buurtbot::outbox {
namespace {

using namespace std::chrono_literals;

const Clock::time_point kT0 = Clock::time_point{} + 1'760'000'000s;

// Telegram's defaults, with its rule that group chats have negative ids.
RateLimits telegram() {
  RateLimits limits;
  limits.is_group = [](std::string_view address) { return address.starts_with('-'); };
  return limits;
}

RateLimiter limiter_with(RateLimits limits) {
  RateLimiter limiter;
  limiter.set_limits("telegram", std::move(limits));
  return limiter;
}

TEST(RateLimiter, PrivateChatGetsOneMessagePerSecond) {
  auto limiter = limiter_with(telegram());
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 400ms), kT0 + 1s);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 999ms), kT0 + 1s);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 1s), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "43", kT0 + 1s), std::nullopt) << "another chat has its own second";
}

TEST(RateLimiter, GroupGetsTwentyMessagesInAnyMinute) {
  auto limiter = limiter_with(telegram());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0 + i * 1s), std::nullopt) << i;
  // The first of the twenty went at kT0: its token is back exactly one minute later, not earlier.
  EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0 + 20s), kT0 + 60s);
  EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0 + 60s), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0 + 60s), kT0 + 61s);
}

TEST(RateLimiter, GroupIsAlsoHeldToOneMessagePerSecond) {
  auto limiter = limiter_with(telegram());
  EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "-100777", kT0 + 500ms), kT0 + 1s);
}

TEST(RateLimiter, ChannelGetsThirtyMessagesPerSecondAcrossChats) {
  auto limiter = limiter_with(telegram());
  for (int i = 0; i < 30; ++i) EXPECT_EQ(limiter.reserve("telegram", std::to_string(i), kT0), std::nullopt) << i;
  EXPECT_EQ(limiter.reserve("telegram", "30", kT0 + 500ms), kT0 + 1s);
  EXPECT_EQ(limiter.reserve("telegram", "30", kT0 + 1s), std::nullopt);
}

TEST(RateLimiter, SendCountsFromItsAnswerSoTheNextCannotArriveWithinTheWindow) {
  auto limiter = limiter_with(telegram());
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0), std::nullopt);
  limiter.settle("telegram", "42", kT0, kT0 + 7ms);  // it arrived somewhere between departure and answer
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 1s), kT0 + 1s + 7ms);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 1s + 7ms), std::nullopt);
}

TEST(RateLimiter, SettlingMovesOnlyTheSendItNames) {
  auto limiter = limiter_with(telegram());
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(limiter.reserve("telegram", std::to_string(i), kT0 + i * 10ms), std::nullopt) << i;
    limiter.settle("telegram", std::to_string(i), kT0 + i * 10ms, kT0 + i * 10ms + 2ms);
  }
  // The first of the thirty was answered at kT0 + 2 ms: its slot is back one second after that.
  EXPECT_EQ(limiter.reserve("telegram", "30", kT0 + 1s), kT0 + 1s + 2ms);
  EXPECT_EQ(limiter.reserve("telegram", "30", kT0 + 1s + 2ms), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "31", kT0 + 1s + 5ms), kT0 + 1s + 12ms);
}

TEST(RateLimiter, SendsInFlightTogetherAreEachSettledByTheirOwnReservation) {
  auto limits = telegram();
  limits.global_per_second = 3;
  auto limiter = limiter_with(std::move(limits));
  EXPECT_EQ(limiter.reserve("telegram", "1", kT0), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "2", kT0 + 10ms), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "3", kT0 + 20ms), std::nullopt);
  // The first one is answered last, long after the others left.
  limiter.settle("telegram", "2", kT0 + 10ms, kT0 + 30ms);
  limiter.settle("telegram", "3", kT0 + 20ms, kT0 + 40ms);
  limiter.settle("telegram", "1", kT0, kT0 + 300ms);
  // The oldest slot is now the second send's, answered at 30 ms; the first one's counts from 300 ms.
  EXPECT_EQ(limiter.reserve("telegram", "4", kT0 + 1s), kT0 + 1s + 30ms);
  EXPECT_EQ(limiter.reserve("telegram", "4", kT0 + 1s + 30ms), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "5", kT0 + 1s + 40ms), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "6", kT0 + 1s + 50ms), kT0 + 1s + 300ms);
}

TEST(RateLimiter, AnswerBeforeTheReservationChangesNothing) {
  auto limiter = limiter_with(telegram());
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0), std::nullopt);
  limiter.settle("telegram", "42", kT0, kT0 - 1ms);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 1s), std::nullopt);
}

TEST(RateLimiter, RefusedSendCountsAgainstNothing) {
  auto limits = telegram();
  limits.global_per_second = 2;
  auto limiter = limiter_with(std::move(limits));
  EXPECT_EQ(limiter.reserve("telegram", "1", kT0), std::nullopt);
  EXPECT_TRUE(limiter.reserve("telegram", "1", kT0).has_value()) << "held by its own chat";
  EXPECT_EQ(limiter.reserve("telegram", "2", kT0), std::nullopt) << "the refusal above took no global token";
}

TEST(RateLimiter, RetryAfterPausesOnlyThatChat) {
  auto limiter = limiter_with(telegram());
  limiter.pause("telegram", "42", kT0 + 3s);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 2s), kT0 + 3s);
  EXPECT_EQ(limiter.reserve("telegram", "43", kT0 + 2s), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 3s), std::nullopt);
}

TEST(RateLimiter, RetryAfterPausesTheWholeChannelWhenTheChannelSaysSo) {
  auto limits = RateLimits::unlimited();
  limits.retry_after_pauses_channel = true;
  RateLimiter limiter;
  limiter.set_limits("matrix", std::move(limits));
  limiter.pause("matrix", "!room:a", kT0 + 5s);
  EXPECT_EQ(limiter.reserve("matrix", "!other:b", kT0 + 1s), kT0 + 5s);
  EXPECT_EQ(limiter.reserve("matrix", "!other:b", kT0 + 5s), std::nullopt);
}

TEST(RateLimiter, UnlimitedAndUnknownChannelsAreNeverHeldBack) {
  RateLimiter limiter;
  limiter.set_limits("terminal", RateLimits::unlimited());
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(limiter.reserve("terminal", "anna", kT0), std::nullopt);
    EXPECT_EQ(limiter.reserve("email", "anna@example.nl", kT0), std::nullopt);
  }
}

TEST(RateLimiter, ForgottenChatsStartAfresh) {
  auto limiter = limiter_with(telegram());
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0), std::nullopt);
  // Two minutes on, the sweep has dropped the idle chat; its limit holds exactly as for a new one.
  EXPECT_EQ(limiter.reserve("telegram", "43", kT0 + 2min), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 2min), std::nullopt);
  EXPECT_EQ(limiter.reserve("telegram", "42", kT0 + 2min), kT0 + 2min + 1s);
}

}  // namespace
}  // namespace buurtbot::outbox
