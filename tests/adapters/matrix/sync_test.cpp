// A /sync answer as the transaction the inbound side takes: every event with its room, invites with a
// stable id, and only the invites at the very first start.
#include "adapters/matrix/sync.hpp"

#include "adapters/matrix/parse.hpp"
#include "tests/adapters/matrix/fixtures.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;
using testing::event;

constexpr const char* kJoined = "!726s6s6q:example.com";
constexpr const char* kInvited = "!696r7674:example.com";

std::vector<std::string> rooms_of(const json& transaction) {
  std::vector<std::string> rooms;
  for (const auto& e : transaction["events"]) rooms.push_back(e.value("room_id", std::string("(none)")));
  return rooms;
}

TEST(TransactionOfSync, GivesEveryEventItsRoomAndTheInviteAnIdThatARepeatedSyncKeeps) {
  const auto sync = event("sync.json");
  const auto transaction = transaction_of_sync(sync, "s1");
  EXPECT_EQ(rooms_of(transaction), (std::vector<std::string>{kInvited, kInvited, kJoined, kJoined, kJoined}))
      << "the invite's stripped state, then the joined room's state and timeline";
  EXPECT_EQ(transaction["events"][1]["event_id"], std::string("$invite:") + kInvited + ":s1");
  EXPECT_EQ(transaction_of_sync(sync, "s1"), transaction) << "the same sync after a crash: the same ids";
  EXPECT_NE(transaction_of_sync(sync, "s2")["events"][1]["event_id"], transaction["events"][1]["event_id"])
      << "an invite in a later sync is another event";
}

TEST(TransactionOfSync, IsTakenByTheParserAsAPushedTransactionIs) {
  // The spec's example invites @bob; as @bob the bot joins that room and reads the joined room's text.
  const ParseOptions bob{.user_id = "@bob:example.com", .allowed_servers = {"*"}, .is_group = [](const std::string&) { return false; }};
  const auto parsed = parse_transaction(transaction_of_sync(event("sync.json"), "s1").dump(), bob);
  ASSERT_EQ(parsed.invites.size(), 1u);
  EXPECT_EQ(parsed.invites[0].room_id, kInvited);
  ASSERT_EQ(parsed.messages.size(), 2u);
  EXPECT_EQ(parsed.messages[0].event, "bot_added");
  EXPECT_EQ(parsed.messages[1].text, "This is an example text message");
  EXPECT_EQ(parsed.messages[1].conversation, kJoined);
}

TEST(TransactionOfSync, TheFirstStartKeepsOnlyTheInvitesAndCountsTheHistoryItSkips) {
  const auto sync = event("sync.json");
  EXPECT_EQ(rooms_of(transaction_of_sync(sync, "", /*history=*/false)), (std::vector<std::string>{kInvited, kInvited}));
  EXPECT_EQ(timeline_events(sync), 2u);
}

TEST(TransactionOfSync, AnAnswerWithoutRoomsHasNoEvents) {
  EXPECT_TRUE(transaction_of_sync(json{{"next_batch", "s9"}}, "s8")["events"].empty());
  EXPECT_TRUE(transaction_of_sync(json{{"next_batch", "s9"}, {"rooms", {{"join", 5}}}}, "s8")["events"].empty());
}

// As the parser does: copying an event nested half a million deep overflowed the stack.
TEST(TransactionOfSync, LeavesOutAnEventNestedTooDeeply) {
  auto text = event("event_text.json");
  text.erase("room_id");
  const auto answer = R"({"next_batch":"s2","rooms":{"join":{")" + std::string(kJoined) +
                      R"(":{"timeline":{"events":[)" + testing::nested_event(500'000, kJoined) + "," + text.dump() +
                      "]}}}}}";
  const auto sync = json::parse(answer);
  const auto transaction = transaction_of_sync(sync, "s1");
  ASSERT_EQ(transaction["events"].size(), 1u);
  EXPECT_EQ(transaction["events"][0]["event_id"], text["event_id"]);
  EXPECT_EQ(timeline_events(sync), 2u);
}

TEST(SyncFilter, AsksOnlyForWhatTheParserReads) {
  const auto& types = sync_filter()["room"]["timeline"]["types"];
  EXPECT_EQ(types, json({"m.room.message", "m.room.encrypted", "m.room.member", "m.room.encryption"}));
  EXPECT_TRUE(sync_filter()["presence"]["types"].empty());
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
