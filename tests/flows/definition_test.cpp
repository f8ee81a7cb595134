#include "flows/definition.hpp"

#include "flows/messages.hpp"

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

TEST(FlowSet, TextFillsTheMessagesPlaceholders) {
  FlowSet flows;
  flows.messages["choice_invalid"] = {"Typ 1 tot {count}.", "Type 1 to {count}."};
  EXPECT_EQ(flows.text("choice_invalid", Lang::nl, {{"count", "3"}}), "Typ 1 tot 3.");
  EXPECT_EQ(flows.text("choice_invalid", Lang::en, {{"count", "3"}}), "Type 1 to 3.");
}

TEST(MessageSpecs, PlaceholdersAreReadTheWayFillReadsThem) {
  EXPECT_EQ(placeholders_in("Plan {ref} \"{title}\"\nStatus: {status}"), (std::vector<std::string>{"ref", "title", "status"}));
  EXPECT_TRUE(placeholders_in("geen haakjes, of { open").empty());
  EXPECT_TRUE(placeholders_in("{over\ntwee regels}").empty());
}

TEST(MessageSpecs, EveryKeyIsListedOnce) {
  for (const auto& spec : message_specs()) EXPECT_EQ(find_message_spec(spec.key), &spec) << spec.key;
  EXPECT_EQ(find_message_spec("no_such_text"), nullptr);
}

TEST(MessageSpecs, AButtonsVariantFillsWhatItsTextFills) {
  ASSERT_NE(find_message_spec("choice_invalid_buttons"), nullptr);
  EXPECT_EQ(find_message_spec("choice_invalid_buttons"), find_message_spec("choice_invalid"));
}

}  // namespace
}  // namespace buurtbot::flows
