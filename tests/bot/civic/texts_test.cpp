// The words residents, followers, workgroups and officers read after a domain change, word for word:
// these texts live in flows/messages.yaml, and this test holds them to what they said before.
#include "bot/civic/actions.hpp"
#include "bot/civic/facts.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/officer_actions.hpp"
#include "storage/repositories.hpp"
#include "flows/loader.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace buurtbot {
namespace {

constexpr const char* kGroenChat = "-100555";

class Texts : public testing::DemoDatabaseTest {
 protected:
  storage::Resident resident(const std::string& address, const std::string& language) {
    return storage::Residents(db()).find_or_create("telegram", address, address, "Anna", language);
  }

  storage::Initiative plan(storage::Id submitter) {
    storage::Initiative draft;
    draft.title = "Bankje bij de speeltuin";
    draft.theme = "groen";
    draft.neighbourhood = "noord";
    draft.submitter_id = submitter;
    return storage::Initiatives(db()).create(draft, 2026);
  }

  void link_groen_chat() {
    auto groen = storage::Workgroups(db()).find_by_name("Groen Centrum");
    storage::Workgroups(db()).link_chat(groen->id, "telegram", kGroenChat);
  }

  // A copy of the repo's flow files in the test's own folder, with one text of messages.yaml edited.
  std::filesystem::path flows_with_edited_text(const std::string& before, const std::string& after) {
    const auto flows_dir = dir_ / "flows";
    std::filesystem::create_directories(dir_);
    std::filesystem::copy(std::string(BUURTBOT_SOURCE_DIR) + "/flows", flows_dir);
    std::stringstream text;
    text << std::ifstream(flows_dir / "messages.yaml").rdbuf();
    auto messages = text.str();
    const auto at = messages.find(before);
    EXPECT_NE(at, std::string::npos) << before;
    if (at != std::string::npos) messages.replace(at, before.size(), after);
    std::ofstream(flows_dir / "messages.yaml") << messages;
    return flows_dir;
  }

  std::string last(const std::string& address) {
    auto rows = storage::Outbox(db()).pending_for("telegram", address);
    return rows.empty() ? std::string{} : nlohmann::json::parse(rows.back().payload).at("text").get<std::string>();
  }
};

TEST_F(Texts, AStatusChangeWithAnAnswerTellsTheSubmitterInDutch) {
  const auto bankje = plan(resident("7001", "nl").id);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "needs_info", "Waar komt het bankje precies?",
                                     "officer:test"),
            StatusChangeResult::ok);
  EXPECT_EQ(last("7001"), "📌 Nieuws over plan " + bankje.ref +
                              " \"Bankje bij de speeltuin\"\n"
                              "De status is nu: meer informatie nodig.\n"
                              "De gemeente heeft meer informatie nodig. Lees de vraag hieronder. Typ je antwoord hier, "
                              "in één bericht.\n"
                              "Vraag van de gemeente: Waar komt het bankje precies?");
}

TEST_F(Texts, FollowersAndWorkgroupsReadAboutAPlanThatIsNotTheirs) {
  const auto bankje = plan(resident("7001", "nl").id);
  const auto bert = storage::Residents(db()).find_or_create("telegram", "7002", "7002", "Bert", "nl");
  storage::Initiatives(db()).follow(bankje.id, bert.id);
  link_groen_chat();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "rejected", "Er staat al een bankje.",
                                     "officer:test"),
            StatusChangeResult::ok);
  EXPECT_EQ(last("7002"), "📌 Nieuws over het plan " + bankje.ref +
                              " \"Bankje bij de speeltuin\", dat je volgt.\n"
                              "De status is nu: afgewezen.\n"
                              "Antwoord van de gemeente: Er staat al een bankje.");
  EXPECT_EQ(last(kGroenChat), "📌 Nieuws over een plan over Groen: " + bankje.ref +
                                  " \"Bankje bij de speeltuin\".\n"
                                  "De status is nu: afgewezen.\n"
                                  "Antwoord van de gemeente: Er staat al een bankje.");
  EXPECT_THAT(last("7001"), ::testing::HasSubstr("je plan")) << "the submitter still reads about their own plan";
}

TEST_F(Texts, AFollowerWhoReadsTheWorkgroupChatOnTheSameAddressHearsOfAChangeOnce) {
  const auto bankje = plan(resident("7001", "nl").id);
  const auto bert = storage::Residents(db()).find_or_create("telegram", "7002", "7002", "Bert", "nl");
  storage::Initiatives(db()).follow(bankje.id, bert.id);
  auto groen = storage::Workgroups(db()).find_by_name("Groen Centrum");
  storage::Workgroups(db()).link_chat(groen->id, "telegram", "7002");
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  const auto rows = storage::Outbox(db()).pending_for("telegram", "7002");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(last("7002"), ::testing::HasSubstr("dat je volgt")) << "the follower's own wording";
}

TEST_F(Texts, TheGemeentesQuestionToTheSubmitterIsNotPassedOnAsAnAnswer) {
  const auto bankje = plan(resident("7001", "nl").id);
  const auto bert = storage::Residents(db()).find_or_create("telegram", "7002", "7002", "Bert", "nl");
  storage::Initiatives(db()).follow(bankje.id, bert.id);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "needs_info", "Waar komt het bankje precies?",
                                     "officer:test"),
            StatusChangeResult::ok);
  const auto follower = last("7002");
  EXPECT_THAT(follower, ::testing::HasSubstr("dat je volgt"));
  EXPECT_THAT(follower, ::testing::HasSubstr("meer informatie nodig"));
  EXPECT_THAT(follower, ::testing::Not(::testing::HasSubstr("/vraag")));
  EXPECT_THAT(follower, ::testing::Not(::testing::HasSubstr("Waar komt het bankje")));
}

TEST_F(Texts, AStatusChangeWithoutAnAnswerTellsTheSubmitterInEnglish) {
  const auto bankje = plan(resident("7002", "en").id);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  EXPECT_EQ(last("7002"), "📌 News about plan " + bankje.ref +
                              " \"Bankje bij de speeltuin\"\n"
                              "The status is now: under review.\n"
                              "An officer of the municipality is looking at your plan now. You will hear when there is news.");
}

TEST_F(Texts, AStatusChangeReachesTheWorkgroupOfTheTheme) {
  link_groen_chat();
  const auto bankje = plan(resident("7001", "nl").id);
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  EXPECT_THAT(last(kGroenChat), ::testing::StartsWith("📌 Nieuws over een plan over Groen: " + bankje.ref));
  EXPECT_THAT(last(kGroenChat), ::testing::HasSubstr("De status is nu: in behandeling."));
  EXPECT_THAT(last(kGroenChat), ::testing::Not(::testing::HasSubstr("je plan"))) << "the submitter's words are theirs";
}

TEST_F(Texts, ANewPlanIsToldToTheWorkgroupOfItsTheme) {
  link_groen_chat();
  const auto bankje = plan(resident("7001", "nl").id);
  Notifier(db(), config_, flows_).new_initiative(bankje);
  EXPECT_EQ(last(kGroenChat), "📢 Nieuw plan over Groen: " + bankje.ref +
                                  " \"Bankje bij de speeltuin\"\n"
                                  "Wijk: Noord\n"
                                  "Steun het met /steun " + bankje.ref);
}

TEST_F(Texts, OptionsNameAPlanWithItsStateAndAWorkgroupWithItsThemeAndMembership) {
  const auto anna = resident("7001", "nl");
  const auto bankje = plan(anna.id);
  const auto groen = storage::Workgroups(db()).find_by_name("Groen Centrum");
  storage::Workgroups(db()).join(groen->id, anna.id);
  StoredFacts facts(db(), config_, flows_, anna.id);
  EXPECT_EQ(facts.options("my_initiatives", flows::Lang::nl, {}, {}).at(0).label, bankje.ref + " · Bankje bij de speeltuin · ingediend");
  std::vector<std::string> labels;
  for (const auto& choice : facts.options("workgroups", flows::Lang::en, {}, {})) labels.push_back(choice.label);
  EXPECT_THAT(labels, ::testing::Contains("Groen Centrum (Greenery) · you are a member"));
  EXPECT_THAT(labels, ::testing::Contains("Veilig Verkeer (Traffic)"));
}

// "Bekend sinds" is the day the test runs; everything else is fixed.
std::string without_date(const std::string& text) {
  return std::regex_replace(text, std::regex("(Bekend sinds|Known since): [^\n]*"), "$1: DATE");
}

TEST_F(Texts, TheDataExportNamesEverythingInDutch) {
  const auto anna = resident("7001", "nl");
  plan(anna.id);
  storage::Residents(db()).set_home(anna.id, "noord");
  EXPECT_EQ(without_date(describe_resident_data(db(), config_, flows_, anna)),
            "Dit bewaren wij over jou:\n"
            "Naam: Anna\n"
            "Taal: Nederlands\n"
            "Waar je woont: Noord\n"
            "Bekend sinds: DATE\n"
            "\nKanalen:\n- Telegram: Anna (7001)\n"
            "Nieuws over plannen krijg je via: Telegram\n"
            "\nJouw plannen:\n- BI-2026-0001 · Bankje bij de speeltuin · ingediend\n"
            "\nPlannen die je volgt:\n- geen\n"
            "\nPlannen die je steunt:\n- geen\n"
            "\nWerkgroepen:\n- geen\n"
            "\nJouw vragen:\n- geen\n"
            "\nWil je dat wij dit wissen? Stuur /vergeetmij.");
}

TEST_F(Texts, TheDataExportNamesEverythingInEnglish) {
  const auto anna = resident("7002", "en");
  EXPECT_EQ(without_date(describe_resident_data(db(), config_, flows_, anna)),
            "This is what we keep about you:\n"
            "Name: Anna\n"
            "Language: English\n"
            "Where you live: we do not know\n"
            "Known since: DATE\n"
            "\nChannels:\n- Telegram: Anna (7002)\n"
            "You get news about plans on: Telegram\n"
            "\nYour plans:\n- none\n"
            "\nPlans you follow:\n- none\n"
            "\nPlans you support:\n- none\n"
            "\nWorkgroups:\n- none\n"
            "\nYour questions:\n- none\n"
            "\nDo you want us to erase this? Send /forgetme.");
}

TEST_F(Texts, AMunicipalityChangesANotificationByEditingTheMessageFile) {
  const auto dir = flows_with_edited_text("📌 Nieuws over plan {ref} \"{title}\"", "📌 Er is nieuws over {title} ({ref})");
  const auto edited = flows::load_flows(dir);
  for (const auto& error : edited.errors) ADD_FAILURE() << flows::format(error);

  const auto bankje = plan(resident("7001", "nl").id);
  ASSERT_EQ(change_initiative_status(db(), config_, edited.flows, bankje.ref, "in_review", "", "officer:test"),
            StatusChangeResult::ok);
  EXPECT_EQ(last("7001"), "📌 Er is nieuws over Bankje bij de speeltuin (" + bankje.ref +
                              ")\n"
                              "De status is nu: in behandeling.\n"
                              "Een medewerker van de gemeente bekijkt je plan nu. Je hoort het als er nieuws is.");
}

TEST_F(Texts, AnEditedTextWithAPlaceholderTheBotCannotFillIsRefusedWithItsLine) {
  const auto dir = flows_with_edited_text("De status is nu: {status}.", "De status is nu: {staat}.");
  const auto edited = flows::load_flows(dir);
  ASSERT_EQ(edited.errors.size(), 1u);
  EXPECT_THAT(flows::format(edited.errors[0]),
              ::testing::MatchesRegex(".*messages.yaml:[0-9]+: message 'notify_status': unknown placeholder \\{staat\\}.*"));
}

}  // namespace
}  // namespace buurtbot
