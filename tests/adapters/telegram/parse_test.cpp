#include "adapters/telegram/parse.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace buurtbot::adapters::telegram {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/telegram";
const ParseOptions kOptions{.bot_username = "buurtbot_test_bot"};

std::string fixture(const std::string& name) {
  std::ifstream in(kFixtures / name);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

InboundMessage handled(const std::string& name) {
  ParseResult result = parse_update(fixture(name), kOptions);
  EXPECT_FALSE(result.invalid()) << name << ": " << result.error;
  EXPECT_TRUE(result.message) << name << " ignored: " << result.ignored;
  return result.message.value_or(InboundMessage{});
}

void expect_ignored(const std::string& body) {
  ParseResult result = parse_update(body, kOptions);
  EXPECT_FALSE(result.invalid()) << result.error;
  EXPECT_FALSE(result.message);
  EXPECT_FALSE(result.ignored.empty());
}

TEST(TelegramParse, PrivateTextBecomesAMessage) {
  InboundMessage m = handled("update_private_text.json");
  EXPECT_EQ(m.channel, "telegram");
  EXPECT_EQ(m.external_id, "846201001");
  EXPECT_EQ(m.conversation, "123456789");
  EXPECT_EQ(m.sender_id, "123456789");
  EXPECT_EQ(m.sender_name, "Anna de Vries");
  EXPECT_EQ(m.language, "nl");
  EXPECT_EQ(m.text, "Ik wil een initiatief starten voor meer groen in de Vogelbuurt");
  EXPECT_FALSE(m.group);
  EXPECT_TRUE(m.event.empty());
  EXPECT_TRUE(m.choice.empty());
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_TRUE(m.reply_to.empty());
}

TEST(TelegramParse, StartCommandKeepsItsText) {
  InboundMessage m = handled("update_start_command.json");
  EXPECT_EQ(m.text, "/start");
  EXPECT_EQ(m.external_id, "846201000");
}

TEST(TelegramParse, EditedMessageArrivesAsItsNewText) {
  InboundMessage m = handled("update_edited_message.json");
  EXPECT_EQ(m.text, "Ik wil een initiatief starten voor meer bomen in de Vogelbuurt");
  EXPECT_EQ(m.external_id, "846201002");
  EXPECT_EQ(m.conversation, "123456789");
}

TEST(TelegramParse, CallbackQueryCarriesTheChoiceAndItsId) {
  InboundMessage m = handled("update_callback_query.json");
  EXPECT_TRUE(m.text.empty());
  EXPECT_EQ(m.choice, "wijk_vogelbuurt");
  EXPECT_EQ(m.callback_id, "530300712345678901");
  EXPECT_EQ(m.conversation, "123456789");
  EXPECT_EQ(m.sender_id, "123456789");
  EXPECT_EQ(m.external_id, "846201003");
  EXPECT_FALSE(m.group);
}

TEST(TelegramParse, GroupCommandForUsLosesTheBotName) {
  InboundMessage m = handled("update_group_command_ours.json");
  EXPECT_EQ(m.text, "/steun BI-2026-0001");
  EXPECT_TRUE(m.group);
  EXPECT_EQ(m.conversation, "-1001876543210");
  EXPECT_EQ(m.sender_id, "987654321");
  EXPECT_EQ(m.sender_name, "Jan Jansen");
  EXPECT_EQ(m.language, "en");
}

TEST(TelegramParse, GroupCommandForAnotherBotIsIgnored) { expect_ignored(fixture("update_group_command_other_bot.json")); }

TEST(TelegramParse, GroupChatterIsIgnored) { expect_ignored(fixture("update_group_chatter.json")); }

TEST(TelegramParse, BareCommandInAGroupIsForUs) {
  InboundMessage m = parse_update(R"({"update_id": 5, "message": {"message_id": 1, "date": 1,
      "from": {"id": 9, "is_bot": false, "first_name": "Jan"},
      "chat": {"id": -4012345678, "type": "group", "title": "Buurt"}, "text": "/help"}})", kOptions).message.value();
  EXPECT_EQ(m.text, "/help");
  EXPECT_TRUE(m.group);
}

TEST(TelegramParse, BotNameIsComparedCaseInsensitively) {
  auto result = parse_update(R"({"update_id": 5, "message": {"message_id": 1, "date": 1,
      "chat": {"id": -100, "type": "supergroup"}, "text": "/steun@BuurtBot_Test_Bot BI-2026-0002"}})", kOptions);
  ASSERT_TRUE(result.message);
  EXPECT_EQ(result.message->text, "/steun BI-2026-0002");
  EXPECT_TRUE(result.message->sender_id.empty());  // no "from": still answerable in the group
}

TEST(TelegramParse, PrivateCommandNamingUsIsNormalisedToo) {
  auto result = parse_update(R"({"update_id": 5, "message": {"message_id": 1, "date": 1,
      "chat": {"id": 42, "type": "private"}, "text": "/help@buurtbot_test_bot"}})", kOptions);
  EXPECT_EQ(result.message.value().text, "/help");
}

TEST(TelegramParse, PrivateCommandNamingAnyBotIsOursAndLosesTheName) {
  for (const auto& options : {kOptions, ParseOptions{}}) {
    auto result = parse_update(R"({"update_id": 5, "message": {"message_id": 1, "date": 1,
        "chat": {"id": 42, "type": "private"}, "text": "/volg@SomeOtherBot BI-2026-0003"}})", options);
    EXPECT_EQ(result.message.value().text, "/volg BI-2026-0003");
  }
}

TEST(TelegramParse, BotAddedToAGroupIsAnEvent) {
  InboundMessage m = handled("update_my_chat_member_added_group.json");
  EXPECT_EQ(m.event, "bot_added");
  EXPECT_EQ(m.conversation, "-4012345678");
  EXPECT_TRUE(m.group);
  EXPECT_EQ(m.sender_id, "987654321");  // who added the bot
  EXPECT_EQ(m.external_id, "846201007");
  EXPECT_TRUE(m.text.empty());
}

TEST(TelegramParse, BlockingTheBotInPrivateIsBotRemoved) {
  InboundMessage m = handled("update_my_chat_member_kicked_private.json");
  EXPECT_EQ(m.event, "bot_removed");
  EXPECT_EQ(m.conversation, "123456789");
  EXPECT_FALSE(m.group);
}

TEST(TelegramParse, PromotionToAdministratorIsNotAnArrival) {
  expect_ignored(R"({"update_id": 9, "my_chat_member": {"chat": {"id": -400, "type": "group", "title": "B"},
      "from": {"id": 1, "is_bot": false, "first_name": "Jan"}, "date": 1,
      "old_chat_member": {"status": "member", "user": {"id": 7, "is_bot": true, "first_name": "B"}},
      "new_chat_member": {"status": "administrator", "user": {"id": 7, "is_bot": true, "first_name": "B"}}}})");
}

TEST(TelegramParse, LeavingAGroupIsBotRemoved) {
  auto result = parse_update(R"({"update_id": 9, "my_chat_member": {"chat": {"id": -400, "type": "supergroup"},
      "from": {"id": 1, "is_bot": false, "first_name": "Jan"}, "date": 1,
      "old_chat_member": {"status": "administrator", "user": {"id": 7, "is_bot": true, "first_name": "B"}},
      "new_chat_member": {"status": "left", "user": {"id": 7, "is_bot": true, "first_name": "B"}}}})", kOptions);
  ASSERT_TRUE(result.message);
  EXPECT_EQ(result.message->event, "bot_removed");
  EXPECT_TRUE(result.message->group);
}

TEST(TelegramParse, PhotoKeepsTheLargestSizeAndTheCaption) {
  InboundMessage m = handled("update_photo_caption.json");
  EXPECT_EQ(m.text, "Kapot bankje bij de speeltuin 🪑");
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].kind, "photo");
  EXPECT_EQ(m.attachments[0].ref, "AgACAgQAAxkBAAIBM2Wk_large");
  EXPECT_EQ(m.reply_to, "314");
  EXPECT_EQ(m.language, "nl-BE");
  EXPECT_EQ(m.sender_name, "Sanne");
}

TEST(TelegramParse, DocumentKeepsItsFileIdAndName) {
  InboundMessage m = handled("update_document.json");
  EXPECT_TRUE(m.text.empty());
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].kind, "document");
  EXPECT_EQ(m.attachments[0].ref, "BQACAgQAAxkBAAIBNGWk_document");
  EXPECT_EQ(m.attachments[0].name, "handtekeningen Vogelbuurt.pdf");
}

// A resident's Telegram name is not theirs to fix in our flow: it is kept, without what a terminal would obey.
TEST(TelegramParse, ControlCharactersAreDroppedFromNamesAndFileNames) {
  auto result = parse_update(R"({"update_id": 5, "message": {"message_id": 1, "date": 1,
      "from": {"id": 9, "is_bot": false, "first_name": "Anna\u001b]0;pwned\u0007", "last_name": "de\nVries\u0085"},
      "chat": {"id": 9, "type": "private"},
      "document": {"file_id": "f", "file_unique_id": "u", "file_name": "plan\u001b[2J.pdf"}}})", kOptions);
  ASSERT_TRUE(result.message) << result.error;
  EXPECT_EQ(result.message->sender_name, "Anna]0;pwned de Vries");
  EXPECT_EQ(result.message->attachments.at(0).name, "plan[2J.pdf");
}

TEST(TelegramParse, EmojiAndMarkupArriveVerbatim) {
  InboundMessage m = handled("update_emoji_html.json");
  EXPECT_EQ(m.text, "Kan de <b>lantaarnpaal</b> bij nr. 12 gerepareerd worden? 🌳💡 Groetjes & \"bedankt\" 👩🏽‍🌾");
}

TEST(TelegramParse, ChannelPostIsIgnored) { expect_ignored(fixture("update_channel_post.json")); }

TEST(TelegramParse, InlineQueryIsIgnored) { expect_ignored(fixture("update_inline_query.json")); }

TEST(TelegramParse, StickerInPrivateIsIgnored) {
  expect_ignored(R"({"update_id": 3, "message": {"message_id": 1, "date": 1, "chat": {"id": 42, "type": "private"},
      "sticker": {"file_id": "CAAC", "file_unique_id": "x", "width": 512, "height": 512, "type": "regular"}}})");
}

TEST(TelegramParse, ButtonWithoutAChatOrDataIsIgnored) {
  expect_ignored(R"({"update_id": 3, "callback_query": {"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
      "inline_message_id": "AAA", "chat_instance": "5", "data": "ja"}})");
  expect_ignored(R"({"update_id": 3, "callback_query": {"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
      "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}},
      "chat_instance": "5", "game_short_name": "g"}})");
}

TEST(TelegramParse, BodiesThatAreNotUpdatesAreErrors) {
  for (const char* body : {"", "{", "not json", "[]", "[{\"update_id\": 1}]", "42", "null", "{}",
                           R"({"message": {"message_id": 1}})", R"({"update_id": "1"})",
                           R"({"update_id": 1, "message": {"message_id": 1, "date": 1}})",
                           R"({"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": 5}})"}) {
    ParseResult result = parse_update(std::string_view(body), kOptions);
    EXPECT_TRUE(result.invalid()) << body;
    EXPECT_FALSE(result.message) << body;
  }
}

// A private text update with `update_id`, the chat's id and the sender's id as written (raw JSON numbers).
std::string update_with_ids(const std::string& update_id, const std::string& chat_id, const std::string& user_id) {
  return R"({"update_id": )" + update_id + R"(, "message": {"message_id": 1, "date": 1,
      "from": {"id": )" + user_id + R"(, "is_bot": false, "first_name": "Anna"},
      "chat": {"id": )" + chat_id + R"(, "type": "private"}, "text": "hoi"}})";
}

// nlohmann's get<int64_t> wraps 2^63 to -2^63 and cuts 3003.5 to 3003; the parser must not.
TEST(TelegramParse, IdsThatAreNotWholeNumbersInRangeAreErrors) {
  const std::string fine = "3003";
  for (const std::string bad : {"9223372036854775808", "18446744073709551615", "12345678901234567890123",
                                "3003.5", "3.003e3", "-9223372036854775809", "1e300"}) {
    for (const auto& body : {update_with_ids(bad, fine, fine), update_with_ids(fine, bad, fine),
                             update_with_ids(fine, fine, bad)}) {
      ParseResult result = parse_update(body, kOptions);
      EXPECT_TRUE(result.invalid()) << body;
      EXPECT_FALSE(result.message) << body;
    }
  }
}

// The Bot API promises user and chat ids of at most 52 significant bits; beyond that a number is not an id.
TEST(TelegramParse, IdsBeyondFiftyTwoBitsAreErrors) {
  const std::string fine = "3003";
  const std::string beyond = "4503599627370496";  // 2^52
  for (const auto& body : {update_with_ids(beyond, fine, fine), update_with_ids(fine, beyond, fine),
                           update_with_ids(fine, "-" + beyond, fine), update_with_ids(fine, fine, beyond)})
    EXPECT_TRUE(parse_update(body, kOptions).invalid()) << body;
  EXPECT_TRUE(parse_update(update_with_ids("-1", fine, fine), kOptions).invalid()) << "update ids are not negative";
}

TEST(TelegramParse, TheLargestIdsTelegramUsesStillParse) {
  const std::string largest = "4503599627370495";  // 2^52 - 1
  auto result = parse_update(update_with_ids(largest, "-" + largest, largest), kOptions);
  ASSERT_TRUE(result.message) << result.error;
  EXPECT_EQ(result.message->external_id, largest);
  EXPECT_EQ(result.message->conversation, "-" + largest);
  EXPECT_EQ(result.message->sender_id, largest);
}

TEST(TelegramParse, EveryUpdateFixtureIsValidAndResponsesAreNot) {
  int updates = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
    std::string name = entry.path().filename().string();
    ParseResult result = parse_update(fixture(name), kOptions);
    if (name.rfind("update_", 0) == 0) {
      ++updates;
      EXPECT_FALSE(result.invalid()) << name << ": " << result.error;
      EXPECT_NE(result.message.has_value(), !result.ignored.empty()) << name;
    } else {
      EXPECT_TRUE(result.invalid()) << name;
    }
  }
  EXPECT_EQ(updates, 14);
}

TEST(TelegramParse, OneElementOfGetUpdatesParsesLikeAWebhookBody) {
  auto polled = nlohmann::json::parse(R"({"ok": true, "result": [)" + fixture("update_private_text.json") + "]}");
  ParseResult result = translate_update(polled["result"][0], kOptions);
  ASSERT_TRUE(result.message);
  EXPECT_EQ(result.message->external_id, "846201001");
}

}  // namespace
}  // namespace buurtbot::adapters::telegram
