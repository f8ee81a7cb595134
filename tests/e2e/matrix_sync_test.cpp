// The Matrix channel end to end in sync mode: `buurtbot serve` as an ordinary bot account that
// long-polls the fake homeserver's /sync. Waits are bounded polls (a safety net), never sleeps.
#include "storage/database.hpp"
#include "tests/bot/http/running_server.hpp"
#include "tests/e2e/fake_homeserver.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::testing {
namespace {

constexpr const char* kAnna = "@anna:example.org";
constexpr const char* kAnnasRoom = "!anna-dm:example.org";
constexpr const char* kBert = "@bert:example.org";
constexpr const char* kBertsRoom = "!bert-dm:example.org";

class MatrixSyncService : public ::testing::Test {
 protected:
  MatrixSyncService() {
    service.set_env("BUURTBOT_MATRIX_ENABLED", "true");
    service.set_env("BUURTBOT_MATRIX_MODE", "sync");
    service.set_env("BUURTBOT_MATRIX_HOMESERVER_URL", homeserver.url());
    service.set_env("BUURTBOT_MATRIX_ACCESS_TOKEN", FakeHomeserver::kAsToken);
    service.set_env("BUURTBOT_MATRIX_SERVER_NAME", FakeHomeserver::kServerName);
    service.set_env("BUURTBOT_MATRIX_API_TIMEOUT_S", "2");
    service.set_env("BUURTBOT_MATRIX_SYNC_TIMEOUT_S", "1");
    service.set_env("BUURTBOT_MATRIX_RATE_GLOBAL_PER_S", "0");
  }

  /// Waits until `room` got `count` messages containing `fragment`; false when it never did.
  bool delivered(const std::string& room, const std::string& fragment, std::size_t count = 1) {
    return homeserver.wait_for([&](const std::vector<HomeserverCall>& calls) { return seen(calls, room, fragment) >= count; });
  }

  std::size_t seen(const std::string& room, const std::string& fragment) const { return seen(homeserver.calls(), room, fragment); }

  static std::size_t seen(const std::vector<HomeserverCall>& calls, const std::string& room, const std::string& fragment) {
    std::size_t n = 0;
    for (const auto& call : calls)
      if (call.kind == "send" && call.status == 200 && !call.repeat && call.room_id == room &&
          call.text().find(fragment) != std::string::npos)
        ++n;
    return n;
  }

  std::string position() {
    auto db = storage::Database::open(service.database());
    auto row = db.prepare("SELECT value FROM channel_positions WHERE name = 'matrix.next_batch'");
    return row.step() ? row.text_at(0) : "";
  }

  FakeHomeserver homeserver;
  Service service;  ///< after the fake: it stops first, while the fake still answers
};

TEST_F(MatrixSyncService, SkipsTheHistoryAtItsFirstStartAndAnswersEveryLaterMessageOnceAcrossARestart) {
  homeserver.add_message(kAnnasRoom, kAnna, "/start");  // written before the bot ever ran: history
  homeserver.add_invite(kBertsRoom, kBert, /*direct=*/true);
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(homeserver.wait_for([](const auto& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const HomeserverCall& c) { return c.kind == "join" && c.room_id == kBertsRoom; });
  })) << "the invite waiting at the first start is accepted\n" << service.log();

  homeserver.add_message(kBertsRoom, kBert, "/help");
  ASSERT_TRUE(delivered(kBertsRoom, "Dit kun je typen")) << service.log();
  EXPECT_EQ(seen(kAnnasRoom, "Wat wil je doen?"), 0u) << "history before the first start is skipped, not answered";
  EXPECT_NE(service.log().find("skipped the 1 events"), std::string::npos) << service.log();

  ASSERT_TRUE(service.stop());
  const auto stopped_at = position();
  EXPECT_EQ(stopped_at, "s3") << "the position is kept in the database: the history, the invite and /help";
  homeserver.add_message(kBertsRoom, kBert, "/menu");  // while the bot is down
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(delivered(kBertsRoom, "Wat wil je doen?")) << "what came while it was down is answered\n" << service.log();
  homeserver.add_message(kBertsRoom, kBert, "/menu");
  ASSERT_TRUE(delivered(kBertsRoom, "Wat wil je doen?", 2)) << service.log();
  EXPECT_EQ(seen(kBertsRoom, "Dit kun je typen"), 1u) << "/help was answered once, not again after the restart";
  EXPECT_EQ(seen(kBertsRoom, "Wat wil je doen?"), 2u);
  EXPECT_TRUE(http::testing::eventually([&] { return position() == "s5"; }))
      << "saved after what it fetched is stored; now " << position() << ", at the stop " << stopped_at;
}

TEST_F(MatrixSyncService, DeclinesAForeignInviteAndLeavesARoomItsLastResidentLeft) {
  constexpr const char* kEvesRoom = "!eve-dm:elsewhere.example";
  ASSERT_TRUE(service.start());
  ASSERT_TRUE(homeserver.wait_for([](const std::vector<HomeserverCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const HomeserverCall& c) { return c.kind == "sync" && !c.txn_id.empty(); });
  })) << "past the first sync, which skips the history";
  homeserver.add_invite(kEvesRoom, "@eve:elsewhere.example", /*direct=*/true);
  homeserver.add_invite(kAnnasRoom, kAnna, /*direct=*/true);
  homeserver.add_message(kAnnasRoom, kAnna, "/start");
  ASSERT_TRUE(delivered(kAnnasRoom, "Wat wil je doen?")) << service.log();
  EXPECT_TRUE(homeserver.called("leave", kEvesRoom)) << "the foreign invite is rejected";
  EXPECT_FALSE(homeserver.called("join", kEvesRoom));

  homeserver.set_members(kAnnasRoom, {FakeHomeserver::kBot});
  homeserver.add_membership(kAnnasRoom, kAnna, "leave");
  ASSERT_TRUE(homeserver.wait_for([](const std::vector<HomeserverCall>& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const HomeserverCall& c) { return c.kind == "leave" && c.room_id == kAnnasRoom; });
  })) << service.log();
}

}  // namespace
}  // namespace buurtbot::testing

namespace buurtbot::testing {
namespace {

// `buurtbot matrix login` trades the bot account's password for the access token sync mode runs on; a
// wrong password gets a clear refusal and no token, and the password shows nowhere.
TEST(MatrixLogin, PrintsTheAccountsAccessTokenForItsPasswordAndRefusesAWrongOne) {
  FakeHomeserver homeserver;
  Instance cli;
  cli.set_env("BUURTBOT_MATRIX_HOMESERVER_URL", homeserver.url());
  cli.set_env("BUURTBOT_MATRIX_SERVER_NAME", FakeHomeserver::kServerName);
  const std::string token = std::string(FakeHomeserver::kAsToken) + "\n";

  const auto by_env = cli.run({"matrix", "login"}, {}, {{"BUURTBOT_MATRIX_PASSWORD", FakeHomeserver::kBotPassword}});
  EXPECT_EQ(by_env.exit_code, 0) << by_env.err;
  EXPECT_EQ(by_env.out, token);
  EXPECT_THAT(by_env.err, ::testing::HasSubstr("BUURTBOT_MATRIX_ACCESS_TOKEN"));

  const auto by_stdin = cli.run({"matrix", "login", "--user", FakeHomeserver::kBot},
                                std::string(FakeHomeserver::kBotPassword) + "\n");
  EXPECT_EQ(by_stdin.exit_code, 0) << by_stdin.err;
  EXPECT_EQ(by_stdin.out, token);

  const auto wrong = cli.run({"matrix", "login"}, "not the password\n");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.out, "");
  EXPECT_THAT(wrong.err, ::testing::HasSubstr("M_FORBIDDEN"));
  EXPECT_THAT(wrong.err, ::testing::Not(::testing::HasSubstr("not the password")));

  const auto none = cli.run({"matrix", "login"}, "");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, ::testing::HasSubstr("BUURTBOT_MATRIX_PASSWORD"));
}

}  // namespace
}  // namespace buurtbot::testing
