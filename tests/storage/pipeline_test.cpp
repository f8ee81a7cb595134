// The journal, the outbox and the audit log.

#include "storage/repositories.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StoragePipeline : public TempDatabaseTest {};

JournalRow event(const std::string& external_id, const std::string& payload) {
  return JournalRow{
      .id = 0, .channel = "telegram", .external_id = external_id, .conversation = "chat-1", .payload = payload};
}

TEST_F(StoragePipeline, JournalStoresARetriedEventOnce) {
  Journal journal(db());
  const auto [id, is_new] = journal.append(event("update-1", R"({"text":"hallo"})"));
  EXPECT_TRUE(is_new);
  const auto [again, again_new] = journal.append(event("update-1", R"({"text":"hallo, again"})"));
  EXPECT_FALSE(again_new);
  EXPECT_EQ(again, id);
  const auto [other, other_new] = journal.append(event("update-2", R"({"text":"menu"})"));
  EXPECT_TRUE(other_new);
  EXPECT_NE(other, id);

  auto rows = journal.unprocessed();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, id);
  EXPECT_EQ(rows[0].payload, R"({"text":"hallo"})");
  EXPECT_EQ(rows[0].conversation, "chat-1");

  journal.mark_processed(id);
  rows = journal.unprocessed();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].external_id, "update-2");
  EXPECT_EQ(journal.unprocessed(0).size(), 0u);
}

// The hourly retention pass empties a bounded batch at a time, the oldest first, so that no transaction of
// it holds the writer long; rows not yet handled, not yet sent or not yet old enough stay whole.
TEST_F(StoragePipeline, RetentionEmptiesTheOldestRowsABatchAtATime) {
  Journal journal(db());
  Outbox outbox(db());
  for (int i = 1; i <= 5; ++i) {
    journal.mark_processed(journal.append(event("update-" + std::to_string(i), R"({"text":"hallo"})")).first);
    outbox.mark_sent(outbox.enqueue("telegram", "chat-1", R"({"text":"dag"})", 1));
  }
  journal.append(event("waiting", R"({"text":"nog niet"})"));
  outbox.enqueue("telegram", "chat-1", R"({"text":"nog niet"})", 1);
  // Rows 1 to 4 are years old, row 4 the oldest; row 5 is new, and row 6 of each waits (old, in the outbox).
  db().exec("UPDATE inbound SET processed_at = '2020-01-0' || (5 - id) || 'T00:00:00Z' WHERE id < 5 AND "
            "processed_at IS NOT NULL");
  db().exec("UPDATE outbox SET created_at = '2020-01-0' || (5 - id) || 'T00:00:00Z' WHERE id <> 5");
  const auto emptied = [&](std::string_view table) {
    auto row = db().prepare("SELECT group_concat(id) FROM (SELECT id FROM " + std::string(table) +
                            " WHERE payload = '{}' ORDER BY id)");
    row.step();
    return row.optional_text_at(0).value_or("");
  };

  EXPECT_EQ(journal.expire(30, 3), 3);
  EXPECT_EQ(emptied("inbound"), "2,3,4") << "the oldest first";
  EXPECT_EQ(outbox.expire(30, 3), 3);
  EXPECT_EQ(emptied("outbox"), "2,3,4");
  EXPECT_EQ(journal.expire(30, 3), 1);
  EXPECT_EQ(outbox.expire(30, 3), 1);
  EXPECT_EQ(journal.expire(30, 3), 0);
  EXPECT_EQ(outbox.expire(30, 3), 0);
  EXPECT_EQ(emptied("inbound"), "1,2,3,4");
  EXPECT_EQ(emptied("outbox"), "1,2,3,4") << "neither the recent row nor the pending one";
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM inbound WHERE payload = '{}' AND conversation = ''"), 4);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE payload = '{}' AND address = ''"), 4);
}

TEST_F(StoragePipeline, OutboxDueIsByPriorityThenAgeOneRowPerRecipient) {
  Outbox outbox(db());
  const Id broadcast = outbox.enqueue("telegram", "2", "b", 2);
  const Id reply = outbox.enqueue("telegram", "1", "r1", 0);
  const Id notification = outbox.enqueue("matrix", "!r", "n", 1);
  const Id later_reply = outbox.enqueue("email", "a@example.org", "r2", 0);
  const Id second_to_1 = outbox.enqueue("telegram", "1", "r3", 0);

  const auto due = outbox.due(1000);
  ASSERT_EQ(due.size(), 4u);
  EXPECT_EQ(due[0].id, reply);
  EXPECT_EQ(due[1].id, later_reply);
  EXPECT_EQ(due[2].id, notification);
  EXPECT_EQ(due[3].id, broadcast);
  EXPECT_EQ(due[0].status, "pending");
  EXPECT_EQ(due[0].payload, "r1");
  EXPECT_EQ(outbox.due(1000, 2).size(), 2u);

  outbox.mark_sent(reply);
  const auto next = outbox.due(1000);
  ASSERT_EQ(next.size(), 4u);
  EXPECT_EQ(next[0].id, later_reply);
  EXPECT_EQ(next[1].id, second_to_1);
}

TEST_F(StoragePipeline, OutboxRescheduledRowHoldsBackItsRecipientOnly) {
  Outbox outbox(db());
  const Id first = outbox.enqueue("telegram", "1", "a", 0);
  outbox.enqueue("telegram", "1", "b", 0);
  const Id other = outbox.enqueue("telegram", "2", "c", 0);
  outbox.reschedule(first, 1, 5000, 1000, "HTTP 502");
  auto due = outbox.due(4999);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, other);
  EXPECT_EQ(outbox.next_attempt_after(4999), 5000);
  due = outbox.due(5000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, first);
  EXPECT_EQ(due[0].attempts, 1);
  EXPECT_EQ(due[0].first_attempt_ms, 1000);
  EXPECT_EQ(due[0].last_error, "HTTP 502");
}

TEST_F(StoragePipeline, OutboxDeadRowsAreListedAndCanBeRetried) {
  Outbox outbox(db());
  const Id sent = outbox.enqueue("telegram", "1", "a", 0);
  const Id dead = outbox.enqueue("telegram", "2", "b", 0);
  outbox.enqueue("telegram", "3", "c", 0);
  outbox.mark_sent(sent);
  outbox.mark_dead(dead, "HTTP 400: message text is empty");
  EXPECT_EQ(outbox.list().size(), 3u);
  const auto failed = outbox.list(OutboxRows::failed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, dead);
  EXPECT_EQ(failed[0].last_error, "HTTP 400: message text is empty");
  EXPECT_TRUE(outbox.retry(dead));
  EXPECT_FALSE(outbox.retry(sent));
  EXPECT_EQ(outbox.due(0).size(), 2u);
}

TEST_F(StoragePipeline, OutboxDeferDoesNotCountAnAttempt) {
  Outbox outbox(db());
  const Id id = outbox.enqueue("telegram", "-100", "hallo", 1);
  outbox.defer(id, 60000);
  EXPECT_TRUE(outbox.due(59999).empty());
  ASSERT_EQ(outbox.due(60000).size(), 1u);
  EXPECT_EQ(outbox.due(60000)[0].attempts, 0);
}

TEST_F(StoragePipeline, OutboxGivingUpARecipientKillsAllItsPendingRows) {
  Outbox outbox(db());
  outbox.enqueue("telegram", "1", "a", 0);
  outbox.enqueue("telegram", "1", "b", 1);
  outbox.enqueue("telegram", "2", "c", 1);
  outbox.give_up_recipient("telegram", "1", "HTTP 403: bot was blocked by the user");
  auto due = outbox.due(0);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].address, "2");
  EXPECT_EQ(outbox.list(OutboxRows::failed).size(), 2u);
}

TEST_F(StoragePipeline, AuditListsNewestFirst) {
  Audit audit(db());
  audit.record("officer:1", "initiative.status", "BI-2026-0001", "in_review");
  audit.record("resident:2", "resident.forget", "resident:2");
  const auto entries = audit.list();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "resident.forget");
  EXPECT_EQ(entries[0].detail, "");
  EXPECT_EQ(entries[1].detail, "in_review");
  EXPECT_EQ(audit.list(1).size(), 1u);
}

}  // namespace
}  // namespace buurtbot::storage::testing
