// `buurtbot officer …` against a temporary database, the password from the environment.
#include "bot/app/officer_cli.hpp"

#include "bot/api/auth/password.hpp"
#include "bot/api/views.hpp"
#include "storage/officers.hpp"
#include "tests/storage/temp_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace buurtbot {
namespace {

using ::testing::StartsWith;

class OfficerCli : public storage::testing::TempDatabaseTest {
 protected:
  void SetUp() override {
    TempDatabaseTest::SetUp();
    std::filesystem::create_directories(dir_);
    config_file_ = (dir_ / "buurtbot.yaml").string();
    std::ofstream(config_file_) << "storage:\n  path: " << path_.string() << "\nflows:\n  dir: " << BUURTBOT_SOURCE_DIR
                                << "/flows\n";
    ::setenv(kOfficerPasswordEnv, "lang genoeg wachtwoord", 1);
  }

  void TearDown() override {
    ::unsetenv(kOfficerPasswordEnv);
    TempDatabaseTest::TearDown();
  }

  int run(std::vector<std::string> args) {
    CLI::App cli;
    std::optional<std::string> config = config_file_;
    std::function<int()> command;
    add_officer_commands(cli, config, command);
    args.insert(args.begin(), "buurtbot");
    std::vector<const char*> argv;
    for (const auto& arg : args) argv.push_back(arg.c_str());
    cli.parse(static_cast<int>(argv.size()), argv.data());
    const int code = command();
    reopen();  // see what the command committed
    return code;
  }

  /// Runs the command and returns what it printed on stdout.
  std::string output_of(std::vector<std::string> args, int& code) {
    ::testing::internal::CaptureStdout();
    code = run(std::move(args));
    return ::testing::internal::GetCapturedStdout();
  }

  std::string config_file_;
};

TEST_F(OfficerCli, AddStoresAScryptHashOfThePasswordFromTheEnvironment) {
  EXPECT_EQ(run({"officer", "add", "Anna", "--name", "Anna de Vries", "--role", "admin"}), 0);
  auto anna = storage::Officers(db()).find_by_login("anna");
  ASSERT_TRUE(anna);
  EXPECT_EQ(anna->name, "Anna de Vries");
  EXPECT_EQ(anna->role, "admin");
  EXPECT_THAT(anna->password_hash, StartsWith("scrypt$32768$8$1$"));
  EXPECT_TRUE(auth::verify_password("lang genoeg wachtwoord", anna->password_hash));
  EXPECT_EQ(storage::Audit(db()).list()[0].action, "officer.add");
}

TEST_F(OfficerCli, AddRefusesBadLoginsShortPasswordsAndDuplicates) {
  EXPECT_EQ(run({"officer", "add", "me", "--name", "Me"}), 2);
  EXPECT_EQ(run({"officer", "add", "anna de vries", "--name", "Anna"}), 2);
  ::setenv(kOfficerPasswordEnv, "kort", 1);
  EXPECT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 2);
  ::setenv(kOfficerPasswordEnv, "lang genoeg wachtwoord", 1);
  EXPECT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  EXPECT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 1);
  EXPECT_EQ(storage::Officers(db()).list().size(), 1u);
}

TEST_F(OfficerCli, AddRefusesANameWithControlCharacters) {
  EXPECT_EQ(run({"officer", "add", "anna", "--name", "Anna\x1b]0;pwned\x07"}), 2);
  EXPECT_EQ(run({"officer", "add", "anna", "--name", "Anna\nde Vries"}), 2);
  EXPECT_TRUE(storage::Officers(db()).list().empty());
}

TEST_F(OfficerCli, ListShowsControlCharactersInsteadOfSendingThemToTheTerminal) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  db().prepare("UPDATE officers SET name = ?1").bind(1, "Anna\x1b]0;pwned\x07\x1b[2J").run();
  int code = 0;
  const auto listed = output_of({"officer", "list"}, code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(listed, "anna  officer  Anna\\x1b]0;pwned\\x07\\x1b[2J\n");
}

TEST_F(OfficerCli, TokenPrintsANewTokenOfWhichOnlyTheHashIsKept) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  int code = -1;
  auto printed = output_of({"officer", "token", "anna"}, code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(printed.size(), 44u);  // the token and a newline
  const auto token = printed.substr(0, 43);
  EXPECT_EQ(storage::Officers(db()).find_by_token(auth::sha256_hex(token))->login, "anna");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM officer_tokens WHERE token_hash = '" + token + "'"), 0);
  EXPECT_EQ(run({"officer", "token", "nobody"}), 1);
}

TEST_F(OfficerCli, DisableShowsInTheList) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  EXPECT_EQ(run({"officer", "disable", "anna"}), 0);
  EXPECT_EQ(run({"officer", "disable", "nobody"}), 1);
  EXPECT_EQ(run({"officer", "token", "anna"}), 1);
  int code = -1;
  auto listed = nlohmann::json::parse(output_of({"officer", "list", "--json"}, code));
  EXPECT_EQ(code, 0);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["login"], "anna");
  EXPECT_TRUE(listed[0]["disabled"].get<bool>());
  EXPECT_FALSE(listed[0].contains("password_hash"));
}

TEST_F(OfficerCli, ListPrintsWhatTheApiShows) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna", "--role", "admin"}), 0);
  ASSERT_EQ(run({"officer", "token", "anna"}), 0);
  int code = -1;
  auto listed = nlohmann::json::parse(output_of({"officer", "list", "--json"}, code));
  EXPECT_EQ(code, 0);
  auto expected = nlohmann::json::array();
  for (const auto& listing : storage::Officers(db()).list_with_token_counts())
    expected.push_back(api::officer_listing_json(listing));
  EXPECT_EQ(listed, expected);
}

TEST_F(OfficerCli, EnableLetsADisabledOfficerHaveTokensAgain) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  ASSERT_EQ(run({"officer", "disable", "anna"}), 0);
  EXPECT_EQ(run({"officer", "enable", "Anna"}), 0);
  EXPECT_FALSE(storage::Officers(db()).find_by_login("anna")->disabled);
  EXPECT_EQ(run({"officer", "token", "anna"}), 0);
  EXPECT_EQ(run({"officer", "enable", "nobody"}), 1);
  EXPECT_EQ(storage::Audit(db()).list()[1].action, "officer.enable");
}

TEST_F(OfficerCli, RevokeTokensDeletesEveryTokenOfThatOfficerOnly) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  ASSERT_EQ(run({"officer", "add", "bert", "--name", "Bert"}), 0);
  for (const char* login : {"anna", "anna", "bert"}) ASSERT_EQ(run({"officer", "token", login}), 0);
  int code = -1;
  EXPECT_EQ(output_of({"officer", "revoke-tokens", "anna"}, code), "2 API tokens and 0 browser sessions of anna revoked\n");
  EXPECT_EQ(code, 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM officer_tokens t JOIN officers o ON o.id = t.officer_id "
                   "WHERE o.login = 'anna'"),
            0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM officer_tokens"), 1);
  EXPECT_EQ(storage::Audit(db()).list()[0].action, "officer.revoke_tokens");
  EXPECT_EQ(run({"officer", "revoke-tokens", "nobody"}), 1);
}

TEST_F(OfficerCli, PasswordReplacesTheHash) {
  ASSERT_EQ(run({"officer", "add", "anna", "--name", "Anna"}), 0);
  ::setenv(kOfficerPasswordEnv, "een heel ander wachtwoord", 1);
  EXPECT_EQ(run({"officer", "password", "anna"}), 0);
  const auto hash = storage::Officers(db()).find_by_login("anna")->password_hash;
  EXPECT_TRUE(auth::verify_password("een heel ander wachtwoord", hash));
  EXPECT_FALSE(auth::verify_password("lang genoeg wachtwoord", hash));
}

}  // namespace
}  // namespace buurtbot
