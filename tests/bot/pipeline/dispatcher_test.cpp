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
#include <memory>
#include <thread>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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

  void send(const InboundMessage& m, Capabilities telegram_shows = {.buttons = true}) {
    Dispatcher dispatcher(db(), config_, flows_, {{"telegram", telegram_shows}});
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

/// How a channel addresses people and groups. The scenarios below run on Telegram, whose private chat
/// has the person's user id and whose groups have negative ids, and on a channel of rooms without
/// buttons (as Matrix has), where a person's private conversation is a room of its own and the person
/// an id of another kind.
struct Addressing {
  std::string channel;
  std::string person;        ///< the sender's id on the channel
  std::string private_chat;  ///< the conversation with the person alone, also their private address
  std::string group_prefix;  ///< a group's address is this and a number
  bool buttons = false;
};

void PrintTo(const Addressing& a, std::ostream* out) { *out << a.channel; }

const Addressing kTelegram{"telegram", "7001", "7001", "-100", true};
const Addressing kRooms{"rooms", "@anna:dorp.example", "!anna-private:dorp.example", "!group-", false};

class ChannelScenarioTest : public DispatcherTest, public ::testing::WithParamInterface<Addressing> {
 protected:
  const Addressing& channel() const { return GetParam(); }
  std::string group(const std::string& number) const { return channel().group_prefix + number; }

  InboundMessage from_anna(std::string conversation, std::string text, bool in_group = false) {
    auto m = telegram(std::move(conversation), std::move(text), in_group);
    m.channel = channel().channel;
    m.sender_id = channel().person;
    m.sender_address = channel().private_chat;
    return m;
  }
  InboundMessage privately(std::string text) { return from_anna(channel().private_chat, std::move(text)); }
  InboundMessage in_group(const std::string& number, std::string text) { return from_anna(group(number), std::move(text), true); }

  std::vector<OutboundMessage> received(const std::string& address) {
    std::vector<OutboundMessage> out;
    for (const auto& row : storage::Outbox(db()).pending_for(channel().channel, address))
      out.push_back(nlohmann::json::parse(row.payload).get<OutboundMessage>());
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Channels, ChannelScenarioTest, ::testing::Values(kTelegram, kRooms),
                         [](const auto& info) { return info.param.channel; });

TEST_P(ChannelScenarioTest, ARedeliveredMessageIsStoredAndAnsweredOnce) {
  Dispatcher dispatcher(db(), config_, flows_);
  auto m = privately("/start");
  EXPECT_TRUE(dispatcher.accept(m));
  EXPECT_FALSE(dispatcher.accept(m));
  EXPECT_EQ(dispatcher.drain(std::chrono::system_clock::now()), 1);
  EXPECT_EQ(received(channel().private_chat).size(), 2u);  // the welcome, then the menu
}

TEST_P(ChannelScenarioTest, AChoiceIsMadeByButtonOrByTypingIt) {
  send(privately("/taal"));
  auto answer = privately(channel().buttons ? "" : "English");
  if (channel().buttons) {
    answer.choice = "en";
    answer.callback_id = "cbq-1";
  }
  send(answer);
  auto replies = received(channel().private_chat);
  ASSERT_GE(replies.size(), 2u);
  EXPECT_EQ(replies.back().answers_callback, channel().buttons ? "cbq-1" : "") << "the first reply acknowledges the press";
  EXPECT_THAT(replies.back().text, Not(HasSubstr("Nederlands")));
}

TEST_P(ChannelScenarioTest, TheMenuIsWordedForWhatTheChannelShows) {
  send(privately("menu"));
  const auto menu = received(channel().private_chat).at(0).text;
  EXPECT_EQ(menu.find("knop") != std::string::npos, channel().buttons) << menu;
  EXPECT_THAT(menu, HasSubstr("het nummer"));
}

TEST_P(ChannelScenarioTest, AGroupIsLinkedWithACodeAndGetsItsThemesNews) {
  auto code = create_link_code(db(), "Groen Centrum", "test");
  ASSERT_TRUE(code);
  send(in_group("500", "/koppel " + *code));
  auto replies = received(group("500"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("Groen Centrum"));
  auto chats = storage::Workgroups(db()).chats_for_theme("groen");
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(chats[0].channel, channel().channel);
  EXPECT_EQ(chats[0].address, group("500"));

  // The code works once.
  send(in_group("600", "/koppel " + *code));
  EXPECT_THAT(received(group("600")).at(0).text, HasSubstr("werkt niet"));

  // A new plan on "groen" is announced in the linked group.
  for (const auto* line : {"/initiatief", "Bankje bij de speeltuin", "Een bankje bij de speeltuin in het park, graag.",
                           "1", "1", "Geen", "ja", "ja"})
    send(privately(line));
  EXPECT_EQ(received(group("500")).size(), 2u);
  EXPECT_THAT(received(group("500")).back().text, HasSubstr("Bankje bij de speeltuin"));

  // Removing the bot from the group unlinks it.
  auto removed = in_group("500", "");
  removed.event = "bot_removed";
  send(removed);
  EXPECT_TRUE(storage::Workgroups(db()).chats_for_theme("groen").empty());
}

TEST_P(ChannelScenarioTest, LinkingAGroupInAPrivateChatExplainsWhereItIsDone) {
  auto code = create_link_code(db(), "Groen Centrum", "test");
  ASSERT_TRUE(code);
  send(privately("/koppel " + *code));
  auto replies = received(channel().private_chat);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("in de groep zelf"));
  EXPECT_TRUE(storage::Workgroups(db()).chats_for_theme("groen").empty()) << "a private chat is no workgroup chat";
  send(in_group("500", "/koppel " + *code));
  EXPECT_EQ(storage::Workgroups(db()).chats_for_theme("groen").size(), 1u) << "the code still works in the group";
}

TEST_P(ChannelScenarioTest, PersonalCommandsInAGroupAreSentToAPrivateChat) {
  send(in_group("500", "/initiatief"));
  auto replies = received(group("500"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("privégesprek"));
  EXPECT_TRUE(received(channel().private_chat).empty());
}

TEST_P(ChannelScenarioTest, ThePrivateAddressComesFromTheChannel) {
  send(privately("/start"));
  const auto identities = storage::Residents(db()).identities(1);
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].external_id, channel().person);
  EXPECT_EQ(identities[0].address, channel().private_chat) << "never the sender's id when the channel says otherwise";
}

TEST_P(ChannelScenarioTest, BeingAddedToAGroupExplainsHowToLinkIt) {
  auto added = in_group("700", "");
  added.event = "bot_added";
  send(added);
  EXPECT_THAT(received(group("700")).at(0).text, HasSubstr("/koppel"));
}

TEST_P(ChannelScenarioTest, AResidentWhoBlocksTheBotIsNotMessagedAgain) {
  send(privately("/start"));
  auto blocked = privately("");
  blocked.event = "bot_removed";
  send(blocked);
  EXPECT_TRUE(storage::Residents(db()).identities(1).at(0).unreachable);
}

TEST_P(ChannelScenarioTest, AnUnreachableMarkKeepsTheChannelsReason) {
  send(privately("/start"));
  auto bounced = privately("5.1.1: 550 User unknown");
  bounced.event = "bot_removed";
  send(bounced);
  EXPECT_EQ(storage::Residents(db()).identities(1).at(0).unreachable_reason, "5.1.1: 550 User unknown");
}

TEST_P(ChannelScenarioTest, AMessageTheChannelCannotReadIsExplainedInPlainText) {
  auto unreadable = privately("");
  unreadable.event = "encrypted";
  send(unreadable);
  send(unreadable);  // delivered again: stored and answered once
  const auto replies = received(channel().private_chat);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_THAT(replies[0].text, HasSubstr("versleutelde berichten"));
  EXPECT_TRUE(replies[0].choices.empty());
}

TEST_F(DispatcherTest, ABrokenJournalRowIsClosedAndTheNextOneStillRuns) {
  storage::Journal(db()).append({.id = 0, .channel = "telegram", .external_id = "x1", .conversation = "7001",
                                 .payload = "{not json"});
  send(telegram("7001", "/start"));
  EXPECT_TRUE(storage::Journal(db()).unprocessed().empty());
  EXPECT_FALSE(sent_to("7001").empty());
}

// A database that cannot be written (full, failing, read-only) is the database's failure, not the
// message's: SQLite may have rolled back the caller's whole transaction, so the row is not closed with an
// apology (which would begin and commit a transaction of its own); the error goes up, the group fails,
// and the row is handled again once the database works. (The full disk itself: tests/e2e/faults_test.cpp.)
TEST_F(DispatcherTest, ADatabaseThatCannotBeWrittenIsNotTheMessagesFaultTheRowWaits) {
  storage::Journal(db()).append({.id = 0, .channel = "telegram", .external_id = "ro1", .conversation = "7001",
                                 .payload = nlohmann::json(telegram("7001", "/start")).dump()});
  Dispatcher dispatcher(db(), config_, flows_, {{"telegram", {.buttons = true}}});
  const auto row = storage::Journal(db()).unprocessed().at(0);
  db().exec("PRAGMA query_only = ON");
  EXPECT_THROW(dispatcher.process(row, std::chrono::system_clock::now()), storage::StorageError);
  db().exec("PRAGMA query_only = OFF");
  EXPECT_EQ(storage::Journal(db()).unprocessed().size(), 1u) << "the row waits for the database";
  EXPECT_TRUE(sent_to("7001").empty()) << "no apology for what was never the message's fault";
  dispatcher.drain(std::chrono::system_clock::now());
  EXPECT_TRUE(storage::Journal(db()).unprocessed().empty());
  EXPECT_FALSE(sent_to("7001").empty()) << "handled once it can be written";
}

// The newest journal row's payload, as stored.
InboundMessage last_journaled(storage::Database& db) {
  auto row = db.prepare("SELECT payload FROM inbound ORDER BY id DESC LIMIT 1");
  EXPECT_TRUE(row.step());
  return nlohmann::json::parse(row.text_at(0)).get<InboundMessage>();
}

// A megabyte that the question step refuses as too long is not kept whole: the journal holds what a
// step can accept and a margin, cut between two characters, and says it was cut.
TEST_F(DispatcherTest, AMessageLongerThanTheJournalKeepsIsCutAndMarked) {
  config_.storage.max_journal_text_bytes = 16384;
  send(telegram("7001", "/vraag"));
  std::string huge;
  while (huge.size() < (1u << 20)) huge += "€";  // 3 bytes: 16384 falls inside one
  send(telegram("7001", huge));

  const auto kept = last_journaled(db());
  EXPECT_EQ(kept.text, huge.substr(0, 16383));
  EXPECT_EQ(kept.text_cut_from, huge.size());
  EXPECT_THAT(sent_to("7001").back().text, HasSubstr("te lang"));
}

TEST_F(DispatcherTest, AMessageTheJournalCanKeepIsKeptWholeAndUnmarked) {
  config_.storage.max_journal_text_bytes = 16384;
  const std::string text(16384, 'x');
  send(telegram("7001", text));
  const auto kept = last_journaled(db());
  EXPECT_EQ(kept.text, text);
  EXPECT_EQ(kept.text_cut_from, 0u);
}

// Whatever bytes a channel hands over, the journal stores JSON it can read back.
TEST_F(DispatcherTest, InvalidUtf8IsJournaledAsReplacementCharacters) {
  auto m = telegram("7001", "caf\xe9");
  m.sender_name = "Ann\xff";
  send(m);
  const auto kept = last_journaled(db());
  EXPECT_EQ(kept.text, "caf\uFFFD");
  EXPECT_EQ(kept.sender_name, "Ann\uFFFD");
  EXPECT_FALSE(sent_to("7001").empty()) << "the message was handled";
}

TEST_F(DispatcherTest, PipelineRunsAJobPostedAfterItStoppedOnTheCallersThread) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  pipeline.stop();
  bool ran = false;
  pipeline.run([&ran](storage::Database&) { ran = true; });
  EXPECT_TRUE(ran) << "the outbox's last outcomes are stored at shutdown, not lost";
}

// Found by ThreadSanitizer (make test-tsan): run() and journal() woke the writer after letting go of
// the lock, so the caller could still be inside notify_one() when what it posted was done, whoever
// waited for that had destroyed the pipeline, and its condition variable with it. Under TSan this
// test reports the race whenever it is there, not only when the timing is unlucky.
TEST_F(DispatcherTest, PipelineMayBeDestroyedAsSoonAsWhatWasPostedIsDone) {
  for (const bool job : {true, false}) {
    auto pipeline = std::make_unique<Pipeline>(db(), config_, flows_, std::function<void()>{});
    pipeline->start();
    std::promise<void> done;
    auto finished = done.get_future();
    std::thread caller([&] {
      if (job) pipeline->run([&done](storage::Database&) { done.set_value(); });
      else pipeline->journal(telegram("7001", "/start"), [&done](Journaled) { done.set_value(); });
    });
    finished.wait();
    pipeline.reset();  // what it posted is done: the caller may not be using the pipeline any more
    caller.join();
  }
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

// A poller's batch and its position are one transaction: a crash or a failed write keeps both or neither,
// so the position never runs ahead of what was journaled, nor stays behind what was.
class JournalWithPosition : public DispatcherTest {
 protected:
  void on_writer(Pipeline& pipeline, const std::string& sql) {
    std::promise<void> done;
    pipeline.run([&](storage::Database& writer) {
      writer.exec(sql);
      done.set_value();
    });
    done.get_future().wait();
  }

  std::int64_t journaled(const std::string& external_id) {
    auto row = db().prepare("SELECT COUNT(*) FROM inbound WHERE external_id = ?1");
    row.bind(1, external_id);
    row.step();
    return row.int_at(0);
  }

  InboundMessage mail(const std::string& id) {
    auto m = telegram("7001", "hallo");
    m.external_id = id;
    return m;
  }
};

TEST_F(JournalWithPosition, StoresTheMessagesAndThePositionInOneCommit) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  EXPECT_TRUE(pipeline.journal_with_position({mail("<a@x>"), mail("<b@x>")}, {"email.imap.INBOX", "7/2"}));
  EXPECT_EQ(pipeline.position("email.imap.INBOX"), "7/2");
  EXPECT_TRUE(pipeline.journal_with_position({}, {"email.imap.INBOX", "7/3"})) << "nothing to journal: the position alone";
  EXPECT_EQ(pipeline.position("email.imap.INBOX"), "7/3");
  EXPECT_TRUE(pipeline.journal_with_position({mail("<a@x>")}, {"email.imap.INBOX", "8/1"})) << "a duplicate is no failure";
  pipeline.stop();
  EXPECT_EQ(journaled("<a@x>"), 1);
  EXPECT_EQ(journaled("<b@x>"), 1);
}

TEST_F(JournalWithPosition, KeepsNeitherWhenThePositionCannotBeStored) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  EXPECT_TRUE(pipeline.journal_with_position({}, {"email.imap.INBOX", "7/2"}));
  on_writer(pipeline, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.channel_positions "
                      "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  EXPECT_FALSE(pipeline.journal_with_position({mail("<c@x>"), mail("<d@x>")}, {"email.imap.INBOX", "7/4"}));
  on_writer(pipeline, "DROP TRIGGER temp.refuse");
  EXPECT_EQ(pipeline.position("email.imap.INBOX"), "7/2");
  pipeline.stop();
  EXPECT_EQ(journaled("<c@x>"), 0) << "the messages went with the position that failed";
  EXPECT_EQ(journaled("<d@x>"), 0);
}

TEST_F(JournalWithPosition, KeepsNeitherWhenTheMessagesCannotBeStored) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  on_writer(pipeline, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.inbound "
                      "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  EXPECT_FALSE(pipeline.journal_with_position({mail("<e@x>")}, {"email.imap.INBOX", "9/1"}));
  on_writer(pipeline, "DROP TRIGGER temp.refuse");
  EXPECT_EQ(pipeline.position("email.imap.INBOX"), "") << "a position past a lost mail would skip it for good";
  EXPECT_TRUE(pipeline.journal_with_position({mail("<e@x>")}, {"email.imap.INBOX", "9/1"}));
  EXPECT_EQ(pipeline.position("email.imap.INBOX"), "9/1");
  pipeline.stop();
  EXPECT_EQ(journaled("<e@x>"), 1);
}

// The inbox thread remembers the channel's thread of the resident's latest message on it, for the
// officers' answer to go out as a reply in it.
TEST_F(DispatcherTest, AQuestionsInboxThreadKeepsTheChannelThreadOfTheLatestMessage) {
  auto first = telegram("7001", "/vraag Wanneer wordt het gras gemaaid?");
  first.thread = "thread-of-the-first-mail";
  send(first);
  const auto thread = storage::Inbox(db()).threads_of(storage::Residents(db()).find_or_create("telegram", "7001", "7001", "Anna", "nl").id);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].channel_thread, "thread-of-the-first-mail");

  auto more = telegram("7001", "/vraag En het onkruid?");
  more.thread = "thread-of-the-second-mail";
  send(more);
  EXPECT_EQ(storage::Inbox(db()).find(thread[0].id)->channel_thread, "thread-of-the-second-mail");
  EXPECT_EQ(storage::Inbox(db()).messages(thread[0].id).size(), 2u) << "the same thread";
}

// A channel with threads of its own (e-mail) answers in the thread of the message that was answered.
TEST_F(DispatcherTest, EveryReplyCarriesTheThreadOfTheMessageItAnswersWhereTheChannelThreadsReplies) {
  auto m = telegram("7001", "/start");
  m.thread = "thread-of-the-resident";
  send(m, {.buttons = true, .replies_in_thread = true});
  const auto replies = sent_to("7001");
  ASSERT_FALSE(replies.empty());
  for (const auto& reply : replies) EXPECT_EQ(reply.thread, "thread-of-the-resident");
}

// Elsewhere (Matrix, Telegram) a reply a second after the resident's message quotes nothing; only an
// officer's answer hours later refers to it.
TEST_F(DispatcherTest, RepliesQuoteNothingWhereTheChannelDoesNotThreadReplies) {
  auto m = telegram("7001", "/start");
  m.thread = "thread-of-the-resident";
  send(m);
  const auto replies = sent_to("7001");
  ASSERT_FALSE(replies.empty());
  for (const auto& reply : replies) EXPECT_EQ(reply.thread, "");
}

// The database refusing writes as read-only while serving. A file cannot be made read-only under a
// running service (its open descriptor keeps writing; a read-only remount is refused while it is open),
// so the connection itself is set to refuse them, which SQLite answers as it does a read-only file.
TEST_F(DispatcherTest, PipelineRefusesWhileTheDatabaseIsReadOnlyAndRecoversWithoutTraffic) {
  Pipeline pipeline(db(), config_, flows_, {});
  pipeline.start();
  auto query_only = [&pipeline](bool on) {
    std::promise<void> done;
    pipeline.run([&](storage::Database& writer) {
      writer.exec(on ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF");
      done.set_value();
    });
    done.get_future().wait();
  };
  auto journal = [&pipeline](const InboundMessage& message) {
    std::promise<Journaled> result;
    pipeline.journal(message, [&result](Journaled outcome) { result.set_value(outcome); });
    return result.get_future().get();
  };

  query_only(true);
  const auto message = telegram("7001", "/start");
  EXPECT_EQ(journal(message), Journaled::failed) << "not acknowledged: the channel delivers it again";
  EXPECT_FALSE(pipeline.stats().writable);
  EXPECT_THAT(pipeline.stats().unwritable_reason(), HasSubstr("readonly"));

  query_only(false);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!pipeline.stats().writable && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(pipeline.stats().writable) << "found writable again by the writer's own probe, with no message";
  EXPECT_EQ(pipeline.stats().unwritable_reason(), "");
  EXPECT_EQ(journal(message), Journaled::stored) << "delivered again, it is taken";
  pipeline.stop();
  EXPECT_FALSE(sent_to("7001").empty()) << "and handled";
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
