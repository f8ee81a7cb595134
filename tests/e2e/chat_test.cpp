// Every built-in flow driven through `buurtbot chat`, asserting on the transcript and on what is stored.
#include "storage/repositories.hpp"
#include "tests/e2e/binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace buurtbot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kInitiative{
    "/initiatief",
    "Bankje bij de speeltuin",
    "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.",
    "1",        // groen
    "Centrum",  // by label
    "Geld, Advies",
    "€ 1.250",
    "ja",  // may be on the website
    "ja",
};

// Submits kInitiative as `name` and returns its reference.
std::string submit(const Instance& bot, const std::string& name) {
  auto r = bot.chat(name, kInitiative);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto ref = first_reference(r.out);
  EXPECT_FALSE(ref.empty()) << r.out;
  return ref;
}

TEST(ChatInitiative, ASubmittedPlanGetsAReferenceAndTheSubmitterFollowsIt) {
  Instance bot;
  auto r = bot.chat("Anna", kInitiative);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Dit is je plan:"));
  EXPECT_THAT(r.out, HasSubstr("Bedrag: € 1.250"));
  const auto ref = first_reference(r.out);
  ASSERT_FALSE(ref.empty()) << r.out;

  auto list = bot.initiatives();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["ref"], ref);
  EXPECT_EQ(list[0]["title"], "Bankje bij de speeltuin");
  EXPECT_EQ(list[0]["theme"], "groen");
  EXPECT_EQ(list[0]["neighbourhood"], "centrum");
  EXPECT_EQ(list[0]["status"], "submitted");
  EXPECT_EQ(list[0]["followers"], 1);

  auto show = bot.run({"initiative", "show", ref, "--json"});
  auto detail = nlohmann::json::parse(show.out);
  EXPECT_EQ(detail["amount_cents"], 125000);
  EXPECT_EQ(detail["help"], nlohmann::json({"money", "advice"}));
}

TEST(ChatInitiative, BadInputInEveryStepIsExplainedAndTheFlowGoesOn) {
  Instance bot;
  const std::string sql_title = "Bankje'); DROP TABLE initiatives;-- 🌳 \"quote\"";
  auto r = bot.chat("Anna", {
                                "/initiatief",
                                "",                       // empty
                                std::string(10240, 'x'),  // 10 KB
                                sql_title,
                                "te kort",
                                "Een bankje 🌳 bij de speeltuin, met \"aanhalingstekens\" en <b>html</b>.",
                                "99",  // out of range
                                "ruimtevaart",
                                "1",
                                "0",
                                "2",
                                "Geld, Geen",  // none cannot be combined
                                "1",
                                "veel",
                                "-5",
                                "1250,50",
                                "misschien",  // neither yes nor no to the website
                                "ja",
                                "misschien",
                                "ja",
                            });
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(first_reference(r.out).empty()) << r.out;
  auto list = bot.initiatives();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["title"], sql_title);
  EXPECT_EQ(list[0]["theme"], "groen");
  EXPECT_EQ(list[0]["neighbourhood"], "noord");
  auto detail = nlohmann::json::parse(bot.run({"initiative", "show", list[0]["ref"], "--json"}).out);
  EXPECT_EQ(detail["amount_cents"], 125050);
  // Each mistake got its own explanation rather than silence or a crash.
  EXPECT_GE(std::count(r.out.begin(), r.out.end(), '\n'), 30);
}

TEST(ChatInitiative, StopStoresNothing) {
  Instance bot;
  auto r = bot.chat("Anna", {"/initiatief", "Bankje bij de speeltuin", "stop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("niets bewaard"));
  EXPECT_TRUE(bot.initiatives().empty());
}

TEST(ChatInitiative, ConfirmNoStoresNothing) {
  Instance bot;
  auto lines = kInitiative;
  lines.back() = "nee";
  ASSERT_EQ(bot.chat("Anna", lines).exit_code, 0);
  EXPECT_TRUE(bot.initiatives().empty());
}

// The confirm step lists "1. Ja" and "2. Nee", so the numbers answer it as the words do.
TEST(ChatInitiative, ConfirmByTheListedNumbers) {
  Instance bot;
  auto lines = kInitiative;
  lines.back() = "1";
  auto r = bot.chat("Anna", lines);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1. Ja"));
  EXPECT_EQ(bot.initiatives().size(), 1u);

  Instance other;
  lines.back() = "2";
  ASSERT_EQ(other.chat("Anna", lines).exit_code, 0);
  EXPECT_TRUE(other.initiatives().empty());
}

TEST(ChatInitiative, BackGoesToThePreviousStep) {
  Instance bot;
  auto r = bot.chat("Anna", {"/initiatief", "Eerste naam van het plan", "terug", "Betere naam van het plan",
                             "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.", "1", "1", "Geen",
                             "ja", "ja"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = bot.initiatives();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["title"], "Betere naam van het plan");
}

// Asked once: Bert has no plan of his own, so /steun asks where he lives, and /volg later does not.
TEST(ChatSupport, AResidentWithoutAPlanIsAskedWhereTheyLiveOnce) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  auto asked = bot.chat("Bert", {"/steun", "Noord", "1"});
  EXPECT_THAT(asked.out, HasSubstr("In welke wijk of welk dorp woon je?"));
  EXPECT_THAT(asked.out, HasSubstr("1 persoon steunt dit plan."));
  auto later = bot.chat("Bert", {"/volg"});
  EXPECT_THAT(later.out, Not(HasSubstr("woon je")));
  EXPECT_THAT(later.out, HasSubstr(ref));
  EXPECT_THAT(bot.chat("Bert", {"/mijngegevens"}).out, HasSubstr("Waar je woont: Noord"));
}

TEST(ChatSupport, OneSupportPerResidentAndTheCountIsShown) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  auto bert = bot.chat("Bert", {"/steun " + ref, "/steun " + ref});
  EXPECT_THAT(bert.out, HasSubstr("1 persoon steunt dit plan."));
  EXPECT_THAT(bert.out, HasSubstr("al"));
  auto carla = bot.chat("Carla", {"/steun", "Zeg ik liever niet", ref});
  EXPECT_THAT(carla.out, HasSubstr("2 mensen steunen dit plan."));
  EXPECT_EQ(bot.initiatives()[0]["supports"], 2);
  auto unknown = bot.chat("Dirk", {"/steun BI-2020-0999"});
  EXPECT_THAT(unknown.out, HasSubstr("geen plan"));
}

TEST(ChatSupport, NobodySupportsTheirOwnPlanOrAWithdrawnOne) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  auto own = bot.chat("Anna", {"/steun " + ref});
  EXPECT_THAT(own.out, HasSubstr("Dit is je eigen plan"));
  EXPECT_EQ(bot.initiatives()[0]["supports"], 0);
  bot.chat("Anna", {"/mijn", "1", "1", "ja"});
  ASSERT_EQ(bot.initiatives()[0]["status"], "withdrawn");
  auto late = bot.chat("Bert", {"/steun " + ref, "/volg " + ref});
  EXPECT_THAT(late.out, HasSubstr("ingetrokken"));
  EXPECT_EQ(bot.initiatives()[0]["supports"], 0);
  EXPECT_EQ(bot.initiatives()[0]["followers"], 1) << "only Anna, who submitted it";
}

TEST(ChatMine, APlanShowsItsDetailsAndAWithdrawnOneCannotBeWithdrawnAgain) {
  Instance bot;
  const auto ref = submit(bot, "Anna");
  bot.chat("Bert", {"/steun " + ref});
  auto details = bot.chat("Anna", {"/mijn", "1"});
  EXPECT_THAT(details.out, HasSubstr("Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten."));
  EXPECT_THAT(details.out, HasSubstr("Status: ingediend. We hebben je plan ontvangen."));
  EXPECT_THAT(details.out, HasSubstr("1 persoon steunt dit plan."));
  EXPECT_THAT(details.out, HasSubstr("Plan intrekken"));
  bot.chat("Anna", {"/mijn", "1", "1", "ja"});
  ASSERT_EQ(bot.initiatives()[0]["status"], "withdrawn");
  auto after = bot.chat("Anna", {"/mijn", "1"});
  EXPECT_THAT(after.out, HasSubstr("Status: ingetrokken."));
  EXPECT_THAT(after.out, Not(HasSubstr("Plan intrekken")));
}

TEST(ChatFollow, FollowAndUnfollowChangeTheFollowers) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  bot.chat("Bert", {"/volg " + ref});
  EXPECT_EQ(bot.initiatives()[0]["followers"], 2);
  auto again = bot.chat("Bert", {"/volg " + ref});
  EXPECT_THAT(again.out, HasSubstr("al"));
  bot.chat("Bert", {"/ontvolg", "1"});
  EXPECT_EQ(bot.initiatives()[0]["followers"], 1);
}

TEST(ChatStatus, AStatusChangeReachesTheSubmitterAndTheFollowers) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  bot.chat("Bert", {"/volg " + ref});
  auto review = bot.run({"initiative", "status", ref, "in_review"});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  auto refused = bot.run({"initiative", "status", ref, "needs_info"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("answer"));
  auto illegal = bot.run({"initiative", "status", ref, "done"});
  EXPECT_EQ(illegal.exit_code, 1);
  ASSERT_EQ(bot.run({"initiative", "status", ref, "needs_info", "--answer", "Waar komt het bankje precies?"}).exit_code, 0);

  // The notifications wait in the outbox until each resident is back in the chat.
  auto anna = bot.chat("Anna", {});
  EXPECT_THAT(anna.out, HasSubstr("in behandeling"));
  EXPECT_THAT(anna.out, HasSubstr("Waar komt het bankje precies?"));
  auto bert = bot.chat("Bert", {});
  EXPECT_THAT(bert.out, HasSubstr("meer informatie nodig"));
  auto history = nlohmann::json::parse(bot.run({"initiative", "show", ref, "--json"}).out)["history"];
  EXPECT_EQ(history.size(), 3u);
}

TEST(ChatStatus, TheSubmittersPlainAnswerLandsOnThePlansThreadNotOnTheirOpenQuestion) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  ASSERT_EQ(bot.chat("Anna", {"/vraag", "Wanneer wordt het gras in het park gemaaid?"}).exit_code, 0);
  ASSERT_EQ(bot.run({"initiative", "status", ref, "in_review"}).exit_code, 0);
  ASSERT_EQ(bot.run({"initiative", "status", ref, "needs_info", "--answer", "Waar komt het bankje precies?"}).exit_code, 0);

  auto anna = bot.chat("Anna", {"Bij de ingang van de speeltuin, naast de zandbak."});
  ASSERT_EQ(anna.exit_code, 0) << anna.err;
  EXPECT_THAT(anna.out, HasSubstr("Typ je antwoord hier"));
  EXPECT_THAT(anna.out, HasSubstr("We hebben je antwoord bij je plan Bankje bij de speeltuin gezet."));

  auto show = bot.run({"initiative", "show", ref, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto detail = nlohmann::json::parse(show.out);
  EXPECT_EQ(detail["status"], "in_review");
  ASSERT_TRUE(detail["thread"].is_number_integer()) << show.out;
  EXPECT_THAT(bot.run({"initiative", "show", ref}).out, HasSubstr("Inbox thread:"));

  auto db = storage::Database::open(bot.database());
  storage::Inbox inbox(db);
  const storage::Id plan_thread = detail["thread"].get<storage::Id>();
  auto answers = inbox.messages(plan_thread);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].text, "Bij de ingang van de speeltuin, naast de zandbak.");
  auto question = inbox.open_thread_of(inbox.find(plan_thread)->resident_id);
  ASSERT_TRUE(question);
  EXPECT_NE(question->id, plan_thread);
  EXPECT_EQ(inbox.messages(question->id).size(), 1u) << "the answer was not added to the question";
}

TEST(ChatMine, TheSubmitterSeesAndWithdrawsTheirPlan) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  auto r = bot.chat("Anna", {"/mijn", "1", "1", "ja"});
  EXPECT_THAT(r.out, HasSubstr(ref));
  EXPECT_EQ(bot.initiatives()[0]["status"], "withdrawn");
  auto none = bot.chat("Bert", {"/mijn"});
  EXPECT_THAT(none.out, HasSubstr("nog geen"));
}

TEST(ChatWorkgroup, JoinAndLeave) {
  Instance bot;
  auto join = bot.chat("Anna", {"/werkgroep", "1", "1"});
  EXPECT_THAT(join.out, HasSubstr("Je bent nu lid"));
  EXPECT_EQ(bot.workgroups()[0]["members"], 1);
  auto member = bot.chat("Anna", {"/werkgroep", "1"});
  EXPECT_THAT(member.out, HasSubstr("1. Geen lid meer zijn"));
  EXPECT_THAT(member.out, Not(HasSubstr("Lid worden")));
  bot.chat("Anna", {"1"});
  EXPECT_EQ(bot.workgroups()[0]["members"], 0);
}

TEST(ChatQuestion, AQuestionOpensAThreadAndWhatFollowsIsAddedToIt) {
  Instance bot;
  auto r = bot.chat("Anna", {"/vraag", "Wanneer wordt het gras in het park gemaaid?", "En wie doet dat?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("3 werkdagen"));
  auto db = storage::Database::open(bot.database());
  storage::Inbox inbox(db);
  auto threads = inbox.threads_of(1);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads[0].channel, "terminal");
  auto messages = inbox.messages(threads[0].id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].text, "En wie doet dat?");
}

TEST(ChatMenu, FreeTextOutsideAFlowGetsTheMenu) {
  Instance bot;
  auto r = bot.chat("Anna", {"hallo"});
  EXPECT_THAT(r.out, HasSubstr("Een plan indienen"));
  auto pick = bot.chat("Anna", {"/menu", "1"});
  EXPECT_THAT(pick.out, HasSubstr("Wat is de naam van je plan?"));
}

TEST(ChatLanguage, TheChosenLanguageIsRemembered) {
  Instance bot;
  bot.chat("Anna", {"/taal", "English"});
  auto r = bot.chat("Anna", {"/menu"});
  EXPECT_THAT(r.out, HasSubstr("Submit a plan"));
  auto english = bot.chat("Bert", {"/start"}, "en");
  EXPECT_THAT(english.out, HasSubstr("Submit a plan"));
}

// `--lang` is the person at the keyboard choosing: it switches a resident who already chats in Dutch.
TEST(ChatLanguage, TheLangOptionSwitchesAnExistingResidentToo) {
  Instance bot;
  auto dutch = bot.chat("Anna", {"/menu"});
  ASSERT_THAT(dutch.out, HasSubstr("Een plan indienen"));
  auto english = bot.chat("Anna", {"/menu"}, "en");
  EXPECT_THAT(english.out, HasSubstr("Submit a plan"));
  auto later = bot.chat("Anna", {"/menu"});
  EXPECT_THAT(later.out, HasSubstr("Submit a plan")) << "the choice is remembered";
}

TEST(ChatMyData, ShowsWhatIsStoredAndForgetMeErasesIt) {
  Instance bot;
  auto ref = submit(bot, "Anna");
  auto data = bot.chat("Anna", {"/mijngegevens"});
  EXPECT_THAT(data.out, HasSubstr("Naam: Anna"));
  EXPECT_THAT(data.out, HasSubstr(ref));
  auto forget = bot.chat("Anna", {"/vergeetmij", "ja"});
  ASSERT_EQ(forget.exit_code, 0) << forget.err;

  auto list = bot.initiatives();
  ASSERT_EQ(list.size(), 1u) << "the plan stays, without a name";
  auto db = storage::Database::open(bot.database());
  EXPECT_TRUE(storage::Residents(db).identities(1).empty());
  EXPECT_TRUE(storage::Residents(db).find(1)->display_name.empty());
  auto audit = storage::Audit(db).list();
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& a) { return a.action == "resident.forget"; }));

  auto after = bot.chat("Anna", {"/mijngegevens"});
  EXPECT_THAT(after.out, Not(HasSubstr(ref)));
}

TEST(ChatTerminal, EmptyInputEndsCleanly) {
  Instance bot;
  auto r = bot.chat("Anna", {});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

const std::string kEscapes = "\x1b]0;pwned\x07\x1b[2J\xc2\x9b" "31m";

// A plan's name is one line of plain text: the window title and the screen of whoever reads it stay theirs.
TEST(ChatInitiative, ATitleWithControlCharactersIsRefused) {
  Instance bot;
  auto r = bot.chat("Anna", {"/initiatief", "Bankje" + kEscapes, "Bankje\tbij de speeltuin", "Bankje bij de speeltuin"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto refused = r.out.find("één regel");
  ASSERT_NE(refused, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("één regel", refused + 1), std::string::npos) << "the tab is refused too";
  EXPECT_THAT(r.out, HasSubstr("Vertel in een paar zinnen"));
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "nothing of the refused title is echoed raw";
}

// What other people wrote reaches a resident's terminal with its escapes shown, not obeyed.
TEST(ChatTerminal, OtherPeoplesTextIsPrintedWithoutEscapes) {
  Instance bot;
  const auto ref = submit(bot, "Anna");
  {
    auto db = storage::Database::open(bot.database());
    db.prepare("UPDATE initiatives SET title = ?1").bind(1, "Bankje" + kEscapes).run();
  }
  auto r = bot.chat("Bert", {"/volg " + ref});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Bankje\\x1b]0;pwned\\x07"));
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos);
}

TEST(ChatTerminal, ANameWithControlCharactersIsRefused) {
  Instance bot;
  auto r = bot.chat("Anna" + kEscapes, {"/start"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("control characters"));
}

// Bytes that are not UTF-8 (a pasted binary file, a terminal set to Latin-1) must not end the chat.
TEST(ChatTerminal, RandomBytesOnStandardInputDoNotEndTheChat) {
  Instance bot;
  std::mt19937 random(12);  // the same bytes every run
  std::string input;
  for (int line = 0; line < 40; ++line) {
    for (int i = 0; i < 60; ++i) input += static_cast<char>(random() % 256);
    input += "\n";
  }
  auto r = bot.run({"chat", "--as", "Anna"}, input + "/start\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("type_error"))) << r.err;
  // The last line still got its answer: the menu.
  EXPECT_THAT(r.out.substr(r.out.size() - std::min<std::size_t>(r.out.size(), 400)), HasSubstr("Wat wil je doen?"));
}

TEST(ChatTerminal, InvalidBytesArriveAsReplacementCharacters) {
  Instance bot;
  auto r = bot.chat("Anna", {"/vraag", "Is het gras al gemaaid bij caf\xe9 De Hoek? \xff"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("3 werkdagen"));
  auto db = storage::Database::open(bot.database());
  storage::Inbox inbox(db);
  auto threads = inbox.threads_of(1);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(inbox.messages(threads[0].id)[0].text, "Is het gras al gemaaid bij caf\uFFFD De Hoek? \uFFFD");
}

}  // namespace
}  // namespace buurtbot::testing
