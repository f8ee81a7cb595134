#include "adapters/telegram/types.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace buurtbot::adapters::telegram {
namespace {

using nlohmann::json;

const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/telegram";

json fixture(const std::string& name) {
  std::ifstream in(kFixtures / name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Every value the structs write back was in the raw payload, unchanged: nothing invented, nothing altered.
::testing::AssertionResult written_back_from(const json& written, const json& raw, const std::string& at = "") {
  if (written.is_object() && raw.is_object()) {
    for (const auto& [key, value] : written.items()) {
      if (!raw.contains(key)) return ::testing::AssertionFailure() << at << "/" << key << " was invented";
      if (auto r = written_back_from(value, raw.at(key), at + "/" + key); !r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (written.is_array() && raw.is_array() && written.size() == raw.size()) {
    for (std::size_t i = 0; i < written.size(); ++i) {
      if (auto r = written_back_from(written[i], raw[i], at + "/" + std::to_string(i)); !r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (written == raw) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << at << ": " << written.dump() << " != " << raw.dump();
}

TEST(TelegramTypes, UserRoundTripsWithAndWithoutOptionalFields) {
  auto full = json::parse(R"({"id":123456789,"is_bot":false,"first_name":"Anna","last_name":"de Vries",
                              "username":"annadevries","language_code":"nl"})");
  EXPECT_EQ(json(full.get<User>()), full);
  auto sparse = json::parse(R"({"id":7012345678,"is_bot":true,"first_name":"Buurtbot"})");
  auto user = sparse.get<User>();
  EXPECT_FALSE(user.last_name.has_value());
  EXPECT_EQ(user.id, 7012345678);
  EXPECT_EQ(json(user), sparse);
}

TEST(TelegramTypes, MessageWithPhotoCaptionAndReplyRoundTrips) {
  auto raw = json::parse(R"({
    "message_id": 315, "date": 1767622000,
    "from": {"id": 246813579, "is_bot": false, "first_name": "Sanne", "language_code": "nl-BE"},
    "chat": {"id": 246813579, "type": "private", "first_name": "Sanne"},
    "reply_to_message": {"message_id": 314, "date": 1767621950, "chat": {"id": 246813579, "type": "private"},
                         "text": "Stuur een foto"},
    "photo": [{"file_id": "small", "file_unique_id": "s", "width": 90, "height": 68, "file_size": 1463},
              {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960}],
    "caption": "Kapot bankje",
    "caption_entities": [{"type": "url", "offset": 0, "length": 5, "url": "https://example.org"}]
  })");
  auto message = raw.get<Message>();
  ASSERT_TRUE(message.reply_to_message);
  EXPECT_EQ(message.reply_to_message->message_id, 314);
  ASSERT_TRUE(message.photo);
  EXPECT_EQ(message.photo->back().file_id, "large");
  EXPECT_FALSE(message.text);
  EXPECT_EQ(json(message), raw);
}

TEST(TelegramTypes, CopiedMessagesShareTheirImmutableReply) {
  auto raw = json::parse(R"({"message_id": 2, "date": 1, "chat": {"id": 1, "type": "private"},
                             "reply_to_message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}})");
  Message original = raw.get<Message>();
  Message copy = original;
  EXPECT_EQ(copy.reply_to_message->message_id, 1);
  EXPECT_EQ(json(copy), raw);
}

TEST(TelegramTypes, DocumentRoundTrips) {
  auto raw = json::parse(R"({"file_id": "BQAC", "file_unique_id": "AgAD", "file_name": "melding.pdf",
                             "mime_type": "application/pdf", "file_size": 184320})");
  EXPECT_EQ(json(raw.get<Document>()), raw);
}

TEST(TelegramTypes, CallbackQueryRoundTrips) {
  auto raw = json::parse(R"({"id": "5303", "from": {"id": 1, "is_bot": false, "first_name": "Anna"},
                             "message": {"message_id": 9, "date": 0, "chat": {"id": 1, "type": "private"}},
                             "chat_instance": "-48", "data": "ja"})");
  auto query = raw.get<CallbackQuery>();
  EXPECT_EQ(query.message->date, 0);  // an inaccessible message still names its chat
  EXPECT_EQ(json(query), raw);
}

TEST(TelegramTypes, ChatMemberUpdatedRoundTrips) {
  auto raw = json::parse(R"({"chat": {"id": -400, "type": "group", "title": "Buurt"},
                             "from": {"id": 1, "is_bot": false, "first_name": "Jan"}, "date": 5,
                             "old_chat_member": {"status": "left", "user": {"id": 7, "is_bot": true, "first_name": "B"}},
                             "new_chat_member": {"status": "restricted", "is_member": true,
                                                 "user": {"id": 7, "is_bot": true, "first_name": "B"}}})");
  auto update = raw.get<ChatMemberUpdated>();
  EXPECT_EQ(update.new_chat_member.is_member, true);
  EXPECT_EQ(json(update), raw);
}

TEST(TelegramTypes, KeyboardRoundTrips) {
  auto raw = json::parse(R"({"inline_keyboard": [[{"text": "Ja", "callback_data": "ja"},
                                                  {"text": "Nee", "callback_data": "nee"}],
                                                 [{"text": "Meer info", "url": "https://example.org"}]]})");
  auto markup = raw.get<InlineKeyboardMarkup>();
  ASSERT_EQ(markup.inline_keyboard.size(), 2u);
  EXPECT_EQ(markup.inline_keyboard[0][1].callback_data, "nee");
  EXPECT_EQ(json(markup), raw);
}

TEST(TelegramTypes, ApiResponsesRoundTrip) {
  for (const char* name : {"response_429.json", "response_403_blocked.json", "response_400_chat_not_found.json",
                           "response_ok.json"}) {
    auto raw = fixture(name);
    EXPECT_EQ(json(raw.get<ApiResponse>()), raw) << name;
  }
  auto limited = fixture("response_429.json").get<ApiResponse>();
  EXPECT_FALSE(limited.ok);
  EXPECT_EQ(limited.parameters->retry_after, 35);
}

TEST(TelegramTypes, UnknownFieldsAreIgnored) {
  auto raw = json::parse(R"({"update_id": 1, "business_message": {"x": 1},
                             "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private", "is_forum": false},
                                         "text": "hoi", "link_preview_options": {"is_disabled": true}}})");
  auto update = raw.get<Update>();
  EXPECT_EQ(update.message->text, "hoi");
  json back = update;
  EXPECT_FALSE(back.contains("business_message"));
  EXPECT_FALSE(back["message"]["chat"].contains("is_forum"));
}

TEST(TelegramTypes, NullReadsAsAbsent) {
  auto user = json::parse(R"({"id": 1, "is_bot": false, "first_name": "Anna", "last_name": null})").get<User>();
  EXPECT_FALSE(user.last_name);
}

TEST(TelegramTypes, MissingRequiredFieldsThrow) {
  EXPECT_THROW(json::parse(R"({"message": {}})").get<Update>(), json::exception);
  EXPECT_THROW(json::parse(R"({"id": 1, "first_name": "Anna"})").get<User>(), json::exception);
  EXPECT_THROW(json::parse(R"({"update_id": "12"})").get<Update>(), json::exception);
}

TEST(TelegramTypes, EveryUpdateFixtureSurvivesTheRoundTrip) {
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("update_", 0) != 0) continue;
    ++seen;
    json raw = fixture(name);
    json once = raw.get<Update>();
    EXPECT_TRUE(written_back_from(once, raw)) << name;
    EXPECT_EQ(json(once.get<Update>()), once) << name;
  }
  EXPECT_GE(seen, 14);
}

}  // namespace
}  // namespace buurtbot::adapters::telegram
