#pragma once
// The few Telegram Bot API types buurtbot reads and writes, as plain structs (https://core.telegram.org/bots/api).
// Unknown fields are ignored when reading; absent optional fields stay absent when writing, so a
// payload survives a round trip through these structs unchanged in the fields we model.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::adapters::telegram {

/// A Telegram user or bot.
struct User {
  std::int64_t id = 0;
  bool is_bot = false;
  std::string first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> username;
  std::optional<std::string> language_code;  ///< IETF tag of the user's app language ("nl", "en", "nl-BE")
};

/// A private chat, group, supergroup or channel.
struct Chat {
  std::int64_t id = 0;  ///< negative for groups and channels
  std::string type;     ///< private, group, supergroup, channel
  std::optional<std::string> title;
  std::optional<std::string> username;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
};

/// One size of a photo; a photo message carries several.
struct PhotoSize {
  std::string file_id;
  std::string file_unique_id;
  int width = 0;
  int height = 0;
  std::optional<std::int64_t> file_size;
};

/// A general file sent as a document.
struct Document {
  std::string file_id;
  std::string file_unique_id;
  std::optional<std::string> file_name;
  std::optional<std::string> mime_type;
  std::optional<std::int64_t> file_size;
};

/// A special span in a text (command, mention, link…), offsets in UTF-16 code units.
struct MessageEntity {
  std::string type;  ///< bot_command, mention, url, bold…
  int offset = 0;
  int length = 0;
  std::optional<std::string> url;
};

/// A message in a chat; `date == 0` marks an inaccessible message under an old button.
struct Message {
  std::int64_t message_id = 0;
  std::optional<User> from;
  std::int64_t date = 0;
  Chat chat;
  std::optional<std::int64_t> edit_date;
  /// The message this one replies to; shared and const because Message is recursive and copies stay cheap.
  std::shared_ptr<const Message> reply_to_message;
  std::optional<std::string> text;
  std::optional<std::vector<MessageEntity>> entities;
  std::optional<std::string> caption;
  std::optional<std::vector<MessageEntity>> caption_entities;
  std::optional<std::vector<PhotoSize>> photo;
  std::optional<Document> document;
};

/// A press on an inline keyboard button.
struct CallbackQuery {
  std::string id;
  User from;
  std::optional<Message> message;  ///< the message the button was under; absent for inline-mode messages
  std::optional<std::string> inline_message_id;
  std::string chat_instance;
  std::optional<std::string> data;
};

/// One member's standing in a chat; we only need the status and who it is.
struct ChatMember {
  std::string status;  ///< creator, administrator, member, restricted, left, kicked
  User user;
  std::optional<bool> is_member;  ///< set for "restricted": whether they are still in the chat
};

/// A change of a member's status; `my_chat_member` reports the bot's own.
struct ChatMemberUpdated {
  Chat chat;
  User from;
  std::int64_t date = 0;
  ChatMember old_chat_member;
  ChatMember new_chat_member;
};

/// One incoming update; at most one of the optional parts is set, and none when it is a kind we don't model.
struct Update {
  std::int64_t update_id = 0;
  std::optional<Message> message;
  std::optional<Message> edited_message;
  std::optional<CallbackQuery> callback_query;
  std::optional<ChatMemberUpdated> my_chat_member;
};

/// One button of an inline keyboard.
struct InlineKeyboardButton {
  std::string text;
  std::optional<std::string> callback_data;  ///< 1-64 bytes
  std::optional<std::string> url;
};

/// Buttons under a message, row by row.
struct InlineKeyboardMarkup {
  std::vector<std::vector<InlineKeyboardButton>> inline_keyboard;
};

/// Why a request failed, in machine-readable form.
struct ResponseParameters {
  std::optional<std::int64_t> migrate_to_chat_id;
  std::optional<int> retry_after;  ///< seconds to wait after a flood-control refusal
};

/// The envelope of every Bot API answer.
struct ApiResponse {
  bool ok = false;
  std::optional<nlohmann::json> result;
  std::optional<int> error_code;
  std::optional<std::string> description;
  std::optional<ResponseParameters> parameters;
};

void to_json(nlohmann::json& j, const User& v);
void from_json(const nlohmann::json& j, User& v);
void to_json(nlohmann::json& j, const Chat& v);
void from_json(const nlohmann::json& j, Chat& v);
void to_json(nlohmann::json& j, const PhotoSize& v);
void from_json(const nlohmann::json& j, PhotoSize& v);
void to_json(nlohmann::json& j, const Document& v);
void from_json(const nlohmann::json& j, Document& v);
void to_json(nlohmann::json& j, const MessageEntity& v);
void from_json(const nlohmann::json& j, MessageEntity& v);
void to_json(nlohmann::json& j, const Message& v);
void from_json(const nlohmann::json& j, Message& v);
void to_json(nlohmann::json& j, const CallbackQuery& v);
void from_json(const nlohmann::json& j, CallbackQuery& v);
void to_json(nlohmann::json& j, const ChatMember& v);
void from_json(const nlohmann::json& j, ChatMember& v);
void to_json(nlohmann::json& j, const ChatMemberUpdated& v);
void from_json(const nlohmann::json& j, ChatMemberUpdated& v);
void to_json(nlohmann::json& j, const Update& v);
void from_json(const nlohmann::json& j, Update& v);
void to_json(nlohmann::json& j, const InlineKeyboardButton& v);
void from_json(const nlohmann::json& j, InlineKeyboardButton& v);
void to_json(nlohmann::json& j, const InlineKeyboardMarkup& v);
void from_json(const nlohmann::json& j, InlineKeyboardMarkup& v);
void to_json(nlohmann::json& j, const ResponseParameters& v);
void from_json(const nlohmann::json& j, ResponseParameters& v);
void to_json(nlohmann::json& j, const ApiResponse& v);
void from_json(const nlohmann::json& j, ApiResponse& v);

}  // namespace buurtbot::adapters::telegram
