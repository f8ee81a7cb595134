#include "bot/pipeline/outbox/sqlite_store.hpp"

#include "storage/repositories.hpp"
#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <thread>
#include <vector>

namespace buurtbot::outbox {
namespace {

using namespace std::chrono_literals;

const Clock::time_point kT0 = Clock::time_point{} + 1'760'000'000s;

// The service's writer thread, played by a thread of the test that runs each job on the test's connection.
class SqliteStoreTest : public storage::testing::TempDatabaseTest {
 protected:
  void TearDown() override {
    for (auto& thread : threads_) thread.join();
    TempDatabaseTest::TearDown();
  }

  SqliteStore::Writer writer() {
    return [this](std::function<void(storage::Database&)> job) {
      ++handed_over_;
      threads_.emplace_back([this, job = std::move(job)] { job(*writer_db_); });
    };
  }

  std::string status(storage::Id id) {
    auto row = db().prepare("SELECT status FROM outbox WHERE id = ?1");
    row.bind(1, id);
    row.step();
    return row.text_at(0);
  }

  std::optional<storage::Database> writer_db_;
  int handed_over_ = 0;
  std::vector<std::thread> threads_;
};

TEST_F(SqliteStoreTest, WithoutWriterEachOutcomeIsStoredAtOnce) {
  const auto id = storage::Outbox(db()).enqueue("telegram", "42", "{}", 0);
  SqliteStore store(db());
  store.mark_sent(id);
  EXPECT_EQ(status(id), "sent");
}

// An SMTP server's 550 at send time is kept with the mark, for the officers.
TEST_F(SqliteStoreTest, AnUnreachableRecipientKeepsTheReason) {
  const auto anna = storage::Residents(db()).find_or_create("email", "anna@buurt.example", "anna@buurt.example", "", "nl");
  const auto id = storage::Outbox(db()).enqueue("email", "anna@buurt.example", "{}", 0);
  SqliteStore store(db());
  store.mark_unreachable("email", "anna@buurt.example", "HTTP 550 (recipient unreachable): smtp 550: 5.1.1 User unknown");
  EXPECT_EQ(status(id), "dead");
  EXPECT_EQ(storage::Residents(db()).identities(anna.id).at(0).unreachable_reason,
            "HTTP 550 (recipient unreachable): smtp 550: 5.1.1 User unknown");
}

TEST_F(SqliteStoreTest, OutcomesGoToTheWriterAsOneBatchAndFlushWaitsForIt) {
  storage::Outbox outbox(db());
  const auto a = outbox.enqueue("telegram", "42", "{}", 0);
  const auto b = outbox.enqueue("telegram", "43", "{}", 0);
  const auto c = outbox.enqueue("telegram", "44", "{}", 0);
  writer_db_.emplace(storage::Database::open(path_));
  SqliteStore store(db(), writer());
  store.mark_sent(a);
  store.mark_dead(b, "HTTP 400");
  store.defer(c, kT0 + 2s);
  EXPECT_EQ(handed_over_, 0) << "nothing is handed over before the batch is full or flushed";
  EXPECT_EQ(status(a), "pending");
  store.flush();
  EXPECT_EQ(handed_over_, 1);
  EXPECT_EQ(status(a), "sent") << "flush() returns once the batch is committed";
  EXPECT_EQ(status(b), "dead");
  EXPECT_EQ(status(c), "pending");
  EXPECT_TRUE(store.due(kT0, 10).empty()) << "the deferred row is not due before its time";
}

TEST_F(SqliteStoreTest, FullBatchIsHandedOverWithoutWaiting) {
  storage::Outbox outbox(db());
  std::vector<storage::Id> ids;
  for (int i = 0; i < 64; ++i) ids.push_back(outbox.enqueue("telegram", std::to_string(i), "{}", 0));
  writer_db_.emplace(storage::Database::open(path_));
  SqliteStore store(db(), writer());
  for (auto id : ids) store.mark_sent(id);
  EXPECT_EQ(handed_over_, 1);
  store.flush();
  EXPECT_EQ(handed_over_, 1) << "nothing was left to hand over";
  EXPECT_TRUE(store.due(kT0, 100).empty());
}

TEST_F(SqliteStoreTest, FailedBatchLeavesItsRowsPendingAndFlushSaysSo) {
  const auto id = storage::Outbox(db()).enqueue("telegram", "42", "{}", 0);
  SqliteStore store(db(), [](std::function<void(storage::Database&)> job) {
    auto closed = storage::Database::open(":memory:");
    closed.exec("DROP TABLE outbox");
    job(closed);  // no outbox table: the batch fails and rolls back
  });
  store.mark_sent(id);
  EXPECT_THROW(store.flush(), storage::StorageError);
  EXPECT_EQ(status(id), "pending");
  ASSERT_EQ(store.due(kT0, 10).size(), 1u) << "it is sent again: at least once";
}

TEST_F(SqliteStoreTest, FlushWaitsForEveryBatchEvenAfterOneFailed) {
  storage::Outbox outbox(db());
  std::vector<storage::Id> ids;
  for (int i = 0; i < 65; ++i) ids.push_back(outbox.enqueue("telegram", std::to_string(i), "{}", 0));
  writer_db_.emplace(storage::Database::open(path_));
  int batches = 0;
  SqliteStore store(db(), [&](std::function<void(storage::Database&)> job) {
    if (++batches == 1) {  // the first batch fails at once
      auto closed = storage::Database::open(":memory:");
      closed.exec("DROP TABLE outbox");
      job(closed);
      return;
    }
    threads_.emplace_back([this, job = std::move(job)] {  // the second commits a little later
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      job(*writer_db_);
    });
  });
  for (auto id : ids) store.mark_sent(id);
  EXPECT_THROW(store.flush(), storage::StorageError);
  EXPECT_EQ(status(ids.front()), "pending") << "the failed batch is sent again";
  EXPECT_EQ(status(ids.back()), "sent") << "flush() returned only after the later batch was committed";
}

TEST_F(SqliteStoreTest, AStoreForOneRecipientSeesOnlyThatRecipientsOldestRow) {
  storage::Outbox outbox(db());
  outbox.enqueue("telegram", "Anna", "{}", 0);
  outbox.enqueue("terminal", "Bob", "{}", 0);
  const auto first = outbox.enqueue("terminal", "Anna", "{}", 0);
  outbox.enqueue("terminal", "Anna", "{}", 0);
  SqliteStore store(db(), Recipient{"terminal", "Anna"});
  auto due = store.due(kT0, 100);
  ASSERT_EQ(due.size(), 1u) << "one row at a time keeps her order; Bob's and Telegram's rows are not hers";
  EXPECT_EQ(due[0].row.id, first);
  store.mark_sent(first);
  EXPECT_EQ(store.due(kT0, 100).size(), 1u);
}

}  // namespace
}  // namespace buurtbot::outbox
