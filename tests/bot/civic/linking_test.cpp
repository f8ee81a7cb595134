// One resident on two channels: Anna on Telegram (chat 7001) and in the terminal ("anna"), linked with
// a one-time code confirmed in both, through the real dispatcher and flow files.
#include "bot/civic/linking.hpp"
#include "bot/civic/officer_actions.hpp"
#include "storage/link_codes.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Linking : public testing::DemoDatabaseTest {
 protected:
  void on_telegram(const std::string& text) { say("telegram", "7001", text); }
  void in_terminal(const std::string& text) { say("terminal", "anna", text); }

  void say(const std::string& channel, const std::string& address, const std::string& text) {
    InboundMessage m;
    m.channel = channel;
    m.conversation = address;
    m.sender_id = address;
    m.sender_name = "Anna";
    m.language = "nl";
    m.text = text;
    m.external_id = std::to_string(++update_id_);
    Dispatcher dispatcher(db(), config_, flows_);
    dispatcher.accept(m);
    dispatcher.drain(now_);
  }

  std::vector<std::string> texts(const std::string& channel, const std::string& address) {
    std::vector<std::string> out;
    for (const auto& row : storage::Outbox(db()).pending_for(channel, address))
      out.push_back(nlohmann::json::parse(row.payload).at("text").get<std::string>());
    return out;
  }
  std::string last(const std::string& channel, const std::string& address) {
    auto all = texts(channel, address);
    return all.empty() ? std::string{} : all.back();
  }

  // "/verbind", "nieuw" on Telegram; returns the code it shows.
  std::string code_from_telegram() {
    on_telegram("/verbind");
    on_telegram("nieuw");
    std::smatch found;
    const auto text = last("telegram", "7001");
    EXPECT_TRUE(std::regex_search(text, found, std::regex("/verbind ([A-Z0-9]{8})"))) << text;
    return found.size() > 1 ? found[1].str() : std::string{};
  }

  void link_both() {
    const auto code = code_from_telegram();
    in_terminal("/verbind " + code);
    in_terminal("ja");
    on_telegram("ja");
  }

  storage::Id resident(const std::string& channel, const std::string& address) {
    return storage::Residents(db()).find_or_create(channel, address, address, "Anna", "nl").id;
  }

  storage::Initiative plan(const std::string& title) {
    storage::Initiative draft;
    draft.title = title;
    draft.theme = "groen";
    return storage::Initiatives(db()).create(draft, 2026);
  }

  int update_id_ = 0;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
};

TEST_F(Linking, TwoChannelsBecomeOnePersonAfterAYesInBoth) {
  const auto code = code_from_telegram();
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("15 minuten"));
  EXPECT_NE(resident("telegram", "7001"), resident("terminal", "anna"));

  in_terminal("/verbind " + code);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Dit verbindt je met je account op Telegram. Klopt dat?"));
  in_terminal("ja");
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Typ daar ja"));
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("Iemand wil dit account verbinden met de terminal. Was jij dat?"));
  EXPECT_NE(resident("telegram", "7001"), resident("terminal", "anna")) << "not before the first channel says yes";

  on_telegram("ja");
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("Klaar!"));
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Je kanalen zijn verbonden"));
  EXPECT_EQ(resident("telegram", "7001"), resident("terminal", "anna"));
  EXPECT_EQ(storage::Residents(db()).identities(resident("telegram", "7001")).size(), 2u);
}

TEST_F(Linking, ANoInTheFirstChannelLinksNothingAndUsesTheCodeUp) {
  const auto code = code_from_telegram();
  in_terminal("/verbind " + code);
  in_terminal("ja");
  on_telegram("nee");
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("wij verbinden niets"));
  EXPECT_NE(resident("telegram", "7001"), resident("terminal", "anna"));
  in_terminal("/verbind " + code);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("al gebruikt"));
}

TEST_F(Linking, AWrongExpiredOrUsedCodeIsRefusedPlainly) {
  in_terminal("/verbind ABCD2345");
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Deze code ken ik niet"));

  const auto code = code_from_telegram();
  now_ += kIdentityLinkCodeLifetime + std::chrono::minutes(1);
  in_terminal("/verbind " + code);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("te oud"));

  const auto fresh = code_from_telegram();
  in_terminal("/verbind " + fresh);
  in_terminal("ja");
  on_telegram("ja");
  say("telegram", "7002", "/verbind " + fresh);
  EXPECT_THAT(last("telegram", "7002"), HasSubstr("al gebruikt"));
}

TEST_F(Linking, TypingACodeOfYourOwnAccountSaysYouAreLinkedAlready) {
  link_both();
  const auto code = code_from_telegram();
  in_terminal("/verbind " + code);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("al verbonden met je account op Telegram"));
}

TEST_F(Linking, ANewCodeReplacesTheOldOne) {
  const auto first = code_from_telegram();
  const auto second = code_from_telegram();
  in_terminal("/verbind " + first);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("ken ik niet"));
  in_terminal("/verbind " + second);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Klopt dat?"));
}

TEST_F(Linking, OnlyTheHashOfACodeIsStored) {
  const auto code = code_from_telegram();
  auto row = db().prepare("SELECT code_hash FROM resident_link_codes");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.text_at(0), link_code_hash(code));
  EXPECT_THAT(row.text_at(0), Not(HasSubstr(code)));
}

TEST_F(Linking, UnlinkingSplitsThisChannelOffWithoutHistory) {
  on_telegram("/verbreek");
  on_telegram("ja");
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("niet verbonden"));

  link_both();
  const auto anna = resident("telegram", "7001");
  storage::Initiatives(db()).support(plan("Bankje").id, anna);
  in_terminal("/verbreek");
  in_terminal("ja");
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("De verbinding is verbroken"));
  const auto split = resident("terminal", "anna");
  EXPECT_NE(split, anna);
  EXPECT_TRUE(storage::Initiatives(db()).supported_by(split).empty());
  EXPECT_EQ(storage::Initiatives(db()).supported_by(anna).size(), 1u);
  EXPECT_EQ(storage::Residents(db()).identities(anna).size(), 1u);
}

TEST_F(Linking, APlanHasOneSupportPerPersonAcrossChannels) {
  const auto bankje = plan("Bankje bij de speeltuin");
  on_telegram("/steun " + bankje.ref);
  in_terminal("/steun " + bankje.ref);
  EXPECT_EQ(storage::Initiatives(db()).find(bankje.ref)->supports, 2) << "two people, as far as we knew";
  link_both();
  EXPECT_EQ(storage::Initiatives(db()).find(bankje.ref)->supports, 1);
  in_terminal("/steun " + bankje.ref);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("al"));
  EXPECT_EQ(storage::Initiatives(db()).find(bankje.ref)->supports, 1);
}

TEST_F(Linking, NewsGoesOnlyToThePreferredChannelElseTheLastUsed) {
  link_both();
  const auto bankje = plan("Bankje bij de speeltuin");
  storage::Initiatives(db()).follow(bankje.id, resident("telegram", "7001"));
  in_terminal("menu");  // the terminal is now the channel used last
  const auto telegram_before = texts("telegram", "7001").size();
  const auto terminal_before = texts("terminal", "anna").size();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "in_review", "", "officer:test"), StatusChangeResult::ok);
  EXPECT_EQ(texts("telegram", "7001").size(), telegram_before);
  ASSERT_EQ(texts("terminal", "anna").size(), terminal_before + 1);
  EXPECT_THAT(last("terminal", "anna"), HasSubstr("Bankje bij de speeltuin"));

  on_telegram("/kanaal");
  on_telegram("ja");
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("nu hier, op Telegram"));
  in_terminal("menu");
  const auto telegram_chosen = texts("telegram", "7001").size();
  const auto terminal_chosen = texts("terminal", "anna").size();
  ASSERT_EQ(change_initiative_status(db(), config_, flows_, bankje.ref, "accepted", "Goed plan.", "officer:test"),
            StatusChangeResult::ok);
  EXPECT_EQ(texts("telegram", "7001").size(), telegram_chosen + 1);
  EXPECT_EQ(texts("terminal", "anna").size(), terminal_chosen);
}

TEST_F(Linking, MyDataListsEveryLinkedChannel) {
  link_both();
  in_terminal("/mijngegevens");
  const auto data = last("terminal", "anna");
  EXPECT_THAT(data, HasSubstr("- Telegram: Anna"));
  EXPECT_THAT(data, HasSubstr("- de terminal: Anna"));
  EXPECT_THAT(data, HasSubstr("Nieuws over plannen krijg je via: de terminal"));
}

TEST_F(Linking, ForgetMeErasesEveryLinkedIdentity) {
  link_both();
  const auto anna = resident("telegram", "7001");
  in_terminal("/vergeetmij");
  in_terminal("ja");
  EXPECT_TRUE(storage::Residents(db()).identities(anna).empty());
  auto left = db().prepare("SELECT COUNT(*) FROM identities WHERE external_id IN ('7001', 'anna')");
  left.step();
  EXPECT_EQ(left.int_at(0), 0);
}

TEST_F(Linking, InAGroupLinkStillLinksTheGroupToAWorkgroup) {
  auto code = create_link_code(db(), "Groen Centrum", "test");
  ASSERT_TRUE(code);
  InboundMessage m;
  m.channel = "telegram";
  m.conversation = "-100500";
  m.sender_id = "7001";
  m.sender_name = "Anna";
  m.text = "/link " + *code;
  m.group = true;
  m.external_id = "group-1";
  Dispatcher dispatcher(db(), config_, flows_);
  dispatcher.accept(m);
  dispatcher.drain(now_);
  EXPECT_THAT(last("telegram", "-100500"), HasSubstr("Groen Centrum"));
  on_telegram("/link");
  EXPECT_THAT(last("telegram", "7001"), HasSubstr("Typ nieuw")) << "in a private chat /link links your channels";
}

}  // namespace
}  // namespace buurtbot
