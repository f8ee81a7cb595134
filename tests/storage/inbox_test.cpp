#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace buurtbot::storage::testing
