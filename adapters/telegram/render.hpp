#pragma once
// Outbound messages to Bot API request bodies, and Bot API answers to send errors: pure functions, no I/O.

#include "bot/core/channel.hpp"
#include "bot/core/message.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::telegram {

/// The bot's deep link, https://t.me/<bot>?start=<command with _ for spaces>; the plain link to the bot when
/// the command does not fit a start parameter (64 of A-Z a-z 0-9 _ -); nullopt without a bot username.
std::optional<StartLink> deep_link(std::string_view bot_username, std::string_view command);

/// The Bot API method that takes the bodies of send_message_requests.
inline constexpr const char* kSendMessage = "sendMessage";
/// The Bot API method that takes the body of answer_callback_query.
inline constexpr const char* kAnswerCallbackQuery = "answerCallbackQuery";
/// Telegram's limit on one message's text, in UTF-16 code units.
inline constexpr std::size_t kMaxMessageUnits = 4096;
/// Telegram's limit on a button's callback_data, in bytes.
inline constexpr std::size_t kMaxCallbackDataBytes = 64;
/// Labels longer than this many characters get a keyboard row of their own.
inline constexpr std::size_t kShortLabelChars = 20;

/// Escapes text for parse_mode HTML: &, <, > and ". Unlike the shared escape_html it leaves ' as it is:
/// Telegram needs no more, and "foto's" stays five characters shorter of the 4096 a message holds.
std::string escape_html(std::string_view text);

/// The length of UTF-8 text in UTF-16 code units, as Telegram counts message length.
std::size_t utf16_length(std::string_view text);

/// Splits escaped text into parts of at most `max_units` UTF-16 units, at a paragraph, line or space when possible.
std::vector<std::string> split_text(std::string_view escaped, std::size_t max_units = kMaxMessageUnits);

/// The callback_data for a choice key: the key itself when it fits in 64 bytes, else a stable shortened form.
std::string callback_data_for(std::string_view key);

/// The sendMessage bodies for one outbound message, in order; the choices hang under the last part.
std::vector<nlohmann::json> send_message_requests(const std::string& chat_id, const OutboundMessage& m);

/// The answerCallbackQuery body that stops the spinner on a pressed button.
nlohmann::json answer_callback_query(const std::string& callback_id);

/// Maps a failed Bot API answer to the outbox's terms: wait, retry, or stop sending to that chat.
SendError error_from_response(int http_status, std::string_view body);

/// Empty when the answer is a 2xx with `"ok": true`, otherwise the same error as error_from_response.
SendResult result_from_response(int http_status, std::string_view body);

}  // namespace buurtbot::adapters::telegram
