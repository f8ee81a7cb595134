#include "adapters/telegram/parse.hpp"

#include "adapters/telegram/types.hpp"
#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace buurtbot::adapters::telegram {
namespace {

using nlohmann::json;

ParseResult ignore(std::string why) { return ParseResult{.message = {}, .error = {}, .ignored = std::move(why)}; }

ParseResult deliver(InboundMessage message) {
  return ParseResult{.message = std::move(message), .error = {}, .ignored = {}};
}

bool is_group(const Chat& chat) { return chat.type == "group" || chat.type == "supergroup"; }

// A resident's Telegram name is not theirs to fix in our flow, so it is kept without what a terminal or
// a list would obey, rather than refused.
std::string display_name(const User& user) { return one_line(user.first_name + " " + user.last_name.value_or("")); }

// The fields every handled update shares: where to answer, who spoke, and the journal key.
InboundMessage base(std::int64_t update_id, const Chat& chat, const std::optional<User>& from) {
  InboundMessage m;
  m.channel = kChannel;
  m.external_id = std::to_string(update_id);
  m.conversation = std::to_string(chat.id);
  m.group = is_group(chat);
  if (from) {
    m.sender_id = std::to_string(from->id);
    m.sender_address = m.sender_id;  // a person's private chat with the bot has their user id
    m.sender_name = display_name(*from);
    m.language = from->language_code.value_or("");
  }
  return m;
}

bool is_command_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::size_t command_chars(std::string_view s, std::size_t from) {
  std::size_t end = from;
  while (end < s.size() && is_command_char(s[end])) ++end;
  return end;
}

bool same_username(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

// A bot command as Telegram recognises one: "/name" or "/name@bot", then the arguments.
struct Command {
  std::string_view name;
  std::string_view bot;   ///< empty when the command names no bot
  std::string_view rest;  ///< everything after the command token, leading space included
};

std::optional<Command> split_command(std::string_view text) {
  if (text.empty() || text.front() != '/') return std::nullopt;
  std::size_t name_end = command_chars(text, 1);
  if (name_end == 1) return std::nullopt;
  Command command{.name = text.substr(1, name_end - 1), .bot = {}, .rest = text.substr(name_end)};
  if (name_end < text.size() && text[name_end] == '@') {
    std::size_t bot_end = command_chars(text, name_end + 1);
    command.bot = text.substr(name_end + 1, bot_end - name_end - 1);
    command.rest = text.substr(bot_end);
  }
  return command;
}

// The command in the spelling of every channel, "/cmd args", which the flows read.
std::string without_bot(const Command& command) { return "/" + std::string(command.name) + std::string(command.rest); }

// "/cmd@ourbot args" becomes "/cmd args"; nullopt when not a command for us.
std::optional<std::string> command_for_us(std::string_view text, const ParseOptions& options) {
  auto command = split_command(text);
  if (!command) return std::nullopt;
  if (!command->bot.empty() && !same_username(command->bot, options.bot_username)) return std::nullopt;
  return without_bot(*command);
}

const PhotoSize& largest(const std::vector<PhotoSize>& sizes) {
  return *std::max_element(sizes.begin(), sizes.end(), [](const PhotoSize& a, const PhotoSize& b) {
    return std::int64_t{a.width} * a.height < std::int64_t{b.width} * b.height;
  });
}

std::vector<Attachment> attachments_of(const Message& message) {
  std::vector<Attachment> out;
  if (message.photo && !message.photo->empty()) out.push_back({"photo", largest(*message.photo).file_id, ""});
  if (message.document) {
    out.push_back({"document", message.document->file_id, one_line(message.document->file_name.value_or(""))});
  }
  return out;
}

// Groups only reach the bot through commands; everything else there is chatter between residents.
ParseResult from_group_message(InboundMessage m, const Message& message, const ParseOptions& options) {
  if (!message.text || !split_command(*message.text)) return ignore("group message that is not a command");
  auto text = command_for_us(*message.text, options);
  if (!text) return ignore("group command for another bot");
  m.text = std::move(*text);
  return deliver(std::move(m));
}

ParseResult from_private_message(InboundMessage m, const Message& message) {
  m.thread = std::to_string(message.message_id);  // an officer's answer later replies to it
  m.text = message.text ? *message.text : message.caption.value_or("");
  // A private chat holds no other bot, so a command there is ours whatever name it carries
  // (a tapped "/help@somebot" link, or our own name when the config does not know it).
  if (auto command = split_command(m.text)) m.text = without_bot(*command);
  m.attachments = attachments_of(message);
  if (m.text.empty() && m.attachments.empty()) return ignore("message without text, photo or document");
  return deliver(std::move(m));
}

ParseResult from_message(std::int64_t update_id, const Message& message, const ParseOptions& options) {
  InboundMessage m = base(update_id, message.chat, message.from);
  if (message.reply_to_message) m.reply_to = std::to_string(message.reply_to_message->message_id);
  if (m.group) return from_group_message(std::move(m), message, options);
  if (message.chat.type != "private") return ignore("message in a " + message.chat.type + " chat");
  return from_private_message(std::move(m), message);
}

ParseResult from_callback(std::int64_t update_id, const CallbackQuery& query) {
  // Buttons under inline-mode messages have no chat to answer in; we never send those.
  if (!query.message) return ignore("callback query without a message");
  if (!query.data) return ignore("callback query without data");
  InboundMessage m = base(update_id, query.message->chat, query.from);
  m.choice = *query.data;
  m.callback_id = query.id;
  return deliver(std::move(m));
}

// "restricted" members may or may not still be in the chat; is_member says which.
bool is_present(const ChatMember& member) {
  if (member.status == "restricted") return member.is_member.value_or(false);
  return member.status == "member" || member.status == "administrator" || member.status == "creator";
}

ParseResult from_member_update(std::int64_t update_id, const ChatMemberUpdated& update) {
  if (update.chat.type == "channel") return ignore("bot membership of a channel");
  bool was = is_present(update.old_chat_member);
  bool is = is_present(update.new_chat_member);
  // A promotion or a change of rights is not an arrival: only a change of presence is an event.
  if (was == is) return ignore("bot's rights changed, not its membership");
  InboundMessage m = base(update_id, update.chat, update.from);
  m.event = is ? "bot_added" : "bot_removed";
  return deliver(std::move(m));
}

ParseResult translate(const Update& update, const ParseOptions& options) {
  if (update.message) return from_message(update.update_id, *update.message, options);
  if (update.edited_message) return from_message(update.update_id, *update.edited_message, options);
  if (update.callback_query) return from_callback(update.update_id, *update.callback_query);
  if (update.my_chat_member) return from_member_update(update.update_id, *update.my_chat_member);
  return ignore("update kind we don't handle");
}

}  // namespace

ParseResult parse_update(std::string_view body, const ParseOptions& options) {
  json update = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (update.is_discarded()) return ParseResult{.message = {}, .error = "body is not valid JSON", .ignored = {}};
  return translate_update(update, options);
}

ParseResult translate_update(const json& update, const ParseOptions& options) {
  if (!update.is_object()) return ParseResult{.message = {}, .error = "body is not a JSON object", .ignored = {}};
  try {
    return translate(update.get<Update>(), options);
  } catch (const json::exception& e) {
    // A missing update_id or a field of the wrong type: this body will never parse, however often it is sent.
    return ParseResult{.message = {}, .error = std::string("not a Telegram Update: ") + e.what(), .ignored = {}};
  }
}

}  // namespace buurtbot::adapters::telegram
