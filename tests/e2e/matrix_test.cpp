// The Matrix channel end to end: `buurtbot serve` as a child process, an Application Service to which
// the test pushes transactions the way a homeserver does, and a fake homeserver that records what the
// bot sent. Waits are bounded polls (a safety net), never sleeps.
#include "adapters/matrix/channel.hpp"
#include "bot/http/client.hpp"
#include "storage/database.hpp"
#include "tests/e2e/binary.hpp"
#include "tests/e2e/fake_homeserver.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <sys/wait.h>

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

  json left(const std::string& who, const std::string& room) {
    return {{"type", "m.room.member"}, {"event_id", "$e2e" + std::to_string(++event_) + ":example.org"},
            {"room_id", room},         {"sender", who},
            {"state_key", who},        {"origin_server_ts", 1432735824653},
            {"content", {{"membership", "leave"}}}};
  }

  /// The value of the /metrics series `name`, -1 when absent.
  double metric(const std::string& name) {
    const auto body = http::Client(service.url()).request("GET", "/metrics", "", "").body;
    std::istringstream lines(body);
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with(name + " ")) return std::stod(line.substr(name.size() + 1));
    return -1;
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
  const auto explained = next_reply(kAnnasRoom, "versleutelde berichten");
  EXPECT_EQ(explained.body["msgtype"], "m.notice");
  encrypted["event_id"] = "$secret2:example.org";
  EXPECT_EQ(push("10", json::array({encrypted})), 200);
  canary();
  EXPECT_EQ(homeserver.delivered_to(kAnnasRoom).size(), 1u) << "explained once per room, not once per event";
  EXPECT_EQ(metric("buurtbot_matrix_encrypted_events_total"), 2);
}

TEST_F(MatrixService, AnInviteFromAnotherHomeserverIsDeclinedUnlessEveryHomeserverIsAllowed) {
  constexpr const char* kEvesRoom = "!eve-dm:elsewhere.example";
  EXPECT_EQ(push("1", json::array({direct_invite("@eve:elsewhere.example", kEvesRoom)})), 200);
  ASSERT_TRUE(homeserver.wait_for([&](const auto& calls) {
    return std::any_of(calls.begin(), calls.end(), [&](const auto& c) { return c.kind == "leave" && c.room_id == kEvesRoom; });
  })) << "the invite is rejected\n" << service.log();
  canary();
  EXPECT_FALSE(homeserver.called("join", kEvesRoom));
  EXPECT_TRUE(homeserver.delivered_to(kEvesRoom).empty());

  ASSERT_TRUE(service.stop());
  service.set_env("BUURTBOT_MATRIX_ALLOWED_HOMESERVERS", "*");
  ASSERT_TRUE(service.start());
  EXPECT_EQ(push("2", json::array({direct_invite("@eve:elsewhere.example", "!eve-again:elsewhere.example")})), 200);
  EXPECT_TRUE(homeserver.called("join", "!eve-again:elsewhere.example"));
}

TEST_F(MatrixService, TheBotLeavesARoomItsLastResidentLeftAndTheResidentIsUnreachableThere) {
  EXPECT_EQ(push("1", json::array({direct_invite(kAnna, kAnnasRoom), message(kAnna, kAnnasRoom, "/start")})), 200);
  next_reply(kAnnasRoom, "Wat wil je doen?");
  homeserver.set_members(kAnnasRoom, {FakeHomeserver::kBot});
  EXPECT_EQ(push("2", json::array({left(kAnna, kAnnasRoom)})), 200);
  EXPECT_TRUE(homeserver.called("leave", kAnnasRoom));
  EXPECT_EQ(push("3", json::array({left("@carla:example.org", kBertsRoom)})), 200);  // Bert is still there
  canary();
  EXPECT_EQ(count("SELECT COUNT(*) FROM identities WHERE channel = 'matrix' AND address = '" + std::string(kAnnasRoom) +
                  "' AND unreachable_at IS NOT NULL"),
            1);
  EXPECT_FALSE(homeserver.called("leave", kBertsRoom)) << "a room with a resident in it is kept";
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

// A homeserver that stores the event but answers too late for buurtbot (matrix.api_timeout_s, 2 s here):
// the send is tried again with the same transaction id, so the resident sees the event once.
TEST_F(MatrixService, ASendWhoseAnswerTimesOutIsTriedAgainAsTheSameEvent) {
  homeserver.add_fault({.status = 200, .times = 1, .retry_after_ms = 0, .answer_after_ms = 4000});
  say(kAnna, kAnnasRoom, "/start");
  ASSERT_TRUE(homeserver.wait_for([](const std::vector<HomeserverCall>& calls) {
    return std::count_if(calls.begin(), calls.end(), [](const HomeserverCall& c) {
             return c.kind == "send" && c.room_id == kAnnasRoom;
           }) >= 2;
  })) << service.log();
  std::vector<HomeserverCall> sends;
  for (const auto& call : homeserver.calls())
    if (call.kind == "send" && call.room_id == kAnnasRoom) sends.push_back(call);
  EXPECT_EQ(sends[0].txn_id, sends[1].txn_id);
  EXPECT_FALSE(sends[0].repeat);
  EXPECT_TRUE(sends[1].repeat) << "the retry is the same event, not a second one";
  EXPECT_EQ(homeserver.delivered_to(kAnnasRoom).size(), 1u);
}

/// Runs `command` in a shell; its exit status (-1 when it did not run) and what it printed.
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A real Matrix client library plays the resident: matrix-js-sdk (pinned in tests/e2e/matrix_client's
// lock file, installed by `npm ci` there on the first run, as the other Node tests do) syncs with the fake
// homeserver, whose every message from it becomes a transaction pushed to buurtbot.
TEST_F(MatrixService, AResidentOnMatrixJsSdkSubmitsAnInitiative) {
  const auto client = source_path("tests/e2e/matrix_client");
  if (run("command -v node && command -v npm").first != 0) GTEST_SKIP() << "node and npm are not installed";
  const auto installed = client / "node_modules" / ".package-lock.json";
  if (!std::filesystem::exists(installed) ||
      std::filesystem::last_write_time(installed) < std::filesystem::last_write_time(client / "package-lock.json")) {
    const auto [status, output] = run("cd '" + client.string() + "' && npm ci --no-audit --no-fund --include=dev --loglevel=error");
    ASSERT_EQ(status, 0) << output;
  }
  homeserver.serve_resident(kAnna, kAnnasRoom, service.url(), kHsToken);
  EXPECT_EQ(push("1", json::array({direct_invite(kAnna, kAnnasRoom)})), 200);

  const auto [status, output] = run("cd '" + client.string() + "' && node resident.mjs " + homeserver.url() + " " +
                                    FakeHomeserver::kResidentToken + " '" + kAnna + "' '" + kAnnasRoom + "'");
  EXPECT_EQ(status, 0) << output << "\nservice log:\n" << service.log();
  EXPECT_THAT(output, HasSubstr("the bot's confirmation reached the client: Dank je! Je plan is ingediend"));
  const auto initiatives = service.admin().initiatives();
  ASSERT_EQ(initiatives.size(), 1u) << initiatives.dump();
  EXPECT_EQ(initiatives[0].value("title", ""), "Bankje bij de speeltuin");
}

// An officer's answer from the inbox, hours later, is a reply to the resident's question, so it is clear
// what it answers; the bot's own replies a second after a message quote nothing.
TEST_F(MatrixService, AnOfficersAnswerRepliesToTheResidentsQuestion) {
  say(kAnna, kAnnasRoom, "/vraag");
  const auto prompt = next_reply(kAnnasRoom, "Wat is je vraag?");
  const auto asked = say(kAnna, kAnnasRoom, "Mag ik een bankje in het park zetten?");
  const auto received = next_reply(kAnnasRoom, "Een medewerker van de gemeente leest je vraag");
  EXPECT_FALSE(prompt.body.contains("m.relates_to")) << prompt.body.dump();
  EXPECT_FALSE(received.body.contains("m.relates_to")) << received.body.dump();

  service.answer_question("bankje", "Ja, dat mag. Zet het bankje op het gras.");
  const auto answer = next_reply(kAnnasRoom, "Ja, dat mag.");
  EXPECT_EQ(answer.body["m.relates_to"], json({{"m.in_reply_to", {{"event_id", asked[0]["event_id"]}}}}))
      << answer.body.dump();
}

// The homeserver remembers the bot's transaction ids longer than a database may live: after the database
// is made anew, its outbox numbers rows from 1 again, and those sends must still be new events.
TEST_F(MatrixService, AfterANewDatabaseTheRepliesAreNewEventsNotRepeats) {
  say(kAnna, kAnnasRoom, "/start");
  next_reply(kAnnasRoom, "Wat wil je doen?");
  ASSERT_TRUE(service.stop());
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(service.database().string() + suffix);
  ASSERT_TRUE(service.start());
  say(kAnna, kAnnasRoom, "/start");
  next_reply(kAnnasRoom, "Wat wil je doen?");
  for (const auto& call : homeserver.calls())
    EXPECT_FALSE(call.kind == "send" && call.repeat) << "the homeserver dropped " << call.txn_id << " as a repeat";
}

/// The service with the officers' announcements going to a Matrix room, configured as for Telegram.
class MatrixAnnouncements : public MatrixService {
 protected:
  static constexpr const char* kOfficersRoom = "!officers:example.org";
  MatrixAnnouncements() {
    service.set_env("BUURTBOT_INBOX_ANNOUNCE_CHANNEL", "matrix");
    service.set_env("BUURTBOT_INBOX_ANNOUNCE_ADDRESS", kOfficersRoom);
  }
};

TEST_F(MatrixAnnouncements, ANewQuestionIsAnnouncedInTheOfficersRoom) {
  say(kAnna, kAnnasRoom, "/vraag");
  next_reply(kAnnasRoom, "Wat is je vraag?");
  say(kAnna, kAnnasRoom, "Mag ik een bankje in het park zetten?");
  next_reply(kAnnasRoom, "Een medewerker van de gemeente leest je vraag");
  const auto announced = next_reply(kOfficersRoom, "Nieuwe vraag #");
  EXPECT_THAT(announced.text(), HasSubstr("Mag ik een bankje in het park zetten?"));
  EXPECT_EQ(announced.body["msgtype"], "m.notice");
}

// The channel's send against the fake homeserver, in process: a message too long for one event.
TEST(MatrixChannelSend, ALongMessageArrivesAsSeveralEventsInOrderAndARetryRepeatsThemUnchanged) {
  FakeHomeserver homeserver;
  adapters::matrix::MatrixSettings settings;
  settings.homeserver_url = homeserver.url();
  settings.server_name = FakeHomeserver::kServerName;
  settings.api_timeout_s = 2;
  adapters::matrix::MatrixChannel channel(settings, FakeHomeserver::kAsToken, kHsToken);
  OutboundMessage long_message;
  for (int paragraph = 1; paragraph <= 6; ++paragraph)
    long_message.text += "Alinea " + std::to_string(paragraph) + ": " + std::string(14000, 'x') + "\n\n";

  EXPECT_FALSE(channel.send(kAnnasRoom, long_message, 7));
  const auto delivered = homeserver.delivered_to(kAnnasRoom);
  ASSERT_EQ(delivered.size(), 3u) << "two paragraphs of 14,000 characters (28 kB as body and HTML together) fit one event";
  for (std::size_t i = 0; i < delivered.size(); ++i) {
    EXPECT_EQ(delivered[i].txn_id, "buurtbot-outbox-7-" + std::to_string(i + 1));
    EXPECT_LT(delivered[i].body.dump().size(), 65536u);
    EXPECT_TRUE(delivered[i].text().starts_with("Alinea " + std::to_string(2 * i + 1) + ":")) << "in order";
  }

  EXPECT_FALSE(channel.send(kAnnasRoom, long_message, 7)) << "a retry after a lost answer";
  EXPECT_EQ(homeserver.delivered_to(kAnnasRoom).size(), 3u) << "the same transaction ids: no event twice";

  homeserver.add_fault({.status = 500, .times = 1, .retry_after_ms = 0});
  EXPECT_TRUE(channel.send(kBertsRoom, long_message, 8)) << "the first part failed";
  EXPECT_FALSE(channel.send(kBertsRoom, long_message, 8));
  EXPECT_EQ(homeserver.delivered_to(kBertsRoom).size(), 3u);
}

}  // namespace
}  // namespace buurtbot::testing
