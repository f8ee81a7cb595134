#include "flows/state_json.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

TEST(StateJson, RoundTrip) {
  ConversationState state;
  state.flow = "initiative";
  state.step = "confirm";
  state.values = {{"title", "Bankje \"bij\" de speeltuin 🌳"}, {"help", "money,advice"}, {"help_label", "Geld, Advies"}};
  state.history = {"title", "description", "theme"};
  state.updated_at = Clock::time_point(std::chrono::milliseconds(1'770'000'000'123));
  const auto json = serialize_state(state);
  const auto back = deserialize_state(json);
  EXPECT_EQ(back.flow, state.flow);
  EXPECT_EQ(back.step, state.step);
  EXPECT_EQ(back.values, state.values);
  EXPECT_EQ(back.history, state.history);
  EXPECT_EQ(back.updated_at, state.updated_at);
  EXPECT_EQ(serialize_state(back), json);
}

TEST(StateJson, IdleStateRoundTrips) {
  const auto back = deserialize_state(serialize_state(ConversationState{}));
  EXPECT_TRUE(back.idle());
  EXPECT_TRUE(back.values.empty());
}

TEST(StateJson, BrokenTextGivesIdleState) {
  for (std::string text : {"", "{", "[]", "42", R"({"flow": 3})", R"({"values": {"a": [1]}})"}) {
    EXPECT_TRUE(deserialize_state(text).idle()) << text;
  }
}

TEST(StateJson, InvalidUtf8DoesNotThrow) {
  ConversationState state;
  state.flow = "question";
  state.values["question"] = "kapot \xff\xfe";
  EXPECT_NO_THROW(deserialize_state(serialize_state(state)));
}

TEST(StateJson, MissingFieldsTakeDefaults) {
  auto state = deserialize_state(R"({"flow": "support", "step": "ref"})");
  EXPECT_EQ(state.flow, "support");
  EXPECT_TRUE(state.history.empty());
  EXPECT_EQ(state.updated_at, Clock::time_point{});
}

}  // namespace
}  // namespace buurtbot::flows
