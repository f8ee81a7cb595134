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

TEST_F(StoragePipeline, OutboxPendingIsByPriorityThenAge) {
  Outbox outbox(db());
  const Id broadcast = outbox.enqueue("telegram", "1", "b", 2);
  const Id reply = outbox.enqueue("telegram", "1", "r1", 0);
  const Id notification = outbox.enqueue("matrix", "!r", "n", 1);
  const Id later_reply = outbox.enqueue("email", "a@example.org", "r2", 0);

  const auto pending = outbox.pending();
  ASSERT_EQ(pending.size(), 4u);
  EXPECT_EQ(pending[0].id, reply);
  EXPECT_EQ(pending[1].id, later_reply);
  EXPECT_EQ(pending[2].id, notification);
  EXPECT_EQ(pending[3].id, broadcast);
  EXPECT_EQ(pending[0].status, "pending");
  EXPECT_EQ(pending[0].payload, "r1");
  EXPECT_EQ(outbox.pending(2).size(), 2u);

  outbox.mark_sent(reply);
  EXPECT_EQ(outbox.pending().front().id, later_reply);
}

TEST_F(StoragePipeline, OutboxFailureStaysPendingUntilDead) {
  Outbox outbox(db());
  const Id id = outbox.enqueue("telegram", "1", "hallo", 0);
  outbox.mark_failed(id, "HTTP 502", false);
  auto pending = outbox.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].attempts, 1);
  EXPECT_EQ(pending[0].last_error, "HTTP 502");

  outbox.mark_failed(id, "HTTP 403: bot was blocked by the user", true);
  EXPECT_TRUE(outbox.pending().empty());
  const auto failed = outbox.list(true);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].status, "dead");
  EXPECT_EQ(failed[0].attempts, 2);
  EXPECT_EQ(failed[0].last_error, "HTTP 403: bot was blocked by the user");
}

TEST_F(StoragePipeline, OutboxListShowsFailedOnlyOnRequest) {
  Outbox outbox(db());
  const Id sent = outbox.enqueue("telegram", "1", "a", 0);
  const Id retrying = outbox.enqueue("telegram", "1", "b", 0);
  outbox.enqueue("telegram", "1", "c", 0);
  outbox.mark_sent(sent);
  outbox.mark_failed(retrying, "timeout", false);
  EXPECT_EQ(outbox.list().size(), 3u);
  const auto failed = outbox.list(true);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, retrying);
}

TEST_F(StoragePipeline, OutboxRetryLaterHoldsTheRowBack) {
  Outbox outbox(db());
  const Id id = outbox.enqueue("telegram", "1", "hallo", 0);
  outbox.retry_later(id, "429 retry_after 30", "2999-01-01T00:00:00Z");
  EXPECT_TRUE(outbox.pending().empty());
  EXPECT_EQ(outbox.list(true).at(0).next_attempt_at, "2999-01-01T00:00:00Z");
  outbox.retry_later(id, "429 retry_after 30", "2000-01-01T00:00:00Z");
  const auto pending = outbox.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].attempts, 2);
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
