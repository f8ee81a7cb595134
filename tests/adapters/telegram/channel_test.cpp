#include "adapters/telegram/channel.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::telegram {
namespace {

TEST(TelegramChannel, NegativeChatIdsAreGroups) {
  EXPECT_TRUE(is_group_chat("-1001234567890"));
  EXPECT_TRUE(is_group_chat("-42"));
  EXPECT_FALSE(is_group_chat("42"));
  EXPECT_FALSE(is_group_chat("-"));
  EXPECT_FALSE(is_group_chat(""));
}

TEST(TelegramChannel, AChatAddressIsAChatIdOrAPublicName) {
  for (const auto* address : {"-1001234567890", "123456789", "@gemeente_inbox"})
    EXPECT_TRUE(is_chat_address(address)) << address;
  for (const auto* address : {"", "-", "12-34", "gemeente", "@ab", "-100 123"})
    EXPECT_FALSE(is_chat_address(address)) << address;
}

}  // namespace
}  // namespace buurtbot::adapters::telegram
