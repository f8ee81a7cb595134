#include "flows/definition.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

TEST(Lang, ParsesChannelLanguageCodes) {
  EXPECT_EQ(parse_lang("nl"), Lang::nl);
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_EQ(parse_lang("en-GB"), Lang::en);
  EXPECT_EQ(parse_lang("NL_be"), Lang::nl);
  EXPECT_EQ(parse_lang("de"), std::nullopt);
  EXPECT_EQ(parse_lang("english"), std::nullopt);
  EXPECT_EQ(parse_lang(""), std::nullopt);
  EXPECT_EQ(to_string(Lang::nl), "nl");
  EXPECT_EQ(to_string(Lang::en), "en");
}

TEST(FlowSet, MessageFallsBackToItsKey) {
  FlowSet flows;
  flows.messages["yes"] = {"Ja", "Yes"};
  EXPECT_EQ(flows.message("yes", Lang::en), "Yes");
  EXPECT_EQ(flows.message("nope", Lang::nl), "nope");
}

}  // namespace
}  // namespace buurtbot::flows
