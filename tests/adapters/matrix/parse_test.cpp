// Transactions to normalized messages, on the spec's examples.
#include "adapters/matrix/parse.hpp"

#include "tests/adapters/matrix/fixtures.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;
using testing::event;
using testing::fixture;
using testing::transaction;

constexpr const char* kBot = "@buurtbot:example.org";
constexpr const char* kRoom = "!jEsUZKDJdhlrceRyVU:example.org";  // the room of the spec's examples

ParseOptions private_rooms() {
  return {.user_id = kBot, .allowed_servers = {"example.org"}, .is_group = [](const std::string&) { return false; }};
}

ParseOptions group_rooms() {
  auto options = private_rooms();
  options.is_group = [](const std::string&) { return true; };
  return options;
}

json with_text(const std::string& text) {
  auto e = event("event_text.json");
  e["content"] = {{"msgtype", "m.text"}, {"body", text}};
  return e;
}

json invite_of_bot(bool is_direct) {
  auto e = event("event_member_invite.json");
  e["state_key"] = kBot;
  if (is_direct) e["content"]["is_direct"] = true;
  return e;
}

TEST(MatrixParse, TheSpecsTransactionGivesItsTextMessage) {
  const auto result = parse_transaction(fixture("transaction.json"), private_rooms());
  ASSERT_FALSE(result.invalid()) << result.error;
  ASSERT_EQ(result.messages.size(), 1u) << "the member event is someone else's join: nothing to handle";
  const auto& m = result.messages[0];
  EXPECT_EQ(m.channel, "matrix");
  EXPECT_EQ(m.conversation, kRoom);
  EXPECT_EQ(m.sender_id, "@example:example.org");
  EXPECT_EQ(m.sender_address, kRoom) << "a private room is where the person is reached";
  EXPECT_EQ(m.text, "This is an example text message") << "the plain body, never the HTML";
  EXPECT_EQ(m.external_id, "$143273582443PhrSn:example.org") << "the event id is the journal's key";
  EXPECT_FALSE(m.group);
  EXPECT_EQ(result.ignored, 1);
}

TEST(MatrixParse, ImagesAndFilesBecomeAttachmentsByTheirMxcUri) {
  const auto result = parse_transaction(transaction({event("event_image.json"), event("event_file.json")}), private_rooms());
  ASSERT_EQ(result.messages.size(), 2u);
  ASSERT_EQ(result.messages[0].attachments.size(), 1u);
  EXPECT_EQ(result.messages[0].attachments[0].kind, "photo");
  EXPECT_EQ(result.messages[0].attachments[0].ref, "mxc://example.org/JWEIFJgwEIhweiWJE");
  EXPECT_EQ(result.messages[0].attachments[0].name, "filename.jpg");
  ASSERT_EQ(result.messages[1].attachments.size(), 1u);
  EXPECT_EQ(result.messages[1].attachments[0].kind, "document");
  EXPECT_EQ(result.messages[1].attachments[0].name, "something-important.doc");
}

TEST(MatrixParse, NoticesAreNeverAnswered) {
  const auto result = parse_transaction(transaction({event("event_notice.json")}), private_rooms());
  EXPECT_TRUE(result.messages.empty());
  EXPECT_EQ(result.ignored, 1);
}

TEST(MatrixParse, TheBotsOwnEventsAreIgnored) {
  auto own = with_text("/start");
  own["sender"] = kBot;
  const auto result = parse_transaction(transaction({own}), private_rooms());
  EXPECT_TRUE(result.messages.empty());
}

TEST(MatrixParse, ADirectInviteIsAPrivateRoomToJoin) {
  const auto result = parse_transaction(transaction({invite_of_bot(true), with_text("hallo")}), group_rooms());
  ASSERT_EQ(result.invites.size(), 1u);
  EXPECT_EQ(result.invites[0].room_id, kRoom);
  EXPECT_FALSE(result.invites[0].group);
  ASSERT_EQ(result.messages.size(), 2u);
  EXPECT_EQ(result.messages[0].event, "bot_added");
  EXPECT_FALSE(result.messages[0].group);
  EXPECT_EQ(result.messages[1].text, "hallo") << "the invite's is_direct decides before is_group is asked";
  EXPECT_FALSE(result.messages[1].group);
}

TEST(MatrixParse, AnInviteWithoutIsDirectIsAGroup) {
  const auto result = parse_transaction(transaction({invite_of_bot(false)}), private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].event, "bot_added");
  EXPECT_TRUE(result.messages[0].group);
  EXPECT_TRUE(result.messages[0].sender_address.empty()) << "a group is nobody's private address";
}

TEST(MatrixParse, InvitesFromOtherHomeserversAreDeclined) {
  auto invite = invite_of_bot(true);
  invite["sender"] = "@stranger:elsewhere.example";
  auto result = parse_transaction(transaction({invite}), private_rooms());
  EXPECT_TRUE(result.messages.empty());
  EXPECT_TRUE(result.invites.empty());
  EXPECT_EQ(result.declined, std::vector<std::string>{kRoom});

  auto any = private_rooms();
  any.allowed_servers = {"*"};
  result = parse_transaction(transaction({invite}), any);
  EXPECT_EQ(result.invites.size(), 1u);
  EXPECT_TRUE(result.declined.empty());
}

TEST(MatrixParse, SomeoneElseLeavingOrBannedIsADeparture) {
  auto left = event("event_member_join.json");
  left["content"]["membership"] = "leave";
  auto banned = event("event_member_join.json");
  banned["event_id"] = "$banned:example.org";
  banned["content"]["membership"] = "ban";
  const auto result = parse_transaction(transaction({event("event_member_join.json"), left, banned}), private_rooms());
  EXPECT_TRUE(result.messages.empty()) << "the channel decides whether the room is empty";
  ASSERT_EQ(result.departures.size(), 2u);
  EXPECT_EQ(result.departures[0].room_id, kRoom);
  EXPECT_EQ(result.departures[1].event_id, "$banned:example.org");
}

TEST(MatrixParse, SomeoneElsesInviteIsNotTheBots) {
  const auto result = parse_transaction(transaction({event("event_member_invite.json")}), private_rooms());
  EXPECT_TRUE(result.invites.empty());
  EXPECT_TRUE(result.messages.empty());
}

TEST(MatrixParse, BeingRemovedFromARoomIsAnEvent) {
  auto kicked = event("event_member_join.json");
  kicked["state_key"] = kBot;
  kicked["content"]["membership"] = "leave";
  const auto result = parse_transaction(transaction({kicked}), group_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].event, "bot_removed");
  EXPECT_TRUE(result.messages[0].group);
}

TEST(MatrixParse, InAGroupOnlyCommandsReachTheBot) {
  const auto result = parse_transaction(
      transaction({with_text("Zullen we zaterdag vegen?"), with_text("!koppel ABC-123"), with_text("/koppel DEF")}), group_rooms());
  ASSERT_EQ(result.messages.size(), 2u);
  EXPECT_EQ(result.messages[0].text, "/koppel ABC-123") << "'!' commands read as '/' commands";
  EXPECT_EQ(result.messages[1].text, "/koppel DEF");
  EXPECT_TRUE(result.messages[0].group);
  EXPECT_EQ(result.ignored, 1);
}

TEST(MatrixParse, AReplyKeepsItsTargetAndLosesItsQuotedFallback) {
  auto reply = with_text("> <@buurtbot:example.org> Wat is de naam van je plan?\n\nBankje bij de speeltuin");
  reply["content"]["m.relates_to"] = {{"m.in_reply_to", {{"event_id", "$question:example.org"}}}};
  const auto result = parse_transaction(transaction({reply}), private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].text, "Bankje bij de speeltuin");
  EXPECT_EQ(result.messages[0].reply_to, "$question:example.org");
}

TEST(MatrixParse, AnEditIsReadAsItsNewText) {
  auto edit = with_text("* Bankje bij de speeltuin");
  edit["content"]["m.new_content"] = {{"msgtype", "m.text"}, {"body", "Bankje bij de speeltuin"}};
  edit["content"]["m.relates_to"] = {{"rel_type", "m.replace"}, {"event_id", "$first:example.org"}};
  const auto result = parse_transaction(transaction({edit}), private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].text, "Bankje bij de speeltuin");
}

TEST(MatrixParse, EncryptedEventsAreCountedAndExplainedOncePerRoom) {
  auto second = event("event_encrypted_megolm.json");
  second["event_id"] = "$second:example.org";
  const auto result = parse_transaction(
      transaction({event("event_encryption.json"), event("event_encrypted_megolm.json"), second}), private_rooms());
  EXPECT_EQ(result.encrypted, 3);
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].event, "encrypted");
  EXPECT_EQ(result.messages[0].conversation, kRoom);
  EXPECT_EQ(result.messages[0].external_id, std::string("encrypted:") + kRoom)
      << "keyed by the room, so the journal takes one explanation per room, also across transactions";
}

TEST(MatrixParse, StateEventsAreToldApartByStateKey) {
  auto not_state = event("event_encryption.json");
  not_state.erase("state_key");
  auto message_as_state = with_text("/start");
  message_as_state["state_key"] = "";
  const auto result = parse_transaction(transaction({not_state, message_as_state}), private_rooms());
  EXPECT_TRUE(result.messages.empty());
  EXPECT_EQ(result.ignored, 2);
}

TEST(MatrixParse, ABadEventIsSkippedAndTheRestTaken) {
  auto broken = with_text("x");
  broken.erase("event_id");
  auto wrong_content = event("event_member_join.json");
  wrong_content["state_key"] = kBot;
  wrong_content["content"] = {{"membership", 12}};
  const auto result = parse_transaction(transaction({broken, wrong_content, with_text("/start")}), private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].text, "/start");
  EXPECT_EQ(result.ignored, 2);
}

// Reading an event copies its content, and nlohmann::json copies (and writes out) recursively: an
// event nested half a million deep overflowed the stack and took the whole service down with it.
TEST(MatrixParse, AnEventNestedTooDeeplyIsSkippedAndTheRestTaken) {
  const auto body = R"({"events":[)" + testing::nested_event(500'000) + "," + with_text("/start").dump() + "]}";
  const auto result = parse_transaction(body, private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].text, "/start");
  EXPECT_EQ(result.ignored, 1);
}

TEST(MatrixParse, AnEventNestedAsDeepAsItMayIsRead) {
  // The event and its content are two levels; the arrays take the rest.
  const auto body = R"({"events":[)" + testing::nested_event(kMaxEventDepth - 2) + "]}";
  const auto result = parse_transaction(body, private_rooms());
  ASSERT_EQ(result.messages.size(), 1u);
  EXPECT_EQ(result.messages[0].text, "diep");
  const auto deeper = R"({"events":[)" + testing::nested_event(kMaxEventDepth - 1) + "]}";
  EXPECT_EQ(parse_transaction(deeper, private_rooms()).ignored, 1);
}

TEST(MatrixParse, ABodyThatIsNoTransactionIsInvalid) {
  EXPECT_TRUE(parse_transaction("{not json", private_rooms()).invalid());
  EXPECT_TRUE(parse_transaction("[]", private_rooms()).invalid());
  EXPECT_TRUE(parse_transaction(R"({"ephemeral": []})", private_rooms()).invalid());
  EXPECT_FALSE(parse_transaction(R"({"events": []})", private_rooms()).invalid());
}

TEST(MatrixParse, ARoomThatCannotBeToldIsAFailedParse) {
  auto options = private_rooms();
  options.is_group = [](const std::string&) -> bool { throw std::runtime_error("homeserver away"); };
  EXPECT_THROW(parse_transaction(transaction({with_text("hallo")}), options), std::runtime_error);
}

TEST(MatrixParse, CommandsAndServers) {
  EXPECT_EQ(command_text("!koppel X"), "/koppel X");
  EXPECT_EQ(command_text("/start"), "/start");
  EXPECT_EQ(command_text("!"), "");
  EXPECT_EQ(command_text("!!!"), "");
  EXPECT_EQ(command_text("hallo"), "");
  EXPECT_EQ(server_of("@anna:Gemeente.Example:8448"), "gemeente.example:8448");
  EXPECT_EQ(server_of("anna"), "");
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
