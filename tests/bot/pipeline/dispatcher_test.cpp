// The dispatcher in process: journal rows through the real flows into storage and the outbox.
#include "bot/pipeline/dispatcher.hpp"

#include "bot/app/app.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>
#include <thread>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;

class DispatcherTest : public testing::DemoDatabaseTest {
 protected:
  InboundMessage telegram(std::string chat, std::string text, bool group = false) {
    InboundMessage m;
    m.channel = "telegram";
    m.conversation = std::move(chat);
    m.sender_id = "7001";
    m.sender_name = "Anna";
    m.language = "nl";
    m.text = std::move(text);
    m.group = group;
    m.external_id = std::to_string(++update_id_);
    return m;
  }

  void send(const InboundMessage& m) {
    Dispatcher dispatcher(db(), config_, flows_);
    dispatcher.accept(m);
    dispatcher.drain(std::chrono::system_clock::now());
  }

  std::vector<OutboundMessage> sent_to(const std::string& address) {
    std::vector<OutboundMessage> out;
    for (const auto& row : storage::Outbox(db()).pending_for("telegram", address))
      out.push_back(nlohmann::json::parse(row.payload).get<OutboundMessage>());
    return out;
  }

  int update_id_ = 1000;
};

TEST_F(DispatcherTest, ARedeliveredUpdateIsStoredAndAnsweredOnce) {
  Dispatcher dispatcher(db(), config_, flows_);
  auto m = telegram("7001", "/start");
  EXPECT_TRUE(dispatcher.accept(m));
  EXPECT_FALSE(dispatcher.accept(m));
  EXPECT_EQ(dispatcher.drain(std::chrono::system_clock::now()), 1);
  EXPECT_EQ(sent_to("7001").size(), 2u);  // the welcome, then the menu
}

TEST_F(DispatcherTest, AButtonPressIsAcknowledgedByTheFirstReply) {
  send(telegram("7001", "/taal"));
  auto press = telegram("7001", "");
  press.choice = "en";
  press.callback_id = "cbq-1";
  send(press);
  auto replies = sent_to("7001");
  ASSERT_GE(replies.size(), 2u);
  EXPECT_EQ(replies.back().answers_callback, "cbq-1");
  EXPECT_THAT(replies.back().text, Not(HasSubstr("Nederlands")));
}

TEST_F(DispatcherTest, AGroupIsLinkedWithACodeAndGetsItsThemesNews) {
  auto code = create_link_code(db(), "Groen Centrum", "test");
  ASSERT_TRUE(code);
  send(telegram("-100500", "/koppel " + *code, true));
  auto replies = sent_to("-100500");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("Groen Centrum"));
  auto chats = storage::Workgroups(db()).chats_for_theme("groen");
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(chats[0].address, "-100500");

  // The code works once.
  send(telegram("-100600", "/koppel " + *code, true));
  EXPECT_THAT(sent_to("-100600").at(0).text, HasSubstr("werkt niet"));

  // A new plan on "groen" is announced in the linked group.
  for (const auto* line : {"/initiatief", "Bankje bij de speeltuin", "Een bankje bij de speeltuin in het park, graag.",
                           "1", "1", "Geen", "ja"})
    send(telegram("7001", line));
  EXPECT_EQ(sent_to("-100500").size(), 2u);
  EXPECT_THAT(sent_to("-100500").back().text, HasSubstr("Bankje bij de speeltuin"));

  // Removing the bot from the group unlinks it.
  auto removed = telegram("-100500", "", true);
  removed.event = "bot_removed";
  send(removed);
  EXPECT_TRUE(storage::Workgroups(db()).chats_for_theme("groen").empty());
}

TEST_F(DispatcherTest, PersonalCommandsInAGroupAreSentToAPrivateChat) {
  send(telegram("-100500", "/initiatief", true));
  auto replies = sent_to("-100500");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("privégesprek"));
  // The sender's private address is their own chat, never the group.
  auto identities = storage::Residents(db()).identities(1);
  for (const auto& identity : identities) EXPECT_EQ(identity.address, "7001");
}

TEST_F(DispatcherTest, BeingAddedToAGroupExplainsHowToLinkIt) {
  auto added = telegram("-100700", "", true);
  added.event = "bot_added";
  send(added);
  EXPECT_THAT(sent_to("-100700").at(0).text, HasSubstr("/koppel"));
}

TEST_F(DispatcherTest, AResidentWhoBlocksTheBotIsNotMessagedAgain) {
  send(telegram("7001", "/start"));
  auto blocked = telegram("7001", "");
  blocked.event = "bot_removed";
  send(blocked);
  EXPECT_TRUE(storage::Residents(db()).identities(1).at(0).unreachable);
}

TEST_F(DispatcherTest, ABrokenJournalRowIsClosedAndTheNextOneStillRuns) {
  storage::Journal(db()).append({.id = 0, .channel = "telegram", .external_id = "x1", .conversation = "7001",
                                 .payload = "{not json"});
  send(telegram("7001", "/start"));
  EXPECT_TRUE(storage::Journal(db()).unprocessed().empty());
  EXPECT_FALSE(sent_to("7001").empty());
}

TEST_F(DispatcherTest, PipelineRunsAJobPostedAfterItStoppedOnTheCallersThread) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  pipeline.stop();
  bool ran = false;
  pipeline.run([&ran](storage::Database&) { ran = true; });
  EXPECT_TRUE(ran) << "the outbox's last outcomes are stored at shutdown, not lost";
}

TEST_F(DispatcherTest, PipelineIsBackloggedOnceTheRowsWaitingReachTheLimit) {
  config_.server.max_waiting_updates = 2;
  Pipeline pipeline(db(), config_, flows_, {});
  EXPECT_FALSE(pipeline.backlogged());
  pipeline.journal(telegram("7001", "/start"), [](Journaled) {});
  EXPECT_FALSE(pipeline.backlogged());
  pipeline.journal(telegram("7002", "/start"), [](Journaled) {});
  EXPECT_TRUE(pipeline.backlogged()) << "two messages wait for the journal";

  std::promise<void> both;
  int left = 1;
  pipeline.journal(telegram("7003", "/start"), [&](Journaled result) {
    EXPECT_EQ(result, Journaled::stored) << "journal() itself still stores: the poller relies on it";
    if (--left == 0) both.set_value();
  });
  pipeline.start();
  ASSERT_EQ(both.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (pipeline.stats().journal_waiting > 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(pipeline.backlogged()) << "the writer counts rows handled down again";
  pipeline.stop();
  EXPECT_EQ(storage::Journal(db()).unprocessed().size(), 0u);
}

TEST_F(DispatcherTest, PipelineWithoutLimitIsNeverBacklogged) {
  config_.server.max_waiting_updates = 0;
  Pipeline pipeline(db(), config_, flows_, {});
  for (int i = 0; i < 10; ++i) pipeline.journal(telegram("7001", "/start"), [](Journaled) {});
  EXPECT_FALSE(pipeline.backlogged());
  pipeline.stop();
}

// "en-GB", "EN" and "nl_BE" are read as flows read them; a language we do not speak gives the default.
TEST_F(DispatcherTest, TheChannelsLanguageHintSetsANewResidentsLanguage) {
  const auto fallback = config_.locale.default_language;
  const std::vector<std::pair<std::string, std::string>> hints{
      {"en-GB", "en"}, {"EN", "en"}, {"nl_BE", "nl"}, {"de", fallback}, {"english", fallback}, {"", fallback}};
  int sender = 8100;
  for (const auto& [hint, want] : hints) {
    auto m = telegram(std::to_string(++sender), "/start");
    m.sender_id = m.conversation;
    m.language = hint;
    send(m);
    auto resident = storage::Residents(db()).find_or_create("telegram", m.sender_id, m.conversation, "Anna", "?");
    EXPECT_EQ(resident.language, want) << "hint " << hint;
  }
}

}  // namespace
}  // namespace buurtbot
