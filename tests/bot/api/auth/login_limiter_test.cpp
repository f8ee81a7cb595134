// Login limits with a hand-driven clock.
#include "bot/api/auth/login_limiter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace buurtbot::auth {
namespace {

using namespace std::chrono_literals;

class LoginLimiterTest : public ::testing::Test {
 protected:
  std::shared_ptr<LoginLimiter> limiter(LoginLimits limits = {}) {
    return std::make_shared<LoginLimiter>(limits, [this] { return now_; });
  }

  /// How long `login` from `address` must wait, or nothing when an attempt would be admitted now.
  static std::optional<std::chrono::seconds> blocked(LoginLimiter& l, const std::string& login,
                                                     const std::string& address) {
    auto admission = l.reserve(login, address);
    if (admission.attempt) return std::nullopt;  // dropped unchecked: counts as nothing
    return admission.retry_after;
  }

  /// Tries `login` from `address` with a wrong password `times` times; false when one was refused.
  static bool fail(LoginLimiter& l, const std::string& login, const std::string& address, int times = 1) {
    for (int i = 0; i < times; ++i) {
      auto admission = l.reserve(login, address);
      if (!admission.attempt) return false;
      admission.attempt->failed();
    }
    return true;
  }

  static bool succeed(LoginLimiter& l, const std::string& login, const std::string& address) {
    auto admission = l.reserve(login, address);
    if (!admission.attempt) return false;
    admission.attempt->succeeded();
    return true;
  }

  LoginLimiter::Clock::time_point now_{std::chrono::hours(1000)};
};

TEST_F(LoginLimiterTest, TheFifthFailureBlocksForFifteenMinutes) {
  auto l = limiter();
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1", 4));
  EXPECT_FALSE(blocked(*l, "anna", "10.0.0.1"));
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1"));
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.1"), 900s);
  now_ += 899s;
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.1"), 1s);
  now_ += 1s;
  EXPECT_FALSE(blocked(*l, "anna", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, ABlockedLoginIsClosedToTheAddressesThatFailedOnIt) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(*l, "anna", "10.0.0." + std::to_string(i)));
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.0"), 900s);
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.4"), 900s);
  EXPECT_FALSE(blocked(*l, "bert", "10.0.0.0"));
}

TEST_F(LoginLimiterTest, ABlockedLoginStillLetsInAnAddressThatHasNotFailedOnIt) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(*l, "anna", "10.0.0." + std::to_string(i)));
  EXPECT_FALSE(blocked(*l, "anna", "192.168.1.1")) << "a stranger cannot keep a colleague out";
  ASSERT_TRUE(fail(*l, "anna", "192.168.1.1"));
  EXPECT_EQ(blocked(*l, "anna", "192.168.1.1"), 900s) << "one try per address at a blocked login";
}

TEST_F(LoginLimiterTest, TheAddressIsBlockedForEveryLogin) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(*l, "user" + std::to_string(i), "10.0.0.1"));
  EXPECT_TRUE(blocked(*l, "bert", "10.0.0.1"));
  EXPECT_FALSE(blocked(*l, "bert", "10.0.0.2"));
}

TEST_F(LoginLimiterTest, FailuresOlderThanTheWindowDoNotCount) {
  auto l = limiter();
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1", 4));
  now_ += 15min;
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1"));
  EXPECT_FALSE(blocked(*l, "anna", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, SuccessForgetsTheLoginButNotTheAddress) {
  auto l = limiter();
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1", 4));
  ASSERT_TRUE(succeed(*l, "anna", "10.0.0.2"));
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.3", 4));
  EXPECT_FALSE(blocked(*l, "anna", "10.0.0.3"));
  ASSERT_TRUE(fail(*l, "bert", "10.0.0.1"));
  EXPECT_TRUE(blocked(*l, "carla", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, SuccessLeavesABlockInForce) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(fail(*l, "anna", "10.0.0." + std::to_string(i)));
  ASSERT_TRUE(succeed(*l, "anna", "192.168.1.1"));
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.0"), 900s);
  EXPECT_FALSE(blocked(*l, "anna", "192.168.1.1"));
}

TEST_F(LoginLimiterTest, AttemptsAreCountedBeforeTheyAreChecked) {
  auto l = limiter();
  std::vector<LoginAttempt> checking;
  for (int i = 0; i < 5; ++i) {
    auto admission = l->reserve("anna", "10.0.0.1");
    ASSERT_TRUE(admission.attempt) << i;
    checking.push_back(std::move(*admission.attempt));
  }
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.1"), 1s) << "come back when those are settled";
  EXPECT_TRUE(blocked(*l, "bert", "10.0.0.1"));
  for (auto& attempt : checking) attempt.failed();
  EXPECT_EQ(blocked(*l, "anna", "10.0.0.1"), 900s);
}

TEST_F(LoginLimiterTest, AnAttemptNeverCheckedCountsAsNothing) {
  auto l = limiter();
  for (int i = 0; i < 10; ++i) {
    auto admission = l->reserve("anna", "10.0.0.1");
    ASSERT_TRUE(admission.attempt) << i;
  }
  EXPECT_TRUE(fail(*l, "anna", "10.0.0.1", 4));
  EXPECT_FALSE(blocked(*l, "anna", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, AFloodOfMadeUpLoginsStaysBounded) {
  auto l = limiter(LoginLimits{.max_failures = 5, .window = 15min, .block = 15min, .max_tracked = 10});
  ASSERT_TRUE(fail(*l, "anna", "10.0.0.1", 5));
  for (int i = 0; i < 4; ++i) {
    now_ += 1s;
    fail(*l, "made-up-" + std::to_string(i), "10.0.0." + std::to_string(i + 2));
  }
  EXPECT_TRUE(blocked(*l, "bert", "10.0.0.1"));
  for (int i = 4; i < 40; ++i) {
    now_ += 1s;
    fail(*l, "made-up-" + std::to_string(i), "10.0.0." + std::to_string(i + 2));
  }
  // Still working, still blocking the most recent offenders.
  ASSERT_TRUE(fail(*l, "bert", "10.0.1.1", 5));
  EXPECT_TRUE(blocked(*l, "carla", "10.0.1.1"));
}

TEST_F(LoginLimiterTest, AttemptsInProgressAreNeverForgottenToMakeRoom) {
  auto l = limiter(LoginLimits{.max_failures = 5, .window = 15min, .block = 15min, .max_tracked = 3});
  std::vector<LoginAttempt> checking;
  for (int i = 0; i < 5; ++i) checking.push_back(std::move(*l->reserve("anna", "10.0.0.1").attempt));
  for (int i = 0; i < 20; ++i) fail(*l, "made-up-" + std::to_string(i), "10.0.1." + std::to_string(i));
  EXPECT_TRUE(blocked(*l, "anna", "10.0.0.1"));
}

}  // namespace
}  // namespace buurtbot::auth
