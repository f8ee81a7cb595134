#include "storage/database.hpp"

#include "storage/migrations.hpp"
#include "storage/repositories.hpp"
#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace buurtbot::storage::testing {
namespace {

using ::testing::HasSubstr;

class StorageDatabase : public TempDatabaseTest {
 protected:
  std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

TEST_F(StorageDatabase, MigratesAnEmptyFileInANewDirectory) {
  EXPECT_EQ(db().schema_version(), latest_schema_version());
  EXPECT_TRUE(std::filesystem::exists(path_));
  for (const auto* table : {"residents", "identities", "conversations", "initiatives", "initiative_status_history",
                            "supports", "follows", "workgroups", "workgroup_members", "workgroup_chats",
                            "workgroup_link_codes", "inbox_threads", "inbox_messages", "inbox_notes", "officers",
                            "officer_tokens", "inbound", "outbox", "audit"}) {
    auto row = db().prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    row.bind(1, table).step();
    EXPECT_EQ(row.int_at(0), 1) << table;
  }
  auto mode = db().prepare("PRAGMA journal_mode");
  mode.step();
  EXPECT_EQ(mode.text_at(0), "wal");
  EXPECT_EQ(scalar("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(scalar("PRAGMA busy_timeout"), 5000);
}

TEST_F(StorageDatabase, ReopeningIsIdempotentAndKeepsRows) {
  Workgroups(db()).add("Groen Centrum", "groen", "");
  reopen();
  reopen();
  EXPECT_EQ(db().schema_version(), latest_schema_version());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(Workgroups(db()).list().size(), 1u);
}

TEST_F(StorageDatabase, RefusesASchemaNewerThanItKnows) {
  db().prepare("INSERT INTO schema_migrations (version) VALUES (?1)").bind(1, latest_schema_version() + 1).run();
  db_.reset();
  try {
    Database::open(path_);
    FAIL() << "opened a database with a newer schema";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path_.string()));
    EXPECT_THAT(error.what(), HasSubstr("newer"));
  }
}

TEST_F(StorageDatabase, TextFileIsRejectedAsNotADatabase) {
  std::filesystem::create_directories(path_.parent_path());
  const std::string text = "resident,initiative\nAnna,Bankje bij de vijver\n";
  std::ofstream(path_) << text;
  try {
    Database::open(path_);
    FAIL() << "opened a text file";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path_.string()));
    EXPECT_THAT(error.what(), HasSubstr("file is not a database"));
    EXPECT_EQ(error.sqlite_code(), SQLITE_NOTADB);
  }
  EXPECT_EQ(read_file(path_), text);
}

TEST_F(StorageDatabase, DirectoryInsteadOfAFileGivesAClearError) {
  std::filesystem::create_directories(path_);
  try {
    Database::open(path_);
    FAIL() << "opened a directory";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path_.string()));
    EXPECT_THAT(error.what(), HasSubstr("is a directory"));
  }
}

TEST_F(StorageDatabase, ReadOnlyFileGivesAClearError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes to read-only files";
  db();
  db_.reset();
  std::filesystem::permissions(path_, std::filesystem::perms::owner_read);
  try {
    Database::open(path_);
    FAIL() << "opened a read-only file for writing";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path_.string()));
    EXPECT_THAT(error.what(), HasSubstr("read-only"));
  }
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
}

TEST_F(StorageDatabase, SecondWriterMakesATransactionThrowLocked) {
  db().exec("BEGIN IMMEDIATE");
  auto other = Database::open(path_, OpenOptions{.busy_timeout = std::chrono::milliseconds(50)});
  try {
    Transaction tx(other);
    FAIL() << "began a second write transaction";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path_.string()));
    EXPECT_THAT(error.what(), HasSubstr("locked by another writer"));
    EXPECT_EQ(error.sqlite_code() & 0xff, SQLITE_BUSY);
  }
  db().exec("ROLLBACK");
  Transaction tx(other);
  Workgroups(other).add("Groen Centrum", "groen", "");
  tx.commit();
  EXPECT_EQ(Workgroups(db()).list().size(), 1u);
}

TEST_F(StorageDatabase, TransactionDroppedWithoutCommitLeavesNothing) {
  const Id anna = resident("anna");
  {
    Transaction tx(db());
    Initiatives initiatives(db());
    const auto created = initiatives.create(draft("Bankje bij de vijver", anna), 2026);
    EXPECT_TRUE(initiatives.support(created.id, anna));
  }
  EXPECT_TRUE(Initiatives(db()).list().empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM supports"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM initiative_status_history"), 0);
  EXPECT_TRUE(Residents(db()).find(anna).has_value());
}

TEST_F(StorageDatabase, MovedTransactionCommitsOnce) {
  const Id anna = resident("anna");
  Transaction first(db());
  Initiatives(db()).create(draft("Bankje bij de vijver", anna), 2026);
  Transaction moved(std::move(first));
  moved.commit();
  EXPECT_EQ(Initiatives(db()).list().size(), 1u);
}

TEST_F(StorageDatabase, DuplicateWorkgroupNameThrowsAndLeavesNothing) {
  Workgroups workgroups(db());
  workgroups.add("Groen Centrum", "groen", "Bomen en perken");
  {
    Transaction tx(db());
    workgroups.add("Verkeer", "verkeer", "");
    try {
      workgroups.add("Groen Centrum", "groen", "tweede");
      FAIL() << "added a workgroup twice";
    } catch (const StorageError& error) {
      EXPECT_THAT(error.what(), HasSubstr("UNIQUE constraint failed: workgroups.name"));
    }
  }
  const auto all = workgroups.list();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].description, "Bomen en perken");
}

TEST_F(StorageDatabase, BadInitiativeStatusThrowsAndLeavesNoHistory) {
  Initiatives initiatives(db());
  const auto created = initiatives.create(draft("Bankje bij de vijver"), 2026);
  try {
    initiatives.change_status(created.id, "approved", "Goedgekeurd", "officer:1");
    FAIL() << "stored an unknown status";
  } catch (const StorageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("CHECK constraint failed"));
  }
  EXPECT_EQ(initiatives.find(created.ref)->status, "submitted");
  EXPECT_EQ(initiatives.history(created.id).size(), 1u);
}

TEST_F(StorageDatabase, BackupOpensWithTheSameRows) {
  const Id anna = resident("anna");
  Initiatives initiatives(db());
  const auto created = initiatives.create(draft("Bankje bij de vijver", anna), 2026);
  initiatives.support(created.id, anna);
  const auto copy = dir_ / "backups" / "copy.db";
  db().backup_to(copy);

  auto restored = Database::open(copy);
  const auto found = Initiatives(restored).find(created.ref);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->title, "Bankje bij de vijver");
  EXPECT_EQ(found->supports, 1);
  EXPECT_EQ(found->submitter_id, anna);
  EXPECT_EQ(Residents(restored).find(anna)->display_name, "anna");
  EXPECT_EQ(restored.schema_version(), latest_schema_version());
}

}  // namespace
}  // namespace buurtbot::storage::testing
