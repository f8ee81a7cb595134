#include "adapters/telegram/types.hpp"

#include <type_traits>
#include <utility>

namespace buurtbot::adapters::telegram {
namespace {

using nlohmann::json;

// The Bot API promises user and chat ids of at most 52 significant bits; other ids are smaller still.
constexpr std::int64_t kMaxId = (std::int64_t{1} << 52) - 1;

// A whole number that fits T. nlohmann's own get<> wraps 2^63 to -2^63 and cuts 3003.5 to 3003, which
// would answer, store or dedupe under an id nobody sent.
template <typename T>
T whole_number(const json& value, const char* key) {
  if (value.is_number_unsigned()) {
    if (const auto number = value.get<std::uint64_t>(); std::in_range<T>(number)) return static_cast<T>(number);
  } else if (value.is_number_integer()) {
    if (const auto number = value.get<std::int64_t>(); std::in_range<T>(number)) return static_cast<T>(number);
  }
  throw json::out_of_range::create(406, std::string(key) + " is not a whole number in range", &value);
}

template <typename T>
T value_of(const json& value, const char* key) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) return whole_number<T>(value, key);
  else return value.template get<T>();
}

// A field the Bot API always sends: its absence means the body is not what it claims to be.
template <typename T>
void required(const json& j, const char* key, T& into) {
  into = value_of<T>(j.at(key), key);
}

// Absent and null both read as "not set", so sparse payloads parse.
template <typename T>
void optional(const json& j, const char* key, std::optional<T>& into) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) into = value_of<T>(*it, key);
}

// A user, chat or update id: a whole number of at most 52 bits, and for an update not below zero.
void identifier(const json& j, const char* key, std::int64_t& into, std::int64_t lowest = -kMaxId) {
  required(j, key, into);
  if (into < lowest || into > kMaxId)
    throw json::out_of_range::create(406, std::string(key) + " is outside the range of Telegram's ids", &j.at(key));
}

// Written only when set, so a round trip does not invent fields the API never sent.
template <typename T>
void put(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

}  // namespace

void to_json(json& j, const User& v) {
  j = {{"id", v.id}, {"is_bot", v.is_bot}, {"first_name", v.first_name}};
  put(j, "last_name", v.last_name);
  put(j, "username", v.username);
  put(j, "language_code", v.language_code);
}

void from_json(const json& j, User& v) {
  identifier(j, "id", v.id);
  required(j, "is_bot", v.is_bot);
  required(j, "first_name", v.first_name);
  optional(j, "last_name", v.last_name);
  optional(j, "username", v.username);
  optional(j, "language_code", v.language_code);
}

void to_json(json& j, const Chat& v) {
  j = {{"id", v.id}, {"type", v.type}};
  put(j, "title", v.title);
  put(j, "username", v.username);
  put(j, "first_name", v.first_name);
  put(j, "last_name", v.last_name);
}

void from_json(const json& j, Chat& v) {
  identifier(j, "id", v.id);
  required(j, "type", v.type);
  optional(j, "title", v.title);
  optional(j, "username", v.username);
  optional(j, "first_name", v.first_name);
  optional(j, "last_name", v.last_name);
}

void to_json(json& j, const PhotoSize& v) {
  j = {{"file_id", v.file_id}, {"file_unique_id", v.file_unique_id}, {"width", v.width}, {"height", v.height}};
  put(j, "file_size", v.file_size);
}

void from_json(const json& j, PhotoSize& v) {
  required(j, "file_id", v.file_id);
  required(j, "file_unique_id", v.file_unique_id);
  required(j, "width", v.width);
  required(j, "height", v.height);
  optional(j, "file_size", v.file_size);
}

void to_json(json& j, const Document& v) {
  j = {{"file_id", v.file_id}, {"file_unique_id", v.file_unique_id}};
  put(j, "file_name", v.file_name);
  put(j, "mime_type", v.mime_type);
  put(j, "file_size", v.file_size);
}

void from_json(const json& j, Document& v) {
  required(j, "file_id", v.file_id);
  required(j, "file_unique_id", v.file_unique_id);
  optional(j, "file_name", v.file_name);
  optional(j, "mime_type", v.mime_type);
  optional(j, "file_size", v.file_size);
}

void to_json(json& j, const MessageEntity& v) {
  j = {{"type", v.type}, {"offset", v.offset}, {"length", v.length}};
  put(j, "url", v.url);
}

void from_json(const json& j, MessageEntity& v) {
  required(j, "type", v.type);
  required(j, "offset", v.offset);
  required(j, "length", v.length);
  optional(j, "url", v.url);
}

void to_json(json& j, const Message& v) {
  j = {{"message_id", v.message_id}, {"date", v.date}, {"chat", v.chat}};
  put(j, "from", v.from);
  put(j, "edit_date", v.edit_date);
  if (v.reply_to_message) j["reply_to_message"] = *v.reply_to_message;
  put(j, "text", v.text);
  put(j, "entities", v.entities);
  put(j, "caption", v.caption);
  put(j, "caption_entities", v.caption_entities);
  put(j, "photo", v.photo);
  put(j, "document", v.document);
}

void from_json(const json& j, Message& v) {
  required(j, "message_id", v.message_id);
  required(j, "date", v.date);
  required(j, "chat", v.chat);
  optional(j, "from", v.from);
  optional(j, "edit_date", v.edit_date);
  if (auto it = j.find("reply_to_message"); it != j.end() && !it->is_null()) {
    v.reply_to_message = std::make_shared<const Message>(it->get<Message>());
  }
  optional(j, "text", v.text);
  optional(j, "entities", v.entities);
  optional(j, "caption", v.caption);
  optional(j, "caption_entities", v.caption_entities);
  optional(j, "photo", v.photo);
  optional(j, "document", v.document);
}

void to_json(json& j, const CallbackQuery& v) {
  j = {{"id", v.id}, {"from", v.from}, {"chat_instance", v.chat_instance}};
  put(j, "message", v.message);
  put(j, "inline_message_id", v.inline_message_id);
  put(j, "data", v.data);
}

void from_json(const json& j, CallbackQuery& v) {
  required(j, "id", v.id);
  required(j, "from", v.from);
  required(j, "chat_instance", v.chat_instance);
  optional(j, "message", v.message);
  optional(j, "inline_message_id", v.inline_message_id);
  optional(j, "data", v.data);
}

void to_json(json& j, const ChatMember& v) {
  j = {{"status", v.status}, {"user", v.user}};
  put(j, "is_member", v.is_member);
}

void from_json(const json& j, ChatMember& v) {
  required(j, "status", v.status);
  required(j, "user", v.user);
  optional(j, "is_member", v.is_member);
}

void to_json(json& j, const ChatMemberUpdated& v) {
  j = {{"chat", v.chat},
       {"from", v.from},
       {"date", v.date},
       {"old_chat_member", v.old_chat_member},
       {"new_chat_member", v.new_chat_member}};
}

void from_json(const json& j, ChatMemberUpdated& v) {
  required(j, "chat", v.chat);
  required(j, "from", v.from);
  required(j, "date", v.date);
  required(j, "old_chat_member", v.old_chat_member);
  required(j, "new_chat_member", v.new_chat_member);
}

void to_json(json& j, const Update& v) {
  j = {{"update_id", v.update_id}};
  put(j, "message", v.message);
  put(j, "edited_message", v.edited_message);
  put(j, "callback_query", v.callback_query);
  put(j, "my_chat_member", v.my_chat_member);
}

void from_json(const json& j, Update& v) {
  identifier(j, "update_id", v.update_id, 0);
  optional(j, "message", v.message);
  optional(j, "edited_message", v.edited_message);
  optional(j, "callback_query", v.callback_query);
  optional(j, "my_chat_member", v.my_chat_member);
}

void to_json(json& j, const InlineKeyboardButton& v) {
  j = {{"text", v.text}};
  put(j, "callback_data", v.callback_data);
  put(j, "url", v.url);
}

void from_json(const json& j, InlineKeyboardButton& v) {
  required(j, "text", v.text);
  optional(j, "callback_data", v.callback_data);
  optional(j, "url", v.url);
}

void to_json(json& j, const InlineKeyboardMarkup& v) { j = {{"inline_keyboard", v.inline_keyboard}}; }

void from_json(const json& j, InlineKeyboardMarkup& v) { required(j, "inline_keyboard", v.inline_keyboard); }

void to_json(json& j, const ResponseParameters& v) {
  j = json::object();
  put(j, "migrate_to_chat_id", v.migrate_to_chat_id);
  put(j, "retry_after", v.retry_after);
}

void from_json(const json& j, ResponseParameters& v) {
  optional(j, "migrate_to_chat_id", v.migrate_to_chat_id);
  optional(j, "retry_after", v.retry_after);
}

void to_json(json& j, const ApiResponse& v) {
  j = {{"ok", v.ok}};
  put(j, "result", v.result);
  put(j, "error_code", v.error_code);
  put(j, "description", v.description);
  put(j, "parameters", v.parameters);
}

void from_json(const json& j, ApiResponse& v) {
  required(j, "ok", v.ok);
  optional(j, "result", v.result);
  optional(j, "error_code", v.error_code);
  optional(j, "description", v.description);
  optional(j, "parameters", v.parameters);
}

}  // namespace buurtbot::adapters::telegram
