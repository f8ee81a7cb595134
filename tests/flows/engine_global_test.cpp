// The words and commands that work everywhere, the menu, idle expiry and free text.
// Most cases are rows: (flow, step, input) → (flow, step, reply text, action).

#include "tests/flows/fake_facts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using testing::buttons;
using testing::Chat;
using testing::texts;

struct Row {
  std::string name;
  std::string flow;  ///< state before: flow and step (empty: idle)
  std::string step;
  std::vector<std::string> history;
  Input input;
  std::string want_flow;  ///< state after
  std::string want_step;
  std::string want_text;  ///< a piece of the replies
  std::string want_action = {};
};

const std::vector<Row> kRows{
    {"stop cancels", "initiative", "description", {"title"}, {"stop", {}}, "", "", "Gestopt. Er is niets bewaard."},
    {"Annuleer any case", "initiative", "title", {}, {" Annuleer! ", {}}, "", "", "Gestopt."},
    {"cancel in English", "support", "ref", {}, {"cancel", {}}, "", "", "Gestopt."},
    {"/stop as a command", "support", "ref", {}, {"/stop", {}}, "", "", "Gestopt."},
    {"terug at the first step", "initiative", "title", {}, {"terug", {}}, "initiative", "title",
     "Dit is de eerste vraag"},
    {"back to the previous step", "initiative", "theme", {"title", "description"}, {"back", {}}, "initiative",
     "description", "Vertel in een paar zinnen"},
    {"help shows the step's help", "initiative", "title", {}, {"help", {}}, "initiative", "title",
     "Geef je plan een korte naam"},
    {"help without step help is general", "initiative", "theme", {}, {"Help?", {}}, "initiative", "theme",
     "Typ terug om de vorige vraag"},
    {"menu drops the flow", "initiative", "description", {"title"}, {"menu", {}}, "", "", "Wat wil je doen?"},
    {"/menu shows the menu", "", "", {}, {"/menu", {}}, "", "", "Wat wil je doen?"},
    {"/start welcomes", "", "", {}, {"/start", {}}, "", "", "Hallo! Ik ben de buurtbot"},
    {"/help lists commands", "", "", {}, {"/help", {}}, "", "", "/vergeetmij"},
    {"help while idle is /help", "", "", {}, {"help", {}}, "", "", "/initiatief om een plan in te dienen"},
    {"stop while idle", "", "", {}, {"stop", {}}, "", "", "Je bent nu niet met iets bezig."},
    {"unknown command", "", "", {}, {"/pizza", {}}, "", "", "Die opdracht ken ik niet."},
    {"unknown command drops the flow", "initiative", "description", {}, {"/pizza", {}}, "", "", "Wat wil je doen?"},
    {"command starts a flow from another", "initiative", "description", {"title"}, {"/steun", {}}, "support", "ref",
     "Steunen betekent: je laat zien dat je het een goed plan vindt."},
    {"command alone", "", "", {}, {"/volg", {}}, "follow", "ref", "Welk plan wil je volgen?"},
    {"command case-insensitive", "", "", {}, {"/VRAAG", {}}, "question", "question", "Wat is je vraag?"},
    {"command with argument", "", "", {}, {"/steun bi-2026-0001", {}}, "", "", "", "support"},
    {"command with argument and spaces", "", "", {}, {" /Volg   BI-2026-0003 ", {}}, "", "", "", "follow"},
    {"command with a bad argument", "", "", {}, {"/steun BI-12", {}}, "support", "ref", "Dit is geen plannummer."},
    {"command with words searches", "", "", {}, {"/steun morgen", {}}, "support", "ref", "Ik vind geen plan met 'morgen'."},
    {"command with a choice argument", "", "", {}, {"/taal English", {}}, "", "", "", "set_language"},
    {"menu pick by number", "", "", {}, {"1", {}}, "initiative", "title", "Wat is de naam van je plan?"},
    {"menu pick by title", "", "", {}, {"een vraag stellen", {}}, "question", "question", "Wat is je vraag?"},
    {"menu pick by button", "", "", {}, {{}, "workgroup"}, "workgroup", "workgroup", "Over welke werkgroep"},
    {"old menu button inside a flow", "initiative", "title", {}, {{}, "support"}, "support", "ref", "Steunen"},
    {"not understood", "", "", {}, {"fiets", {}}, "", "", "Ik begrijp je niet helemaal."},
    {"a word of a menu title picks it", "", "", {}, {"steun", {}}, "support", "ref", "Steunen betekent"},
    {"a typo of a menu title picks it", "", "", {}, {"een vraag stelen", {}}, "question", "question", "Wat is je vraag?"},
    {"a word of several titles is not understood", "", "", {}, {"plan", {}}, "", "", "Ik begrijp je niet helemaal."},
    {"a step of a removed flow", "oldflow", "x", {}, {"hallo", {}}, "", "", "We beginnen opnieuw."},
};

TEST(EngineGlobal, Rows) {
  const auto now = testing::kStart;
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    testing::FakeFacts facts;
    ConversationState state{row.flow, row.step, {}, row.history, now - std::chrono::minutes(1)};
    auto result = step(testing::real_flows(), state, row.input, facts, Lang::nl, now, EngineSettings{});
    EXPECT_EQ(result.state.flow, row.want_flow);
    EXPECT_EQ(result.state.step, row.want_step);
    EXPECT_EQ(result.state.updated_at, now);
    if (!row.want_text.empty()) {
      EXPECT_NE(texts(result).find(row.want_text), std::string::npos) << texts(result);
    }
    EXPECT_EQ(result.action ? result.action->name : "", row.want_action);
    EXPECT_TRUE(result.action || !result.replies.empty()) << "never silence";
  }
}

TEST(EngineGlobal, MenuListsEveryMenuFlowInOrder) {
  Chat chat;
  auto menu = chat.send("menu");
  EXPECT_EQ(buttons(menu), (std::vector<std::string>{"initiative", "mine", "support", "follow", "unfollow", "workgroup",
                                                     "question", "language", "mydata", "forgetme"}));
  EXPECT_EQ(menu.replies.back().choices.front().label, "Een plan indienen");
  chat.lang = Lang::en;
  EXPECT_EQ(chat.send("menu").replies.back().choices.front().label, "Submit a plan");
}

TEST(EngineGlobal, StartWelcomesThenShowsTheMenu) {
  Chat chat;
  auto start = chat.send("/start");
  ASSERT_EQ(start.replies.size(), 2u);
  EXPECT_EQ(buttons(start).size(), 10u);
  EXPECT_TRUE(start.state.idle());
}

TEST(EngineGlobal, StopStoresNothing) {
  Chat chat;
  chat.send("/initiatief");
  chat.send("Bankje bij de speeltuin");
  auto stopped = chat.send("stop");
  EXPECT_FALSE(stopped.action);
  EXPECT_TRUE(stopped.state.idle());
  EXPECT_TRUE(stopped.state.values.empty());
  EXPECT_TRUE(stopped.state.history.empty());
}

TEST(EngineGlobal, TerugWalksBackThroughHistory) {
  Chat chat;
  chat.send("/initiatief");
  chat.send("Bankje bij de speeltuin");
  chat.send("Een bankje zodat ouders kunnen zitten.");
  ASSERT_EQ(chat.state.step, "theme");
  auto back = chat.send("terug");
  EXPECT_EQ(back.state.step, "description");
  EXPECT_EQ(back.state.history, std::vector<std::string>{"title"});
  EXPECT_EQ(chat.send("terug").state.step, "title");
  auto first = chat.send("terug");
  EXPECT_EQ(first.state.step, "title");
  EXPECT_NE(texts(first).find("eerste vraag"), std::string::npos);
  EXPECT_EQ(chat.send("Een ander bankje").state.step, "description");
  EXPECT_EQ(chat.state.values.at("title"), "Een ander bankje");
}

TEST(EngineGlobal, IdleTimeoutDropsTheFlowPolitely) {
  Chat chat;
  chat.send("/initiatief");
  chat.send("Bankje bij de speeltuin");
  chat.now += std::chrono::minutes(31);
  auto later = chat.send("Een bankje zodat ouders kunnen zitten.");
  EXPECT_NE(texts(later).find("Je was een tijdje weg. We beginnen opnieuw."), std::string::npos);
  EXPECT_NE(texts(later).find("Ik begrijp je niet helemaal."), std::string::npos);
  EXPECT_TRUE(later.state.idle());
  EXPECT_FALSE(later.action);
  EXPECT_EQ(later.state.updated_at, chat.now);
}

TEST(EngineGlobal, IdleTimeoutThenCommandStartsFresh) {
  Chat chat;
  chat.settings.idle_timeout = std::chrono::minutes(5);
  chat.send("/initiatief");
  chat.now += std::chrono::minutes(10);
  auto later = chat.send("/vraag");
  EXPECT_EQ(later.replies.front().text, "Je was een tijdje weg. We beginnen opnieuw.");
  EXPECT_EQ(later.state.flow, "question");
}

TEST(EngineGlobal, WithinTheTimeoutNothingExpires) {
  Chat chat;
  chat.send("/initiatief");
  chat.now += std::chrono::minutes(28);
  auto next = chat.send("Bankje bij de speeltuin");
  EXPECT_EQ(next.state.step, "description");
  EXPECT_EQ(texts(next).find("tijdje weg"), std::string::npos);
}

TEST(EngineGlobal, FreeTextGoesToAnOpenQuestion) {
  Chat chat;
  chat.facts.open_question = true;
  auto added = chat.send("  En de lantaarnpaal is ook kapot.  ");
  ASSERT_TRUE(added.action);
  EXPECT_EQ(added.action->name, "add_to_question");
  EXPECT_EQ(added.action->fields.at("text"), "En de lantaarnpaal is ook kapot.");
  EXPECT_TRUE(added.replies.empty());
  EXPECT_TRUE(added.state.idle());
  auto closing = outcome_replies(chat.flows, *added.action, {"ok", {}}, Lang::nl);
  EXPECT_EQ(closing[0].text, "Dank je. We hebben je bericht bij je vraag gezet.");
}

TEST(EngineGlobal, FreeTextWhileAPlanWaitsAnswersThePlanNotAnOpenQuestion) {
  Chat chat;
  chat.facts.open_question = true;
  chat.facts.waiting_plan = "BI-2026-0001";
  auto answered = chat.send("Het bankje komt bij de ingang van de speeltuin.");
  ASSERT_TRUE(answered.action);
  EXPECT_EQ(answered.action->name, "answer_plan_question");
  EXPECT_EQ(answered.action->flow, "plan_answer");
  EXPECT_EQ(answered.action->fields.at("ref"), "BI-2026-0001");
  EXPECT_EQ(answered.action->fields.at("answer"), "Het bankje komt bij de ingang van de speeltuin.");
  EXPECT_TRUE(answered.state.idle());
  auto closing = outcome_replies(chat.flows, *answered.action, {"ok", {{"title", "Bankje"}}}, Lang::nl);
  EXPECT_THAT(closing[0].text, ::testing::HasSubstr("We hebben je antwoord bij je plan Bankje gezet."));
}

TEST(EngineGlobal, ThanksWhileAPlanWaitsIsNoAnswer) {
  Chat chat;
  chat.facts.waiting_plan = "BI-2026-0001";
  auto thanks = chat.send("bedankt");
  EXPECT_FALSE(thanks.action);
  EXPECT_THAT(texts(thanks), ::testing::HasSubstr("Graag gedaan"));
}

TEST(EngineGlobal, APhotoWhileAPlanWaitsGoesWithTheAnswer) {
  Chat chat;
  chat.facts.open_question = true;
  chat.facts.waiting_plan = "BI-2026-0001";
  auto photo = chat.run(Input{"Hier is de plek", {}, {"photo-1"}});
  ASSERT_TRUE(photo.action);
  EXPECT_EQ(photo.action->name, "answer_plan_question");
  EXPECT_EQ(photo.action->fields.at(std::string(kAttachmentsField)), "photo-1");
}

TEST(EngineGlobal, MenuWordsWinOverAnOpenQuestion) {
  Chat chat;
  chat.facts.open_question = true;
  EXPECT_FALSE(chat.send("menu").action);
  EXPECT_EQ(chat.send("2").state.flow, "mine");
}

TEST(EngineGlobal, FreeTextWithoutOpenQuestionShowsTheMenu) {
  Chat chat;
  auto reply = chat.send("Hoe laat is het?");
  EXPECT_FALSE(reply.action);
  ASSERT_EQ(reply.replies.size(), 1u);
  EXPECT_EQ(reply.replies[0].text, "Ik begrijp je niet helemaal.\n\nWat wil je doen? Typ het nummer.");
  EXPECT_EQ(buttons(reply).size(), 10u);
}

TEST(EngineGlobal, TheMenuSpeaksOfButtonsOnlyWhereTheChannelHasThem) {
  Chat typing;
  EXPECT_EQ(typing.send("menu").replies.at(0).text, "Wat wil je doen? Typ het nummer.");
  Chat pressing;
  pressing.settings.buttons = true;
  EXPECT_EQ(pressing.send("menu").replies.at(0).text, "Wat wil je doen? Kies een knop of typ het nummer.");
}

TEST(EngineGlobal, AnOptionNotListedIsRefusedInTheChannelsWords) {
  for (const bool with_buttons : {false, true}) {
    Chat chat;
    chat.settings.buttons = with_buttons;
    chat.send("/mijn");
    const auto text = chat.send("7").replies.at(0).text;
    EXPECT_EQ(text.find("knop") != std::string::npos, with_buttons) << text;
    EXPECT_NE(text.find("een nummer van 1 tot 2"), std::string::npos) << text;
  }
}

TEST(EngineGlobal, AGreetingGetsTheWelcome) {
  for (const std::string greeting : {"Hallo!", "hoi", "Goedemiddag", "hello", "Good morning."}) {
    Chat chat;
    const auto reply = chat.send(greeting);
    EXPECT_THAT(texts(reply), ::testing::HasSubstr("Ik ben de buurtbot van de gemeente")) << greeting;
    EXPECT_THAT(texts(reply), ::testing::Not(::testing::HasSubstr("Ik begrijp je niet"))) << greeting;
  }
}

TEST(EngineGlobal, ThanksGetAFriendlyAnswerAndTheMenu) {
  for (const std::string thanks : {"Bedankt!", "dank je wel", "Dankjewel", "thanks"}) {
    Chat chat;
    const auto reply = chat.send(thanks);
    ASSERT_EQ(reply.replies.size(), 1u) << thanks;
    EXPECT_EQ(reply.replies[0].text, "Graag gedaan!\n\nWat wil je doen? Typ het nummer.") << thanks;
    EXPECT_EQ(buttons(reply).size(), 10u);
  }
}

TEST(EngineGlobal, EmptyInputIsNeverSilent) {
  Chat chat;
  chat.facts.open_question = true;
  auto reply = chat.send("   ");
  EXPECT_FALSE(reply.action);
  EXPECT_FALSE(reply.replies.empty());
}

TEST(EngineGlobal, EnglishWordsAndTexts) {
  Chat chat;
  chat.lang = Lang::en;
  chat.send("/question");
  EXPECT_NE(texts(chat.send("help")).find("Is it about a plan?"), std::string::npos);
  auto stopped = chat.send("cancel");
  EXPECT_NE(texts(stopped).find("Stopped. Nothing was saved."), std::string::npos);
  EXPECT_NE(texts(chat.send("what?")).find("I do not quite understand you."), std::string::npos);
  EXPECT_NE(texts(chat.send("/nonsense")).find("I do not know that command."), std::string::npos);
}

}  // namespace
}  // namespace buurtbot::flows
