// The built-in flows besides the initiative: each run to its action, and the outcome texts.

#include "tests/flows/fake_facts.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using testing::buttons;
using testing::Chat;
using testing::labels;
using testing::texts;

std::string outcome_text(const Chat& chat, const Action& action, ActionOutcome outcome, Lang lang = Lang::nl) {
  auto replies = outcome_replies(chat.flows, action, outcome, lang);
  EXPECT_EQ(replies.size(), 1u);
  return replies.empty() ? "" : replies[0].text;
}

TEST(MineFlow, WithdrawAPlan) {
  Chat chat;
  auto list = chat.send("/mijn");
  EXPECT_EQ(buttons(list), (std::vector<std::string>{"BI-2026-0001", "BI-2026-0002"}));
  EXPECT_EQ(list.replies.back().choices[0].label, "BI-2026-0001 · Bankje · ingediend");
  auto what = chat.send("1");
  EXPECT_NE(texts(what).find("Bankje bij de speeltuin.\n\nWat wil je doen?"), std::string::npos) << texts(what);
  EXPECT_EQ(buttons(what), (std::vector<std::string>{"withdraw", "menu"}));
  auto sure = chat.press("withdraw");
  EXPECT_EQ(sure.state.step, "sure");
  auto done = chat.send("ja");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->name, "withdraw_initiative");
  EXPECT_EQ(done.action->fields.at("ref"), "BI-2026-0001");
  EXPECT_NE(outcome_text(chat, *done.action, {"ok", {}}).find("Je plan BI-2026-0001 is ingetrokken"), std::string::npos);
  EXPECT_NE(outcome_text(chat, *done.action, {"not_allowed", {}}).find("niet meer intrekken"), std::string::npos);
  EXPECT_NE(outcome_text(chat, *done.action, {"not_found", {}}).find("niet vinden"), std::string::npos);
}

TEST(MineFlow, AWithdrawnPlanShowsItsDetailsAndOffersNoWithdrawing) {
  Chat chat;
  chat.send("/mijn");
  auto what = chat.send("2");
  EXPECT_NE(texts(what).find("Een hek om het veld."), std::string::npos) << texts(what);
  EXPECT_EQ(buttons(what), std::vector<std::string>{"menu"});
  auto typed = chat.send("intrekken");
  EXPECT_FALSE(typed.action);
  EXPECT_EQ(typed.state.step, "what");
  EXPECT_EQ(chat.state.values.count("ref_fact_withdrawable"), 1u);
  chat.send("terug");
  auto other = chat.send("1");
  EXPECT_EQ(buttons(other), (std::vector<std::string>{"withdraw", "menu"})) << "the facts are the new plan's";
}

TEST(MineFlow, APlanTheMunicipalityAskedAboutCanBeAnsweredHere) {
  Chat chat;
  chat.facts.set("my_initiatives",
                 {{"BI-2026-0003", "BI-2026-0003 · Bankje · meer informatie nodig",
                   {{"details", "Vraag van de gemeente: waar?"}, {"withdrawable", "yes"}, {"answerable", "yes"}}}},
                 {});
  chat.send("/mijn");
  auto what = chat.send("1");
  EXPECT_EQ(buttons(what), (std::vector<std::string>{"answer", "withdraw", "menu"}));
  auto asked = chat.send("beantwoorden");
  EXPECT_EQ(asked.state.step, "answer");
  auto answered = chat.send("Bij de ingang van de speeltuin.");
  ASSERT_TRUE(answered.action);
  EXPECT_EQ(answered.action->name, "answer_plan_question");
  EXPECT_EQ(answered.action->fields.at("ref"), "BI-2026-0003");
  EXPECT_EQ(answered.action->fields.at("answer"), "Bij de ingang van de speeltuin.");
  EXPECT_NE(outcome_text(chat, *answered.action, {"not_waiting", {{"ref", "BI-2026-0003"}}}).find("wacht niet meer"),
            std::string::npos);
}

TEST(MineFlow, BackToTheMenuStartsTheMenu) {
  Chat chat;
  chat.send("/mijn");
  chat.send("1");
  auto menu = chat.send("terug naar het menu");
  EXPECT_TRUE(menu.state.idle());
  EXPECT_EQ(buttons(menu).size(), 10u);
}

TEST(MineFlow, NoPlansSaysSoAndEnds) {
  Chat chat;
  chat.facts.clear("my_initiatives");
  auto empty = chat.send("/mijn");
  EXPECT_TRUE(empty.state.idle());
  EXPECT_FALSE(empty.action);
  EXPECT_EQ(texts(empty), "Je hebt nog geen plannen. Wil je een plan indienen? Typ /initiatief.\n");
}

TEST(MineFlow, ConfirmNoCancels) {
  Chat chat;
  chat.send("/mijn");
  chat.send("1");
  chat.send("1");
  auto no = chat.press("no");
  EXPECT_FALSE(no.action);
  EXPECT_TRUE(no.state.idle());
  EXPECT_NE(texts(no).find("Gestopt"), std::string::npos);
}

TEST(ChoiceStep, AUniquePartOrATypoOfALabelPicksIt) {
  struct Row {
    std::string typed;
    std::vector<std::string> want;
  };
  for (const auto& row : std::vector<Row>{{"toestemmnig", {"permission"}},
                                          {"Toestemming", {"permission"}},
                                          {"advise", {"advice"}},
                                          {"geld en advise", {"money", "advice"}},
                                          {"ruimt", {"space"}}}) {
    SCOPED_TRACE(row.typed);
    Chat chat;
    chat.state = ConversationState{"initiative", "help", {}, {}, chat.now};
    auto result = chat.send(row.typed);
    EXPECT_EQ(chat.state.values["help"], testing::join_keys(row.want)) << texts(result);
  }
  Chat mine;
  mine.send("/mijn");
  mine.send("1");
  EXPECT_EQ(mine.send("intrekken").state.step, "sure") << "a unique part: 'Plan intrekken'";
  Chat workgroups;
  workgroups.send("/werkgroep");
  EXPECT_EQ(workgroups.send("groen in de").state.values["workgroup"], "1");
}

TEST(ChoiceStep, AShortTypoOrAPartInsideAWordPicksNothing) {
  Chat chat;
  chat.state = ConversationState{"initiative", "help", {}, {}, chat.now};
  for (std::string typed : {"geef", "ge", "eld"}) {
    auto result = chat.send(typed);
    EXPECT_EQ(chat.state.step, "help") << typed << ": " << texts(result);
  }
}

TEST(ChoiceStep, OutOfRangeAndUnknownTextListWhatIsValid) {
  Chat chat;
  chat.send("/mijn");
  for (std::string input : {"7", "fiets?", "0"}) {
    auto again = chat.send(input);
    EXPECT_EQ(again.state.step, "ref") << input;
    ASSERT_EQ(again.replies.size(), 1u);
    EXPECT_EQ(again.replies[0].text.rfind("Dat staat niet in de lijst. Typ een nummer van 1 tot 2.\n\n", 0),
              0u);
    EXPECT_EQ(buttons(again), (std::vector<std::string>{"BI-2026-0001", "BI-2026-0002"}));
  }
}

TEST(ChoiceStep, ByNumberKeyLabelAndButton) {
  for (auto [input, button] : std::vector<std::pair<std::string, std::string>>{
           {"2", ""}, {"traffic", ""}, {"VERKEER", ""}, {" verkeer. ", ""}, {"", "traffic"}}) {
    Chat chat;
    chat.send("/initiatief");
    chat.send("Bankje bij de speeltuin");
    chat.send("Een bankje zodat ouders kunnen zitten.");
    auto next = button.empty() ? chat.send(input) : chat.press(button);
    EXPECT_EQ(next.state.step, "neighbourhood") << input << button;
    EXPECT_EQ(chat.state.values.at("theme"), "traffic");
    EXPECT_EQ(chat.state.values.at("theme_label"), "Verkeer");
  }
}

TEST(FollowFlow, FollowsByReference) {
  Chat chat;
  chat.send("/volg");
  auto bad = chat.send("BI-12");
  ASSERT_EQ(bad.replies.size(), 1u);
  EXPECT_EQ(bad.replies[0].text,
            "Dit is geen plannummer. Een plannummer ziet er zo uit: BI-2026-0001.\n\n"
            "Welk plan wil je volgen? Kies een plan, typ het nummer (zoals BI-2026-0001) of typ een woord om te "
            "zoeken, bijvoorbeeld speeltuin.");
  auto done = chat.send("bi-2026-0005");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->name, "follow");
  EXPECT_EQ(done.action->fields.at("ref"), "BI-2026-0005");
  EXPECT_EQ(outcome_text(chat, *done.action, {"ok", {{"title", "Speeltuin"}}}),
            "Je volgt nu het plan Speeltuin (BI-2026-0005). Je krijgt hier een bericht als er iets verandert.");
  EXPECT_NE(outcome_text(chat, *done.action, {"already", {{"title", "Speeltuin"}}}).find("al"), std::string::npos);
  EXPECT_NE(outcome_text(chat, *done.action, {"not_found", {}}).find("geen plan met nummer BI-2026-0005"),
            std::string::npos);
}

TEST(UnfollowFlow, FromTheListOrATypedReference) {
  Chat chat;
  chat.send("/ontvolg");
  auto picked = chat.send("1");
  ASSERT_TRUE(picked.action);
  EXPECT_EQ(picked.action->name, "unfollow");
  EXPECT_EQ(picked.action->fields.at("ref"), "BI-2026-0007");

  chat.send("/ontvolg");
  auto typed = chat.send("BI-2026-0099");
  ASSERT_TRUE(typed.action);
  EXPECT_EQ(typed.action->fields.at("ref"), "BI-2026-0099");
  EXPECT_NE(outcome_text(chat, *typed.action, {"not_following", {{"title", "X"}}}).find("Je volgde het plan X"),
            std::string::npos);

  auto argument = chat.send("/unfollow bi-2026-0007");
  ASSERT_TRUE(argument.action);
  EXPECT_EQ(argument.action->fields.at("ref"), "BI-2026-0007");
}

TEST(UnfollowFlow, NothingFollowed) {
  Chat chat;
  chat.facts.clear("followed_initiatives");
  auto empty = chat.send("/ontvolg");
  EXPECT_FALSE(empty.action);
  EXPECT_NE(texts(empty).find("Je volgt nog geen plannen."), std::string::npos);
}

TEST(SupportFlow, ExplainsThenSupports) {
  Chat chat;
  auto ask = chat.send("/steun");
  EXPECT_NE(texts(ask).find("Steunen betekent: je laat zien dat je het een goed plan vindt."), std::string::npos);
  auto done = chat.send("BI-2026-0001");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->name, "support");
  EXPECT_EQ(outcome_text(chat, *done.action, {"ok", {{"title", "Bankje"}, {"supporters", "12 mensen steunen dit plan."}}}),
            "Dank je! Je steunt nu het plan Bankje (BI-2026-0001). 12 mensen steunen dit plan.");
  EXPECT_NE(outcome_text(chat, *done.action, {"already", {{"title", "Bankje"}, {"supporters", "12 mensen steunen dit plan."}}})
                .find("12 mensen steunen dit plan"),
            std::string::npos);
  EXPECT_EQ(outcome_text(chat, *done.action, {"ok", {{"title", "Bench"}, {"supporters", "12 people support this plan."}}}, Lang::en),
            "Thank you! You now support the plan Bench (BI-2026-0001). 12 people support this plan.");
}

TEST(WorkgroupFlow, JoinAndLeave) {
  Chat chat;
  auto list = chat.send("/werkgroep");
  EXPECT_EQ(buttons(list), (std::vector<std::string>{"1", "2"}));
  EXPECT_NE(list.replies.back().choices[1].label.find("je bent lid"), std::string::npos);
  chat.send("1");
  auto join = chat.press("join");
  ASSERT_TRUE(join.action);
  EXPECT_EQ(join.action->name, "join_workgroup");
  EXPECT_EQ(join.action->fields.at("workgroup"), "1");
  EXPECT_EQ(outcome_text(chat, *join.action, {"ok", {{"name", "Groen in de wijk"}}}),
            "Je bent nu lid van de werkgroep Groen in de wijk. Je krijgt hier berichten van de werkgroep.");
  EXPECT_NE(outcome_text(chat, *join.action, {"already", {{"name", "G"}}}).find("al lid"), std::string::npos);

  chat.send("/werkgroep");
  chat.press("2");
  auto leave = chat.send("geen lid meer zijn");
  ASSERT_TRUE(leave.action);
  EXPECT_EQ(leave.action->name, "leave_workgroup");
  EXPECT_EQ(leave.action->fields.at("workgroup"), "2");
  EXPECT_NE(outcome_text(chat, *leave.action, {"not_member", {{"name", "V"}}}).find("Je was geen lid"), std::string::npos);
}

// A member is offered leaving, a non-member joining: never the one that would change nothing.
TEST(WorkgroupFlow, OffersOnlyWhatWouldChangeSomething) {
  Chat chat;
  chat.send("/werkgroep");
  auto outsider = chat.send("1");
  EXPECT_EQ(labels(outsider), (std::vector<std::string>{"Lid worden", "Terug naar het menu"}));
  chat.send("/werkgroep");
  auto member = chat.send("2");
  EXPECT_EQ(labels(member), (std::vector<std::string>{"Geen lid meer zijn", "Terug naar het menu"}));
}

TEST(WorkgroupFlow, NoWorkgroups) {
  Chat chat;
  chat.facts.clear("workgroups");
  auto empty = chat.send("/werkgroep");
  EXPECT_FALSE(empty.action);
  EXPECT_TRUE(empty.state.idle());
  EXPECT_NE(texts(empty).find("Er zijn nog geen werkgroepen."), std::string::npos);
}

TEST(QuestionFlow, AsksAndSaysWhatHappensNext) {
  Chat chat;
  chat.send("/vraag");
  EXPECT_EQ(chat.send("Hoi").state.step, "question");
  auto asked = chat.send("Wanneer wordt de stoep gemaakt?");
  ASSERT_TRUE(asked.action);
  EXPECT_EQ(asked.action->name, "ask_question");
  EXPECT_EQ(asked.action->fields.at("question"), "Wanneer wordt de stoep gemaakt?");
  EXPECT_EQ(outcome_text(chat, *asked.action, {"ok", {{"thread", "4"}, {"days", "5 werkdagen"}}}),
            "Een medewerker van de gemeente leest je vraag. Je krijgt binnen 5 werkdagen antwoord.\n"
            "Wil je nog iets toevoegen? Stuur het gewoon hier.");
}

TEST(QuestionFlow, TenKilobytesIsTooLong) {
  Chat chat;
  chat.send("/vraag");
  auto long_text = chat.send(std::string(10 * 1024, 'a'));
  EXPECT_FALSE(long_text.action);
  EXPECT_NE(long_text.replies[0].text.find("hoogstens 4000"), std::string::npos);
}

TEST(LanguageFlow, OutcomeComesInTheNewLanguage) {
  Chat chat;
  chat.send("/taal");
  auto set = chat.send("2");
  ASSERT_TRUE(set.action);
  EXPECT_EQ(set.action->name, "set_language");
  EXPECT_EQ(set.action->fields.at("language"), "en");
  // The dispatcher passes the language the action just set.
  EXPECT_EQ(outcome_text(chat, *set.action, {"ok", {}}, Lang::en), "All right, I will talk to you in English now.");
}

TEST(MyDataFlow, ShowsTheExportAsIs) {
  Chat chat;
  auto request = chat.send("/mijngegevens");
  ASSERT_TRUE(request.action);
  EXPECT_EQ(request.action->name, "export_data");
  EXPECT_TRUE(request.replies.empty());
  const std::string data = "Dit bewaren wij over je:\nNaam: Jan {ref}";
  EXPECT_EQ(outcome_text(chat, *request.action, {"ok", {{"data", data}}}), data);
}

TEST(ForgetMeFlow, ExplainsAndAsksFirst) {
  Chat chat;
  auto ask = chat.send("/vergeetmij ja");  // an argument never confirms for the resident
  EXPECT_FALSE(ask.action);
  EXPECT_EQ(ask.state.step, "sure");
  EXPECT_NE(texts(ask).find("Je plannen en je steun blijven bestaan, maar zonder je naam."), std::string::npos);
  auto done = chat.send("ja");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->name, "forget_me");
  EXPECT_NE(outcome_text(chat, *done.action, {"ok", {}}).find("We hebben je gegevens gewist."), std::string::npos);
}

TEST(ForgetMeFlow, NoKeepsEverything) {
  Chat chat;
  chat.send("/forgetme");
  auto no = chat.send("nee");
  EXPECT_FALSE(no.action);
  EXPECT_TRUE(no.state.idle());
}

TEST(OutcomeReplies, FallBackToGenericTexts) {
  Chat chat;
  const Action action{"follow", "follow", "follow", {{"ref", "BI-2026-0001"}}};
  EXPECT_EQ(outcome_text(chat, action, {"not_allowed", {}}), "Dat kan nu niet. Heb je een vraag? Typ /vraag.");
  EXPECT_EQ(outcome_text(chat, action, {"exploded", {}}),
            "Dat is niet gelukt. Probeer het later nog eens, of typ /vraag om ons een vraag te stellen.");
  const Action unknown_flow{"follow", "gone", "gone", {}};
  EXPECT_EQ(outcome_text(chat, unknown_flow, {"ok", {}}, Lang::en), "Done. Type menu to do something else.");
}

TEST(OutcomeReplies, OutcomeVarsWinOverFields) {
  Chat chat;
  const Action action{"follow", "follow", "follow", {{"ref", "bi-2026-0001"}, {"title", "typed"}}};
  EXPECT_EQ(outcome_text(chat, action, {"already", {{"ref", "BI-2026-0001"}, {"title", "Bankje"}}}),
            "Je volgt het plan Bankje (BI-2026-0001) al. Er is niets veranderd.");
}

}  // namespace
}  // namespace buurtbot::flows

namespace buurtbot::flows {
namespace {

TEST(IntroText, IsSaidOnceWhenTheStepIsReached) {
  Chat chat;
  auto first = chat.send("/steun");
  ASSERT_EQ(first.replies.size(), 2u);
  EXPECT_NE(first.replies[0].text.find("Steunen betekent"), std::string::npos);
  auto again = chat.send("morgen");
  ASSERT_EQ(again.replies.size(), 1u);  // the refusal and the question again, in one message
  EXPECT_EQ(texts(again).find("Steunen betekent"), std::string::npos);
  EXPECT_NE(again.replies[0].text.find("Welk plan wil je steunen?"), std::string::npos);
}

TEST(IntroText, IsNotSaidWhenThereIsNothingToChoose) {
  Chat chat;
  chat.facts.clear("workgroups");
  EXPECT_EQ(texts(chat.send("/werkgroep")).find("In een werkgroep"), std::string::npos);
}

}  // namespace
}  // namespace buurtbot::flows
