// Whole runs through the initiative flow, in Dutch and English, with and without money.

#include "tests/flows/fake_facts.hpp"

#include <gtest/gtest.h>

namespace buurtbot::flows {
namespace {

using testing::buttons;
using testing::Chat;
using testing::texts;

const std::string kTitle = "Bankje bij de speeltuin";
const std::string kDescription = "Een bankje zodat ouders kunnen zitten bij de speeltuin.";

// Answers the questions up to and including the help asked.
void answer_until_help(Chat& chat, const std::string& help) {
  EXPECT_EQ(chat.send("/initiatief").state.step, "title");
  EXPECT_EQ(chat.send(kTitle).state.step, "description");
  auto theme = chat.send(kDescription);
  EXPECT_EQ(theme.state.step, "theme");
  EXPECT_EQ(buttons(theme), (std::vector<std::string>{"green", "traffic", "play"}));
  EXPECT_EQ(chat.send("1").state.step, "neighbourhood");
  auto help_step = chat.press("north");
  EXPECT_EQ(help_step.state.step, "help");
  EXPECT_EQ(buttons(help_step), (std::vector<std::string>{"money", "permission", "space", "advice", "none"}));
  chat.send(help);
}

TEST(InitiativeFlow, WholeRunWithMoney) {
  Chat chat;
  answer_until_help(chat, "geld en advies");
  EXPECT_EQ(chat.state.step, "amount");
  auto publish = chat.send("€ 1.250,50");
  EXPECT_EQ(publish.state.step, "publish");
  EXPECT_NE(texts(publish).find("Mag iedereen je plan zien op de website van de gemeente? Je naam staat er niet bij."),
            std::string::npos) << texts(publish);
  EXPECT_EQ(buttons(publish), (std::vector<std::string>{"yes", "no"}));
  auto summary = chat.send("1");
  EXPECT_EQ(summary.state.step, "confirm");
  const auto text = texts(summary);
  EXPECT_NE(text.find("Naam: " + kTitle), std::string::npos) << text;
  EXPECT_NE(text.find("Thema: Groen"), std::string::npos) << text;
  EXPECT_NE(text.find("Wijk: Noord"), std::string::npos) << text;
  EXPECT_NE(text.find("Hulp van de gemeente: Geld, Advies"), std::string::npos) << text;
  EXPECT_NE(text.find("Bedrag: € 1.250,50"), std::string::npos) << text;
  EXPECT_NE(text.find("Op de website: Ja"), std::string::npos) << text;
  EXPECT_EQ(buttons(summary), (std::vector<std::string>{"yes", "no"}));

  auto done = chat.send("ja");
  EXPECT_TRUE(done.state.idle());
  EXPECT_TRUE(done.replies.empty());  // the outcome text follows once the action ran
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->name, "create_initiative");
  EXPECT_EQ(done.action->flow, "initiative");
  EXPECT_EQ(done.action->step, "submit");
  const auto& fields = done.action->fields;
  EXPECT_EQ(fields.at("title"), kTitle);
  EXPECT_EQ(fields.at("description"), kDescription);
  EXPECT_EQ(fields.at("theme"), "green");
  EXPECT_EQ(fields.at("neighbourhood"), "north");
  EXPECT_EQ(fields.at("help"), "money,advice");
  EXPECT_EQ(fields.at("amount"), "125050");
  EXPECT_EQ(fields.at("publish"), "yes");

  auto closing = outcome_replies(chat.flows, *done.action, {"ok", {{"ref", "BI-2026-0042"}}}, Lang::nl);
  ASSERT_EQ(closing.size(), 1u);
  EXPECT_NE(closing[0].text.find("BI-2026-0042"), std::string::npos);
  EXPECT_NE(closing[0].text.find("Een medewerker van de gemeente bekijkt je plan"), std::string::npos);
  EXPECT_NE(closing[0].text.find("Je volgt je plan vanzelf"), std::string::npos);
}

TEST(InitiativeFlow, WholeRunWithoutMoneySkipsTheAmount) {
  Chat chat;
  answer_until_help(chat, "toestemming, ruimte");
  EXPECT_EQ(chat.state.step, "publish");
  EXPECT_EQ(chat.state.values.count("amount"), 0u);
  EXPECT_NE(texts(chat.press("no")).find("Op de website: Nee"), std::string::npos);
  auto done = chat.press("yes");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->fields.at("publish"), "no");
  EXPECT_EQ(done.action->fields.at("help"), "permission,space");
  EXPECT_EQ(done.action->fields.count("amount"), 0u);
}

TEST(InitiativeFlow, SummaryLeavesOutTheAmountLineWithoutMoney) {
  Chat chat;
  answer_until_help(chat, "5");
  ASSERT_EQ(chat.state.step, "publish");
  EXPECT_EQ(chat.state.values.at("help"), "none");
  EXPECT_EQ(chat.state.values.at("help_label"), "Geen");
}

TEST(InitiativeFlow, GoingBackAndDroppingMoneyForgetsTheAmount) {
  Chat chat;
  answer_until_help(chat, "1");
  chat.send("500");
  ASSERT_EQ(chat.send("ja").state.step, "confirm");
  EXPECT_EQ(chat.send("terug").state.step, "publish");
  EXPECT_EQ(chat.send("terug").state.step, "amount");
  EXPECT_EQ(chat.send("terug").state.step, "help");
  EXPECT_EQ(chat.send("geen").state.step, "publish");
  EXPECT_EQ(chat.send("ja").state.step, "confirm");
  auto done = chat.send("ja");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->fields.count("amount"), 0u);
  EXPECT_EQ(done.action->fields.count("amount_label"), 0u);
}

TEST(InitiativeFlow, ConfirmNoOffersToChangeOneAnswerOrToStop) {
  Chat chat;
  answer_until_help(chat, "geen");
  chat.send("ja");
  auto which = chat.send("nee");
  EXPECT_FALSE(which.action);
  EXPECT_NE(texts(which).find("Wat wil je veranderen?"), std::string::npos) << texts(which);
  ASSERT_FALSE(which.replies.empty());
  const auto& choices = which.replies.back().choices;
  ASSERT_EQ(choices.size(), 7u);
  EXPECT_EQ(choices[0].label, "Naam: " + kTitle);
  EXPECT_EQ(choices[1].label, "Uitleg: Een bankje zodat ouders kunnen zitten bi…");
  EXPECT_EQ(choices[2].label, "Thema: Groen");
  EXPECT_EQ(choices[4].label, "Hulp van de gemeente: Geen");
  EXPECT_EQ(choices[5].label, "Op de website: Ja");
  EXPECT_EQ(choices[6].label, "Stoppen, niets bewaren");
  auto cancelled = chat.send("7");
  EXPECT_FALSE(cancelled.action);
  EXPECT_TRUE(cancelled.state.idle());
  EXPECT_TRUE(cancelled.state.values.empty());
  EXPECT_NE(texts(cancelled).find("Er is niets bewaard"), std::string::npos);
}

TEST(InitiativeFlow, AChangedAnswerGoesBackToTheSummaryWithTheOthersKept) {
  Chat chat;
  answer_until_help(chat, "geen");
  chat.send("ja");
  chat.send("nee");
  auto title = chat.send("naam");
  EXPECT_EQ(title.state.step, "title");
  EXPECT_NE(texts(title).find("Je antwoord was: " + kTitle), std::string::npos) << texts(title);
  auto summary = chat.send("Bankje bij de vijver");
  EXPECT_EQ(summary.state.step, "confirm") << texts(summary);
  EXPECT_NE(texts(summary).find("Naam: Bankje bij de vijver"), std::string::npos);
  EXPECT_NE(texts(summary).find("Wijk: Noord"), std::string::npos);
  auto done = chat.send("ja");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->fields.at("title"), "Bankje bij de vijver");
  EXPECT_EQ(done.action->fields.count("_return_to"), 0u);
}

TEST(InitiativeFlow, ChangingTheHelpToMoneyAsksTheAmountOnTheWayBack) {
  Chat chat;
  answer_until_help(chat, "geen");
  chat.send("ja");
  chat.send("nee");
  chat.send("5");
  auto amount = chat.send("geld");
  EXPECT_EQ(amount.state.step, "amount") << texts(amount);
  auto summary = chat.send("1250");
  EXPECT_EQ(summary.state.step, "confirm");
  EXPECT_NE(texts(summary).find("Bedrag: € 1.250"), std::string::npos) << texts(summary);
}

TEST(InitiativeFlow, MenuInTheMiddleAsksBeforeThrowingTheAnswersAway) {
  Chat chat;
  chat.send("/initiatief");
  chat.send(kTitle);
  auto asked = chat.send("menu");
  EXPECT_NE(texts(asked).find("gooi ik je antwoorden weg"), std::string::npos) << texts(asked);
  EXPECT_EQ(buttons(asked), (std::vector<std::string>{"yes", "no"}));
  auto stay = chat.send("nee");
  EXPECT_EQ(stay.state.step, "description");
  EXPECT_NE(texts(stay).find("we gaan verder"), std::string::npos);
  EXPECT_EQ(stay.state.values.at("title"), kTitle);
  chat.send("menu");
  auto left = chat.send("ja");
  EXPECT_TRUE(left.state.idle());
  EXPECT_NE(texts(left).find("Wat wil je doen?"), std::string::npos);
  Chat fresh;
  fresh.send("/initiatief");
  EXPECT_TRUE(fresh.send("menu").state.idle()) << "nothing to lose: the menu at once";
}

TEST(InitiativeFlow, BackShowsTheEarlierAnswer) {
  Chat chat;
  chat.send("/initiatief");
  chat.send(kTitle);
  auto back = chat.send("terug");
  EXPECT_EQ(back.state.step, "title");
  EXPECT_NE(texts(back).find("Je antwoord was: " + kTitle), std::string::npos) << texts(back);
}

TEST(InitiativeFlow, ConfirmAcceptsOnlyYesOrNo) {
  Chat chat;
  answer_until_help(chat, "geen");
  chat.send("ja");
  auto again = chat.send("misschien");
  EXPECT_EQ(again.state.step, "confirm");
  EXPECT_FALSE(again.action);
  ASSERT_EQ(again.replies.size(), 1u);
  EXPECT_EQ(again.replies[0].text.rfind("Typ ja of nee.\n\nDit is je plan:", 0), 0u) << again.replies[0].text;
  EXPECT_EQ(buttons(again), (std::vector<std::string>{"yes", "no"}));
}

TEST(InitiativeFlow, InEnglish) {
  Chat chat;
  chat.lang = Lang::en;
  auto first = chat.send("/initiative");
  EXPECT_NE(texts(first).find("What is the name of your plan?"), std::string::npos);
  chat.send(kTitle);
  chat.send(kDescription);
  auto neighbourhood = chat.send("green");
  EXPECT_EQ(neighbourhood.state.values.at("theme_label"), "Green");
  chat.send("City centre");
  auto amount = chat.send("money, advice");
  EXPECT_NE(texts(amount).find("How much money"), std::string::npos);
  auto publish = chat.send("€1,250");
  EXPECT_NE(texts(publish).find("May everyone see your plan on the municipality's website? Your name is not shown."),
            std::string::npos);
  auto summary = chat.send("yes");
  EXPECT_NE(texts(summary).find("On the website: Yes"), std::string::npos);
  EXPECT_NE(texts(summary).find("Help from the municipality: Money, Advice"), std::string::npos);
  EXPECT_NE(texts(summary).find("Amount: €1,250"), std::string::npos);
  auto done = chat.send("yes");
  ASSERT_TRUE(done.action);
  EXPECT_EQ(done.action->fields.at("amount"), "125000");
  auto closing = outcome_replies(chat.flows, *done.action, {"ok", {{"ref", "BI-2026-0042"}}}, Lang::en);
  EXPECT_NE(closing[0].text.find("Its number is BI-2026-0042"), std::string::npos);
}

TEST(InitiativeFlow, ValidationErrorsReaskTheSameStep) {
  Chat chat;
  chat.send("/initiatief");
  auto short_title = chat.send("Bank");
  EXPECT_EQ(short_title.state.step, "title");
  ASSERT_EQ(short_title.replies.size(), 1u);
  EXPECT_EQ(short_title.replies[0].text,
            "Dit is te kort. Typ minstens 5 tekens.\n\nWat is de naam van je plan? Bijvoorbeeld: Bankje bij de speeltuin.");

  auto long_title = chat.send(std::string(10 * 1024, 'x'));
  EXPECT_EQ(long_title.state.step, "title");
  EXPECT_NE(long_title.replies[0].text.find("Dit is te lang. Je typte 10240 tekens"), std::string::npos);

  std::string emoji;
  for (int i = 0; i < 2560; ++i) emoji += "🌳";  // 10 KB, 2560 characters
  EXPECT_NE(texts(chat.send(emoji)).find("Je typte 2560 tekens"), std::string::npos);

  EXPECT_EQ(chat.send("🌳 Bankje 🌳").state.step, "description");
  EXPECT_EQ(chat.state.values.at("title"), "🌳 Bankje 🌳");
}

TEST(InitiativeFlow, AmountErrorsExplainTheFix) {
  Chat chat;
  answer_until_help(chat, "geld");
  auto negative = chat.send("-100");
  EXPECT_EQ(negative.state.step, "amount");
  EXPECT_NE(negative.replies[0].text.find("zonder min"), std::string::npos);
  auto too_much = chat.send("2.000.000");
  EXPECT_EQ(too_much.replies[0].text.rfind("Dit bedrag is te hoog. Het mag hoogstens € 1.000.000 zijn.\n\n", 0), 0u);
  auto words = chat.send("heel veel");
  EXPECT_NE(words.replies[0].text.find("Dit is geen bedrag"), std::string::npos);
}

TEST(InitiativeFlow, SqlLookingTextIsStoredAsTyped) {
  Chat chat;
  chat.send("/initiatief");
  const std::string title = "x'); DROP TABLE initiatives;--";
  EXPECT_EQ(chat.send(title).state.step, "description");
  EXPECT_EQ(chat.state.values.at("title"), title);
}

TEST(InitiativeFlow, EmptyThemeListEndsWithoutAction) {
  Chat chat;
  chat.facts.clear("themes");
  chat.send("/initiatief");
  chat.send(kTitle);
  auto ended = chat.send(kDescription);
  EXPECT_TRUE(ended.state.idle());
  EXPECT_FALSE(ended.action);
  EXPECT_NE(texts(ended).find("Er zijn nog geen thema's"), std::string::npos);
}

}  // namespace
}  // namespace buurtbot::flows
