#include "storage/inbox_queries.hpp"
#include "storage/migrations.hpp"
#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace buurtbot::storage::testing {
namespace {

class StorageInbox : public TempDatabaseTest {
 protected:
  std::optional<std::string> first_response_at(Id thread) {
    auto row = db().prepare("SELECT first_response_at FROM inbox_threads WHERE id = ?1");
    row.bind(1, thread).step();
    return row.optional_text_at(0);
  }
};

TEST_F(StorageInbox, OpenThreadStoresTheFirstMessage) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const Id thread = inbox.open_thread(anna, "terminal", "anna", "Wanneer wordt het gras gemaaid?");
  const auto found = inbox.find(thread);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "open");
  EXPECT_FALSE(found->assignee_id.has_value());
  const auto messages = inbox.messages(thread);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].direction, "in");
  EXPECT_EQ(messages[0].author, "resident:" + std::to_string(anna));
  EXPECT_EQ(messages[0].text, "Wanneer wordt het gras gemaaid?");
  EXPECT_EQ(inbox.open_thread_of(anna)->id, thread);
}

// An officer's answer goes out as a reply in the resident's own thread on their channel (e-mail: with
// In-Reply-To and References of the resident's last mail), so the inbox thread keeps the channel's
// reference of the resident's latest message on it, opaque to the core.
TEST_F(StorageInbox, AThreadKeepsTheChannelThreadOfTheResidentsLatestMessageOnItsChannel) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const Id thread = inbox.open_thread(anna, "email", "anna@buurt.example", "Vraag",
                                      {.due_at = "", .initiative_id = std::nullopt, .channel_thread = "mail-1"});
  EXPECT_EQ(inbox.find(thread)->channel_thread, "mail-1");

  inbox.add_message(thread, "in", "resident:1", "Aanvulling", {.channel = "email", .thread = "mail-2"});
  EXPECT_EQ(inbox.find(thread)->channel_thread, "mail-2") << "the latest message is the one answered";
  inbox.add_message(thread, "out", "officer:1", "Antwoord");
  inbox.add_message(thread, "in", "resident:1", "Via de chat", {.channel = "telegram", .thread = "chat-9"});
  inbox.add_message(thread, "in", "resident:1", "Zonder draad", {.channel = "email", .thread = ""});
  EXPECT_EQ(inbox.find(thread)->channel_thread, "mail-2")
      << "another channel's reference means nothing on the thread's channel, and no reference changes nothing";
  EXPECT_EQ(inbox.open_thread(anna, "telegram", "7001", "Zonder draad"), thread + 1);
  EXPECT_EQ(inbox.find(thread + 1)->channel_thread, "");
}

TEST_F(StorageInbox, FirstOfficerMessageSetsFirstResponseOnce) {
  Inbox inbox(db());
  const Id thread = inbox.open_thread(resident("anna"), "terminal", "anna", "Vraag");
  EXPECT_FALSE(first_response_at(thread).has_value());
  inbox.add_message(thread, "out", "officer:1", "Antwoord");
  const auto first = first_response_at(thread);
  ASSERT_TRUE(first.has_value());
  db().exec("UPDATE inbox_threads SET first_response_at = '2000-01-01T00:00:00Z'");
  inbox.add_message(thread, "out", "officer:1", "Aanvulling");
  EXPECT_EQ(first_response_at(thread), "2000-01-01T00:00:00Z");
  EXPECT_EQ(inbox.messages(thread).size(), 3u);
}

TEST_F(StorageInbox, ResidentMessageReopensAResolvedThread) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const Id thread = inbox.open_thread(anna, "terminal", "anna", "Vraag");
  inbox.set_status(thread, "resolved");
  EXPECT_FALSE(inbox.open_thread_of(anna).has_value());
  db().exec("UPDATE inbox_threads SET last_activity_at = '2000-01-01T00:00:00Z'");

  inbox.add_message(thread, "in", "resident:1", "Nog een vraag");
  const auto reopened = inbox.find(thread);
  EXPECT_EQ(reopened->status, "open");
  EXPECT_NE(reopened->last_activity_at, "2000-01-01T00:00:00Z");
  EXPECT_EQ(inbox.open_thread_of(anna)->id, thread);
}

TEST_F(StorageInbox, OfficerMessageLeavesAResolvedThreadResolved) {
  Inbox inbox(db());
  const Id thread = inbox.open_thread(resident("anna"), "terminal", "anna", "Vraag");
  inbox.set_status(thread, "resolved");
  inbox.add_message(thread, "out", "officer:1", "Graag gedaan");
  EXPECT_EQ(inbox.find(thread)->status, "resolved");
}

TEST_F(StorageInbox, InvalidValuesThrowAndLeaveNothing) {
  Inbox inbox(db());
  const Id thread = inbox.open_thread(resident("anna"), "terminal", "anna", "Vraag");
  EXPECT_THROW(inbox.add_message(thread, "sideways", "officer:1", "?"), StorageError);
  EXPECT_THROW(inbox.set_status(thread, "closed"), StorageError);
  EXPECT_THROW(inbox.set_status(thread + 1, "resolved"), StorageError);
  EXPECT_THROW(inbox.add_message(thread + 1, "in", "resident:1", "?"), StorageError);
  EXPECT_EQ(inbox.messages(thread).size(), 1u);
  EXPECT_EQ(inbox.find(thread)->status, "open");
}

TEST_F(StorageInbox, ThreadsOfAResidentNewestFirst) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const Id first = inbox.open_thread(anna, "terminal", "anna", "Een");
  inbox.set_status(first, "resolved");
  const Id second = inbox.open_thread(anna, "email", "anna@example.org", "Twee");
  const auto threads = inbox.threads_of(anna);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0].id, second);
  EXPECT_EQ(threads[0].channel, "email");
  EXPECT_EQ(threads[1].id, first);
}

TEST_F(StorageInbox, APlansThreadIsFoundByThePlanAndNeverContinuesAQuestion) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const auto plan = Initiatives(db()).create(draft("Bankje", anna), 2026);
  const Id question = inbox.open_thread(anna, "terminal", "anna", "Wanneer wordt het gras gemaaid?");
  const Id answer = inbox.open_thread(anna, "terminal", "anna", "Het bankje komt bij de ingang.",
                                      {.due_at = "2026-03-05T10:00:00Z", .initiative_id = plan.id});
  EXPECT_EQ(inbox.thread_of_initiative(plan.id)->id, answer);
  EXPECT_EQ(inbox.find(answer)->initiative_id, plan.id);
  EXPECT_EQ(inbox.find(answer)->due_at, "2026-03-05T10:00:00Z");
  EXPECT_EQ(inbox.open_thread_of(anna)->id, question);
  EXPECT_EQ(inbox.thread_to_continue_of(anna, 14)->id, question);
  inbox.set_status(question, "resolved");
  EXPECT_FALSE(inbox.open_thread_of(anna)) << "a plan's thread is no question to add to";
  EXPECT_FALSE(inbox.thread_of_initiative(plan.id + 1));
}

TEST_F(StorageInbox, AThreadWithoutADeadlineHasNone) {
  Inbox inbox(db());
  const Id thread = inbox.open_thread(resident("anna"), "terminal", "anna", "Vraag");
  EXPECT_FALSE(inbox.find(thread)->due_at);
  EXPECT_FALSE(inbox.find(thread)->initiative_id);
}

// The migration gives threads from before it the default deadline: 72 hours on working days.
TEST_F(StorageInbox, TheMigrationGivesOlderThreadsThreeWorkingDays) {
  Inbox inbox(db());
  const Id anna = resident("anna");
  const auto v9 = std::ranges::find(migrations(), 9, &Migration::version)->sql;
  const auto fill = std::string(v9.substr(v9.find("UPDATE inbox_threads")));
  // Monday 2 March 2026 to Sunday 8 March, each at 10:00.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"2026-03-02T10:00:00Z", "2026-03-05T10:00:00Z"}, {"2026-03-03T10:00:00Z", "2026-03-06T10:00:00Z"},
      {"2026-03-04T10:00:00Z", "2026-03-09T10:00:00Z"}, {"2026-03-05T10:00:00Z", "2026-03-10T10:00:00Z"},
      {"2026-03-06T10:00:00Z", "2026-03-11T10:00:00Z"}, {"2026-03-07T10:00:00Z", "2026-03-12T00:00:00Z"},
      {"2026-03-08T10:00:00Z", "2026-03-12T00:00:00Z"}};
  for (const auto& [created, due] : cases) {
    const Id thread = inbox.open_thread(anna, "terminal", "anna", "Vraag");
    db().prepare("UPDATE inbox_threads SET created_at = ?2 WHERE id = ?1").bind(1, thread).bind(2, created).run();
  }
  db().exec(fill);
  const auto threads = inbox.threads_of(anna);  // newest first
  for (std::size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(threads[cases.size() - 1 - i].due_at, cases[i].second) << cases[i].first;
}

}  // namespace
// The list writes only the filters asked for, so SQLite can use an index: the plain list walks the index
// on last activity up to its limit instead of reading and sorting every thread, and a status or an
// assignee uses its own index. With "(?1 = '' OR t.status = ?1)" every list scanned the whole table.
TEST_F(StorageInbox, TheInboxListReadsThroughAnIndexNotEveryThread) {
  using ::testing::HasSubstr;
  const auto plan = [&](const ThreadFilter& filter) {
    std::string text;
    auto rows = db().prepare("EXPLAIN QUERY PLAN " + InboxQueries::list_sql(filter));
    while (rows.step()) text += rows.text_at(3) + "\n";
    return text;
  };
  const auto plain = plan({});
  EXPECT_THAT(plain, HasSubstr("SCAN t USING INDEX inbox_threads_by_activity")) << plain;
  EXPECT_THAT(plain, ::testing::Not(HasSubstr("TEMP B-TREE FOR ORDER BY"))) << plain;
  const auto open = plan({.status = "open"});
  EXPECT_THAT(open, HasSubstr("inbox_threads_by_status")) << open;
  const auto assigned = plan({.assignee = "anna"});
  EXPECT_THAT(assigned, HasSubstr("inbox_threads_by_assignee")) << assigned;
}

}  // namespace buurtbot::storage::testing
