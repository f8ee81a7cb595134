// The Application Service's inbound side in process: requests in, journal and homeserver faked.
#include "adapters/matrix/inbound.hpp"

#include "tests/adapters/matrix/fixtures.hpp"

#include <gtest/gtest.h>

#include <future>
#include <set>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;
using testing::event;
using testing::transaction;

constexpr const char* kToken = "hs-token-for-the-tests";
constexpr const char* kBot = "@buurtbot:example.org";
constexpr const char* kRoom = "!jEsUZKDJdhlrceRyVU:example.org";

/// A journal that stores in memory, deduplicates by external id, and fails on demand.
class FakeJournal final : public JournalSink {
 public:
  void journal(InboundMessage message, std::function<void(Journaled)> done) override {
    std::lock_guard lock(mutex_);
    if (fail) return done(Journaled::failed);
    if (!keys_.insert(message.external_id).second) return done(Journaled::duplicate);
    stored.push_back(std::move(message));
    done(Journaled::stored);
  }
  bool backlogged() const override { return full; }

  std::vector<InboundMessage> stored;
  bool fail = false;
  bool full = false;

 private:
  std::mutex mutex_;
  std::set<std::string> keys_;
};

/// A homeserver that joins as told and knows how many are in each room.
class FakeRooms final : public RoomDirectory {
 public:
  Answer join(const std::string& room_id) override {
    joins.push_back(room_id);
    return joined;
  }
  Answer leave(const std::string& room_id) override {
    leaves.push_back(room_id);
    return left;
  }
  std::optional<int> joined_members(const std::string& room_id) override {
    lookups.push_back(room_id);
    if (away) throw std::runtime_error("homeserver away");
    return members;
  }

  Answer joined = Answer::yes;
  Answer left = Answer::yes;
  std::optional<int> members = 2;
  bool away = false;
  std::vector<std::string> joins;
  std::vector<std::string> leaves;
  std::vector<std::string> lookups;
};

class MatrixInbound : public ::testing::Test {
 protected:
  MatrixInbound() {
    auto fake = std::make_unique<FakeRooms>();
    rooms = fake.get();
    inbound = std::make_unique<Inbound>(kToken, ParseOptions{.user_id = kBot, .allowed_servers = {"example.org"}, .is_group = {}},
                                        std::move(fake));
  }

  http::Response put(const std::string& txn, const std::string& body) {
    http::Request request;
    request.method = "PUT";
    request.path = "/_matrix/app/v1/transactions/" + txn;
    request.headers["authorization"] = std::string("Bearer ") + kToken;
    request.body = body;
    std::promise<http::Response> answered;
    auto response = answered.get_future();
    inbound->handle(journal, request, [&answered](http::Response r) { answered.set_value(std::move(r)); });
    return response.get();
  }

  static json text(const std::string& id, const std::string& body) {
    auto e = event("event_text.json");
    e["event_id"] = id;
    e["content"] = {{"msgtype", "m.text"}, {"body", body}};
    return e;
  }

  static json invite(bool is_direct) {
    auto e = event("event_member_invite.json");
    e["state_key"] = kBot;
    e["event_id"] = "$invite:example.org";
    e["content"]["is_direct"] = is_direct;
    return e;
  }

  FakeJournal journal;
  FakeRooms* rooms = nullptr;
  std::unique_ptr<Inbound> inbound;
};

TEST_F(MatrixInbound, ATransactionIsJournaledThenAnswered200) {
  const auto response = put("1", transaction({text("$a:example.org", "/start"), text("$b:example.org", "/menu")}));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  ASSERT_EQ(journal.stored.size(), 2u);
  EXPECT_EQ(journal.stored[0].text, "/start");
  EXPECT_EQ(journal.stored[1].text, "/menu");
}

TEST_F(MatrixInbound, ARedeliveredTransactionIsAnsweredAndStoredOnce) {
  const auto body = transaction({text("$a:example.org", "/start")});
  EXPECT_EQ(put("7", body).status, 200);
  EXPECT_EQ(put("7", body).status, 200);
  EXPECT_EQ(journal.stored.size(), 1u);
}

TEST_F(MatrixInbound, NotStoredIs503SoTheHomeserverSendsItAgain) {
  journal.fail = true;
  const auto response = put("1", transaction({text("$a:example.org", "/start")}));
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(json::parse(response.body)["errcode"], "M_UNKNOWN");
  journal.fail = false;
  journal.full = true;
  EXPECT_EQ(put("1", transaction({text("$a:example.org", "/start")})).status, 503);
  EXPECT_TRUE(journal.stored.empty());
}

TEST_F(MatrixInbound, ABodyThatIsNoTransactionIs400) {
  const auto response = put("1", "{\"events\": 12}");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body)["errcode"], "M_BAD_JSON");
  EXPECT_EQ(json::parse(put("2", "{\"events\": [").body)["errcode"], "M_NOT_JSON");
}

TEST_F(MatrixInbound, AnInviteIsJoinedBeforeItIsJournaled) {
  EXPECT_EQ(put("1", transaction({invite(true), text("$a:example.org", "hallo")})).status, 200);
  EXPECT_EQ(rooms->joins, std::vector<std::string>{kRoom});
  ASSERT_EQ(journal.stored.size(), 2u);
  EXPECT_EQ(journal.stored[0].event, "bot_added");
  EXPECT_TRUE(rooms->lookups.empty()) << "the invite said is_direct: no need to count members";
  EXPECT_EQ(put("2", transaction({text("$b:example.org", "/start")})).status, 200);
  EXPECT_TRUE(rooms->lookups.empty()) << "remembered";
  EXPECT_FALSE(journal.stored.back().group);
}

TEST_F(MatrixInbound, AJoinThatFailsForNowIs503AndStoresNothing) {
  rooms->joined = RoomDirectory::Answer::later;
  EXPECT_EQ(put("1", transaction({invite(true)})).status, 503);
  EXPECT_TRUE(journal.stored.empty());
  rooms->joined = RoomDirectory::Answer::yes;
  EXPECT_EQ(put("1", transaction({invite(true)})).status, 200) << "sent again, it is taken";
  EXPECT_EQ(journal.stored.size(), 1u);
}

TEST_F(MatrixInbound, AnInviteThatCannotBeAcceptedIsDropped) {
  rooms->joined = RoomDirectory::Answer::refused;
  EXPECT_EQ(put("1", transaction({invite(false)})).status, 200);
  EXPECT_TRUE(journal.stored.empty());
}

TEST_F(MatrixInbound, AnInviteFromAnotherHomeserverIsRejectedAndNothingIsStored) {
  auto stranger = invite(true);
  stranger["sender"] = "@stranger:elsewhere.example";
  EXPECT_EQ(put("1", transaction({stranger})).status, 200);
  EXPECT_TRUE(rooms->joins.empty());
  EXPECT_EQ(rooms->leaves, std::vector<std::string>{kRoom}) << "the invite is rejected, not left pending";
  EXPECT_TRUE(journal.stored.empty());

  rooms->left = RoomDirectory::Answer::later;
  EXPECT_EQ(put("2", transaction({stranger})).status, 503) << "a rejection the homeserver could not take yet is tried again";
}

json departure(const std::string& id, const std::string& who, const std::string& membership) {
  auto e = event("event_member_join.json");
  e["event_id"] = id;
  e["sender"] = who;
  e["state_key"] = who;
  e["content"] = {{"membership", membership}};
  return e;
}

TEST_F(MatrixInbound, TheBotLeavesARoomItsLastResidentLeftAndTakesItAsARemoval) {
  rooms->members = 1;  // the bot alone
  EXPECT_EQ(put("1", transaction({departure("$gone:example.org", "@anna:example.org", "leave")})).status, 200);
  EXPECT_EQ(rooms->leaves, std::vector<std::string>{kRoom});
  ASSERT_EQ(journal.stored.size(), 1u);
  EXPECT_EQ(journal.stored[0].event, "bot_removed");
  EXPECT_EQ(journal.stored[0].conversation, kRoom);
  EXPECT_EQ(journal.stored[0].external_id, "$gone:example.org") << "keyed by the leave event: a redelivery stores it once";

  rooms->members = std::nullopt;  // out of the room now
  EXPECT_EQ(put("1", transaction({departure("$gone:example.org", "@anna:example.org", "leave")})).status, 200);
  EXPECT_EQ(rooms->leaves.size(), 1u);
  EXPECT_EQ(journal.stored.size(), 1u);
}

TEST_F(MatrixInbound, ARoomWithResidentsLeftIsKept) {
  rooms->members = 2;
  EXPECT_EQ(put("1", transaction({departure("$gone:example.org", "@anna:example.org", "ban")})).status, 200);
  EXPECT_TRUE(rooms->leaves.empty());
  EXPECT_TRUE(journal.stored.empty());
  EXPECT_EQ(put("2", transaction({departure("$joined:example.org", "@anna:example.org", "join")})).status, 200);
  EXPECT_EQ(rooms->lookups.size(), 1u) << "a join is no departure: nobody is counted";
}

TEST_F(MatrixInbound, AnUnknownRoomIsPrivateWithTwoMembersAndAGroupWithMore) {
  rooms->members = 2;
  put("1", transaction({text("$a:example.org", "hallo")}));
  ASSERT_EQ(journal.stored.size(), 1u);
  EXPECT_FALSE(journal.stored[0].group);

  auto other = text("$b:example.org", "!koppel ABC");
  other["room_id"] = "!werkgroep:example.org";
  rooms->members = 5;
  put("2", transaction({other}));
  ASSERT_EQ(journal.stored.size(), 2u);
  EXPECT_TRUE(journal.stored[1].group);
  EXPECT_EQ(journal.stored[1].text, "/koppel ABC");
}

TEST_F(MatrixInbound, ARoomThatCannotBeToldIs503) {
  rooms->away = true;
  EXPECT_EQ(put("1", transaction({text("$a:example.org", "hallo")})).status, 503);
  EXPECT_TRUE(journal.stored.empty());
}

TEST_F(MatrixInbound, EncryptedEventsAreAcknowledgedAndCountedAndExplainedOncePerRoom) {
  EXPECT_EQ(put("1", transaction({event("event_encrypted_megolm.json")})).status, 200);
  EXPECT_EQ(inbound->encrypted_events(), 1);
  ASSERT_EQ(journal.stored.size(), 1u);
  EXPECT_EQ(journal.stored[0].event, "encrypted");

  auto later = event("event_encrypted_megolm.json");
  later["event_id"] = "$later:example.org";
  EXPECT_EQ(put("2", transaction({later})).status, 200);
  EXPECT_EQ(inbound->encrypted_events(), 2);
  EXPECT_EQ(journal.stored.size(), 1u) << "the room was told once already";

  journal.fail = true;
  EXPECT_EQ(put("3", transaction({later})).status, 503);
  EXPECT_EQ(inbound->encrypted_events(), 2) << "not acknowledged, not counted";
}

TEST_F(MatrixInbound, PingUsersAndRooms) {
  auto ask = [&](std::string method, std::string path) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.headers["authorization"] = std::string("Bearer ") + kToken;
    http::Response got;
    inbound->handle(journal, request, [&got](http::Response r) { got = std::move(r); });
    return got;
  };
  EXPECT_EQ(ask("POST", "/_matrix/app/v1/ping").status, 200);
  EXPECT_EQ(ask("GET", std::string("/_matrix/app/v1/users/") + kBot).status, 200);
  EXPECT_EQ(ask("GET", "/_matrix/app/v1/users/@someone:example.org").status, 404);
  EXPECT_EQ(ask("GET", "/_matrix/app/v1/rooms/#buurt:example.org").status, 404);
  EXPECT_EQ(ask("GET", "/_matrix/app/v1/transactions/1").status, 405);
  EXPECT_EQ(ask("GET", "/_matrix/app/v1/nothing").status, 404);
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
