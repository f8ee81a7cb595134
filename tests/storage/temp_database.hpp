#pragma once
// A fixture that gives each test its own database file in a fresh temporary directory.

#include "storage/database.hpp"
#include "storage/repositories.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

namespace buurtbot::storage::testing {

class TempDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("buurtbot-storage-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "." + info->name());
    std::filesystem::remove_all(dir_);
    // A directory that does not exist yet: opening has to create it.
    path_ = dir_ / "data" / "buurtbot.db";
  }

  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  /// The test's connection, opened on first use.
  Database& db() {
    if (!db_) db_.emplace(Database::open(path_));
    return *db_;
  }

  /// Closes the test's connection, so the next db() reopens the file.
  void reopen() {
    db_.reset();
    db();
  }

  /// The single integer a query returns.
  std::int64_t scalar(std::string_view sql) {
    auto row = db().prepare(sql);
    row.step();
    return row.int_at(0);
  }

  /// A resident known on the terminal channel under `name`.
  Id resident(const std::string& name) {
    return Residents(db()).find_or_create("terminal", name, name, name, "nl").id;
  }

  /// A minimal initiative draft.
  static Initiative draft(const std::string& title, std::optional<Id> submitter = std::nullopt) {
    Initiative initiative;
    initiative.title = title;
    initiative.description = "Beschrijving van " + title;
    initiative.theme = "groen";
    initiative.neighbourhood = "centrum";
    initiative.submitter_id = submitter;
    return initiative;
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
  std::optional<Database> db_;
};

}  // namespace buurtbot::storage::testing
