// Login limits with a hand-driven clock.
#include "bot/api/auth/login_limiter.hpp"

#include <gtest/gtest.h>

namespace buurtbot::auth {
namespace {

using namespace std::chrono_literals;

class LoginLimiterTest : public ::testing::Test {
 protected:
  LoginLimiter limiter(LoginLimits limits = {}) {
    return LoginLimiter(limits, [this] { return now_; });
  }

  void fail(LoginLimiter& l, const std::string& login, const std::string& address, int times) {
    for (int i = 0; i < times; ++i) l.failed(login, address);
  }

  LoginLimiter::Clock::time_point now_{std::chrono::hours(1000)};
};

TEST_F(LoginLimiterTest, TheFifthFailureBlocksForFifteenMinutes) {
  auto l = limiter();
  fail(l, "anna", "10.0.0.1", 4);
  EXPECT_FALSE(l.blocked("anna", "10.0.0.1"));
  l.failed("anna", "10.0.0.1");
  EXPECT_EQ(l.blocked("anna", "10.0.0.1"), 900s);
  now_ += 899s;
  EXPECT_EQ(l.blocked("anna", "10.0.0.1"), 1s);
  now_ += 1s;
  EXPECT_FALSE(l.blocked("anna", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, TheLoginIsBlockedFromEveryAddress) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) l.failed("anna", "10.0.0." + std::to_string(i));
  EXPECT_TRUE(l.blocked("anna", "192.168.1.1"));
  EXPECT_FALSE(l.blocked("bert", "192.168.1.1"));
}

TEST_F(LoginLimiterTest, TheAddressIsBlockedForEveryLogin) {
  auto l = limiter();
  for (int i = 0; i < 5; ++i) l.failed("user" + std::to_string(i), "10.0.0.1");
  EXPECT_TRUE(l.blocked("bert", "10.0.0.1"));
  EXPECT_FALSE(l.blocked("bert", "10.0.0.2"));
}

TEST_F(LoginLimiterTest, FailuresOlderThanTheWindowDoNotCount) {
  auto l = limiter();
  fail(l, "anna", "10.0.0.1", 4);
  now_ += 15min;
  l.failed("anna", "10.0.0.1");
  EXPECT_FALSE(l.blocked("anna", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, SuccessForgetsTheLoginButNotTheAddress) {
  auto l = limiter();
  fail(l, "anna", "10.0.0.1", 4);
  l.succeeded("anna");
  l.failed("anna", "10.0.0.2");
  EXPECT_FALSE(l.blocked("anna", "10.0.0.2"));
  l.failed("bert", "10.0.0.1");
  EXPECT_TRUE(l.blocked("carla", "10.0.0.1"));
}

TEST_F(LoginLimiterTest, AFloodOfMadeUpLoginsStaysBounded) {
  auto l = limiter(LoginLimits{.max_failures = 5, .window = 15min, .block = 15min, .max_tracked = 10});
  fail(l, "anna", "10.0.0.1", 5);
  for (int i = 0; i < 4; ++i) {
    now_ += 1s;
    l.failed("made-up-" + std::to_string(i), "10.0.0." + std::to_string(i + 2));
  }
  EXPECT_TRUE(l.blocked("anna", "10.0.0.99"));
  for (int i = 4; i < 40; ++i) {
    now_ += 1s;
    l.failed("made-up-" + std::to_string(i), "10.0.0." + std::to_string(i + 2));
  }
  // Still working, still blocking the most recent offenders.
  fail(l, "bert", "10.0.1.1", 5);
  EXPECT_TRUE(l.blocked("bert", "10.0.1.2"));
}

}  // namespace
}  // namespace buurtbot::auth
