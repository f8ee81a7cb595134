#include "bot/core/random_token.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace buurtbot {
namespace {

using ::testing::MatchesRegex;

TEST(Tokens, AreLongUrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto token = random_token();
    EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]{43}"));
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace buurtbot
