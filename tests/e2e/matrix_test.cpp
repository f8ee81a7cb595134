// The Matrix channel end to end: `buurtbot serve` as a child process, an Application Service to which
// the test pushes transactions the way a homeserver does, and a fake homeserver that records what the
// bot sent. Waits are bounded polls (a safety net), never sleeps.
#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/e2e/fake_homeserver.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace buurtbot::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kHsToken = "hs-token-of-the-e2e-test-0123456789";
constexpr const char* kAnna = "@anna:example.org";
constexpr const char* kAnnasRoom = "!anna-dm:example.org";
constexpr const char* kBertsRoom = "!bert-dm:example.org";
constexpr const char* kBert = "@bert:example.org";

/// The service with Matrix on, as an Application Service of the fake homeserver.
class MatrixService : public ::testing::Test {
 protected:
  MatrixService() {
    service.set_env("BUURTBOT_MATRIX_ENABLED", "true");
    service.set_env("BUURTBOT_MATRIX_HOMESERVER_URL", homeserver.url());
    service.set_env("BUURTBOT_MATRIX_AS_TOKEN", FakeHomeserver::kAsToken);
    service.set_env("BUURTBOT_MATRIX_HS_TOKEN", kHsToken);
    service.set_env("BUURTBOT_MATRIX_SERVER_NAME", FakeHomeserver::kServerName);
    service.set_env("BUURTBOT_MATRIX_API_TIMEOUT_S", "2");
    service.set_env("BUURTBOT_MATRIX_RATE_GLOBAL_PER_S", "0");
  }

  void SetUp() override { ASSERT_TRUE(service.start()); }

  /// PUTs a transaction as the homeserver does; the HTTP status, or 0 without answer.
  int push(const std::string& txn_id, const json& events, const std::optional<std::string>& token = kHsToken) {
    http::ClientOptions options;
    options.read_timeout = std::chrono::seconds(20);
    if (token) options.headers.emplace_back("Authorization", "Bearer " + *token);
    try {
      return http::Client(service.url(), options)
          .request("PUT", "/_matrix/app/v1/transactions/" + txn_id, "application/json", json{{"events", events}}.dump())
          .status;
    } catch (const http::NetworkError& e) {
      ADD_FAILURE() << "transaction not answered: " << e.what();
      return 0;
    }
  }

  json message(const std::string& sender, const std::string& room, const std::string& text) {
    return {{"type", "m.room.message"}, {"event_id", "$e2e" + std::to_string(++event_) + ":example.org"},
            {"room_id", room},          {"sender", sender},
            {"origin_server_ts", 1432735824653},
            {"content", {{"msgtype", "m.text"}, {"body", text}}}};
  }

  json direct_invite(const std::string& sender, const std::string& room) {
    return {{"type", "m.room.member"}, {"event_id", "$e2e" + std::to_string(++event_) + ":example.org"},
            {"room_id", room},         {"sender", sender},
            {"state_key", FakeHomeserver::kBot},
            {"origin_server_ts", 1432735824653},
            {"content", {{"membership", "invite"}, {"is_direct", true}}}};
  }

  /// Says `text` as `sender` in `room`, in a transaction of its own; returns that transaction's events.
  json say(const std::string& sender, const std::string& room, const std::string& text) {
    json events = json::array({message(sender, room, text)});
    EXPECT_EQ(push(std::to_string(++txn_), events), 200) << text;
    return events;
  }

  /// Waits for the next message delivered to `room` (after those already read) that contains `fragment`.
  HomeserverCall next_reply(const std::string& room, const std::string& fragment) {
    auto& cursor = read_[room];
    std::optional<HomeserverCall> found;
    const bool came = homeserver.wait_for([&](const std::vector<HomeserverCall>& calls) {
      std::size_t seen = 0;
      for (const auto& call : calls) {
        if (call.kind != "send" || call.status != 200 || call.repeat || call.room_id != room) continue;
        if (seen++ < cursor) continue;
        if (call.text().find(fragment) != std::string::npos) {
          found = call;
          cursor = seen;
          return true;
        }
      }
      return false;
    });
    if (!came) {
      std::string got;
      for (const auto& call : homeserver.delivered_to(room)) got += "\n---\n" + call.text();
      ADD_FAILURE() << "no message to " << room << " containing \"" << fragment << "\"; delivered:" << got
                    << "\nservice log:\n" << service.log();
      return {};
    }
    return *found;
  }

  /// The number a resident types for the option labelled `label` ("2" for "2. Groen").
  static std::string number_of(const HomeserverCall& call, const std::string& label) {
    std::istringstream lines(call.text());
    for (std::string line; std::getline(lines, line);) {
      const auto dot = line.find(". ");
      if (dot != std::string::npos && line.substr(dot + 2) == label) return line.substr(0, dot);
    }
    ADD_FAILURE() << "no option \"" << label << "\" in: " << call.text();
    return "";
  }

  /// A barrier against "nothing happened": Bert says /start and the test waits for his answer. The
  /// journal is handled in order and the outbox sends oldest first, so what the bot would have said
  /// to an earlier transaction has been sent by then.
  void canary() {
    say(kBert, kBertsRoom, "/start");
    next_reply(kBertsRoom, "Wat wil je doen?");
  }

  std::int64_t count(const std::string& sql) {
    auto db = storage::Database::open(service.database());
    auto statement = db.prepare(sql);
    return statement.step() ? statement.int_at(0) : -1;
  }

  FakeHomeserver homeserver;
  Service service;  ///< after the fake: it stops first, while the fake still answers

 private:
  int event_ = 0;
  int txn_ = 100;
  std::map<std::string, std::size_t> read_;
};

TEST_F(MatrixService, AResidentSubmitsAnInitiativeStepByStep) {
  EXPECT_EQ(push("1", json::array({direct_invite(kAnna, kAnnasRoom)})), 200);
  ASSERT_TRUE(homeserver.wait_for([](const auto& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const auto& c) { return c.kind == "join" && c.room_id == kAnnasRoom; });
  })) << "the invite was not accepted";

  say(kAnna, kAnnasRoom, "/initiatief");
  next_reply(kAnnasRoom, "Wat is de naam van je plan?");
  say(kAnna, kAnnasRoom, "Bankje <b>bij</b> de speeltuin");
  next_reply(kAnnasRoom, "Vertel in een paar zinnen");
  say(kAnna, kAnnasRoom, "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten.");
  const auto theme = next_reply(kAnnasRoom, "Bij welk thema");
  EXPECT_EQ(theme.body["msgtype"], "m.notice");
  EXPECT_THAT(theme.body.value("formatted_body", ""), HasSubstr("<ol><li>"));
  say(kAnna, kAnnasRoom, number_of(theme, "Groen"));
  say(kAnna, kAnnasRoom, "Centrum");  // the option's text selects too
  next_reply(kAnnasRoom, "In welke wijk");
  const auto help = next_reply(kAnnasRoom, "Wat heb je nodig van de gemeente?");
  say(kAnna, kAnnasRoom, number_of(help, "Geen"));
  say(kAnna, kAnnasRoom, number_of(next_reply(kAnnasRoom, "Mag iedereen je plan zien"), "Ja"));
  const auto summary = next_reply(kAnnasRoom, "Dit is je plan:");
  EXPECT_THAT(summary.body.value("formatted_body", ""), HasSubstr("Bankje &lt;b&gt;bij&lt;/b&gt; de speeltuin"))
      << "the resident's words are escaped in the HTML";
  say(kAnna, kAnnasRoom, number_of(summary, "Ja"));
  const auto done = next_reply(kAnnasRoom, "Je plan is ingediend");
  const auto reference = first_reference(done.text());
  EXPECT_FALSE(reference.empty()) << done.text();

  const auto initiatives = service.admin().initiatives();
  ASSERT_EQ(initiatives.size(), 1u) << initiatives.dump();
  EXPECT_EQ(initiatives[0].value("title", ""), "Bankje <b>bij</b> de speeltuin");
}

TEST_F(MatrixService, ARedeliveredTransactionIsProcessedOnceAlsoAfterARestart) {
  const json events = json::array({direct_invite(kAnna, kAnnasRoom), message(kAnna, kAnnasRoom, "/start")});
  EXPECT_EQ(push("txn-42", events), 200);
  next_reply(kAnnasRoom, "Wat wil je doen?");
  EXPECT_EQ(push("txn-42", events), 200) << "a redelivery is acknowledged";
  canary();
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbound WHERE conversation = '" + std::string(kAnnasRoom) + "'"), 2);
  const auto delivered = homeserver.delivered_to(kAnnasRoom).size();

  ASSERT_TRUE(service.stop());
  ASSERT_TRUE(service.start());
  EXPECT_EQ(push("txn-42", events), 200) << "after a restart too";
  canary();
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbound WHERE conversation = '" + std::string(kAnnasRoom) + "'"), 2);
  EXPECT_EQ(homeserver.delivered_to(kAnnasRoom).size(), delivered) << "nothing said twice";
}

TEST_F(MatrixService, AWrongTokenIsRefusedAndStoresNothing) {
  EXPECT_EQ(push("1", json::array({message(kAnna, kAnnasRoom, "/start")}), std::string("not-the-token")), 403);
  EXPECT_EQ(push("2", json::array({message(kAnna, kAnnasRoom, "/start")}), std::nullopt), 401);
  canary();
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbound WHERE conversation = '" + std::string(kAnnasRoom) + "'"), 0);
  EXPECT_TRUE(homeserver.delivered_to(kAnnasRoom).empty());
}

TEST_F(MatrixService, AnEncryptedMessageIsExplainedInPlainText) {
  json encrypted = {{"type", "m.room.encrypted"}, {"event_id", "$secret:example.org"}, {"room_id", kAnnasRoom},
                    {"sender", kAnna}, {"origin_server_ts", 1432735824653},
                    {"content", {{"algorithm", "m.megolm.v1.aes-sha2"}, {"ciphertext", "AwgAEnACgAkLmt6qF84IK"}}}};
  EXPECT_EQ(push("9", json::array({encrypted})), 200);
  EXPECT_EQ(push("9", json::array({encrypted})), 200);
  const auto explained = next_reply(kAnnasRoom, "versleutelde berichten");
  EXPECT_EQ(explained.body["msgtype"], "m.notice");
  canary();
  EXPECT_EQ(homeserver.delivered_to(kAnnasRoom).size(), 1u);
}

TEST_F(MatrixService, ARetriedSendIsTheSameEvent) {
  // The first attempt fails with 500; the outbox tries again with the same transaction id.
  homeserver.add_fault({.status = 500, .times = 1, .retry_after_ms = 0});
  say(kAnna, kAnnasRoom, "/start");
  next_reply(kAnnasRoom, "Wat wil je doen?");
  std::vector<std::string> txns;
  for (const auto& call : homeserver.calls())
    if (call.kind == "send" && call.room_id == kAnnasRoom) txns.push_back(call.txn_id);
  ASSERT_GE(txns.size(), 2u);
  EXPECT_EQ(txns[0], txns[1]);
}

}  // namespace
}  // namespace buurtbot::testing
