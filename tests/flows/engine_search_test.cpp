// Finding a plan to support or follow: the newest open plans five at a time, "meer" for the next
// five, a typed word searches, a plan's number or a deep link goes straight to it.

#include "tests/flows/fake_facts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using testing::buttons;
using testing::Chat;
using testing::texts;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ref(int n) { return "BI-2026-00" + std::string(n < 10 ? "0" : "") + std::to_string(n); }

/// Twelve open plans, newest first, as the facts give them; two of them about a playground.
Chat with_twelve_plans() {
  Chat chat;
  std::vector<Choice> plans;
  for (int n = 12; n >= 1; --n) {
    const std::string title = n == 3 || n == 9 ? "Speeltuin " + std::to_string(n) : "Plan " + std::to_string(n);
    plans.push_back({ref(n), ref(n) + " · " + title + " · ingediend"});
  }
  chat.facts.set("open_initiatives", plans, plans);
  return chat;
}

TEST(FindingPlans, SupportWithoutANumberShowsTheNewestFiveAndSaysHowToSeeMore) {
  Chat chat = with_twelve_plans();
  auto first = chat.send("/steun");
  EXPECT_THAT(buttons(first), ElementsAre(ref(12), ref(11), ref(10), ref(9), ref(8)));
  EXPECT_THAT(texts(first), HasSubstr("Typ meer voor de volgende plannen."));
  EXPECT_THAT(texts(first), HasSubstr("typ een woord om te zoeken"));
}

TEST(FindingPlans, MoreShowsTheNextFiveThenTheRestThenStartsAgain) {
  Chat chat = with_twelve_plans();
  chat.send("/steun");
  EXPECT_THAT(buttons(chat.send("meer")), ElementsAre(ref(7), ref(6), ref(5), ref(4), ref(3)));
  auto last = chat.send("meer");
  EXPECT_THAT(buttons(last), ElementsAre(ref(2), ref(1)));
  EXPECT_THAT(texts(last), Not(HasSubstr("Typ meer")));
  auto again = chat.send("meer");
  EXPECT_THAT(texts(again), HasSubstr("Dit waren alle plannen."));
  EXPECT_THAT(buttons(again), ElementsAre(ref(12), ref(11), ref(10), ref(9), ref(8)));
}

TEST(FindingPlans, ANumberPicksFromThePageOnScreen) {
  Chat chat = with_twelve_plans();
  chat.send("/volg");
  chat.send("meer");
  auto picked = chat.send("2");
  ASSERT_TRUE(picked.action);
  EXPECT_EQ(picked.action->name, "follow");
  EXPECT_EQ(picked.action->fields.at("ref"), ref(6));
}

TEST(FindingPlans, AWordSearchesAndTheAnswerIsPickedFromWhatItFound) {
  Chat chat = with_twelve_plans();
  chat.send("/steun");
  auto found = chat.send("Speeltuin");
  EXPECT_THAT(buttons(found), ElementsAre(ref(9), ref(3)));
  EXPECT_THAT(texts(found), HasSubstr("Plannen met 'Speeltuin':"));
  auto picked = chat.send("2");
  ASSERT_TRUE(picked.action);
  EXPECT_EQ(picked.action->fields.at("ref"), ref(3));
}

TEST(FindingPlans, AWordThatFindsNothingSaysSoAndKeepsTheList) {
  Chat chat = with_twelve_plans();
  chat.send("/steun");
  auto nothing = chat.send("zwembad");
  EXPECT_THAT(texts(nothing), HasSubstr("Ik vind geen plan met 'zwembad'."));
  EXPECT_THAT(buttons(nothing), ElementsAre(ref(12), ref(11), ref(10), ref(9), ref(8)));
  EXPECT_FALSE(nothing.action);
}

TEST(FindingPlans, APlansNumberStillGoesStraightToIt) {
  Chat chat = with_twelve_plans();
  chat.send("/steun");
  auto typed = chat.send("bi-2026-0001");
  ASSERT_TRUE(typed.action);
  EXPECT_EQ(typed.action->fields.at("ref"), "BI-2026-0001");
  Chat direct = with_twelve_plans();
  auto at_once = direct.send("/steun BI-2026-0077");
  ASSERT_TRUE(at_once.action) << "a plan not in the list is the action's to look up";
  EXPECT_EQ(at_once.action->fields.at("ref"), "BI-2026-0077");
}

TEST(FindingPlans, ADeepLinkGoesStraightToSupportingOrFollowing) {
  Chat chat = with_twelve_plans();
  auto support = chat.send("/start steun_BI-2026-0042");
  ASSERT_TRUE(support.action);
  EXPECT_EQ(support.action->name, "support");
  EXPECT_EQ(support.action->fields.at("ref"), "BI-2026-0042");
  auto follow = chat.send("/start volg_BI-2026-0042");
  ASSERT_TRUE(follow.action);
  EXPECT_EQ(follow.action->name, "follow");
}

TEST(FindingPlans, NoOpenPlansEndsKindly) {
  Chat chat;
  chat.facts.clear("open_initiatives");
  auto none = chat.send("/steun");
  EXPECT_THAT(texts(none), HasSubstr("Er zijn nu geen open plannen."));
  EXPECT_TRUE(none.state.idle());
}


// A resident with no plan of their own who never said where they live is asked once, so that the open
// plans nearby come first; the answer goes to the list at once, and to the action to be kept.
TEST(FindingPlans, AnUnknownHomeIsAskedBeforeTheListAndGoesWithIt) {
  Chat chat = with_twelve_plans();
  chat.facts.resident = {{"home_known", "no"}};
  auto asked = chat.send("/steun");
  EXPECT_THAT(texts(asked), HasSubstr("In welke wijk of welk dorp woon je?"));
  EXPECT_THAT(buttons(asked), ElementsAre("centre", "north", "none"));
  auto listed = chat.send("noord");
  EXPECT_THAT(buttons(listed), ElementsAre(ref(12), ref(11), ref(10), ref(9), ref(8)));
  EXPECT_EQ(chat.facts.last_answers.at("home"), "north");
  auto picked = chat.send("1");
  ASSERT_TRUE(picked.action);
  EXPECT_EQ(picked.action->fields.at("home"), "north");
}

TEST(FindingPlans, AResidentMayRatherNotSayWhereTheyLive) {
  Chat chat = with_twelve_plans();
  chat.facts.resident = {{"home_known", "no"}};
  chat.send("/volg");
  auto listed = chat.send("zeg ik liever niet");
  EXPECT_THAT(buttons(listed), ElementsAre(ref(12), ref(11), ref(10), ref(9), ref(8)));
  auto picked = chat.send("1");
  ASSERT_TRUE(picked.action);
  EXPECT_EQ(picked.action->fields.at("home"), "none");
}

TEST(FindingPlans, AKnownHomeOrANamedPlanIsNotAskedAbout) {
  Chat known = with_twelve_plans();
  EXPECT_THAT(texts(known.send("/steun")), Not(HasSubstr("woon je")));
  Chat named = with_twelve_plans();
  named.facts.resident = {{"home_known", "no"}};
  auto picked = named.send("/steun " + ref(4));
  ASSERT_TRUE(picked.action) << texts(picked);
  EXPECT_EQ(picked.action->fields.at("ref"), ref(4));
  EXPECT_FALSE(picked.action->fields.contains("home"));
}

}  // namespace
}  // namespace buurtbot::flows
