#pragma once
// The web chat's requests and events as pure functions: what a post carries, whether it may be a
// forgery from another site, where an event stream resumes, and how events are written.

#include "bot/core/message.hpp"
#include "bot/http/router.hpp"
#include "storage/web_chat.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace buurtbot::adapters::web {

/// The channel's name in identities, conversations and outbox rows.
inline constexpr std::string_view kChannel = "web";
/// The header every post must carry: a page of another site cannot send it without our consent (CORS).
inline constexpr std::string_view kChatHeader = "x-buurtbot-chat";

/// One message as the page posts it to /chat/api/messages.
struct Posted {
  std::string client_id;  ///< the page's id of the message, the same on every retry
  std::string text;       ///< what the resident typed; empty for a button
  std::string choice;     ///< the key of the pressed button; empty for text
  std::string label;      ///< the words shown for it in the conversation (a button's, the start button's); may be empty
  std::string lang;       ///< the page's language, nl or en; empty when not given
};

/// The post in `body` (JSON: id, text or choice and label, lang), or why it is refused.
std::variant<Posted, std::string> parse_post(std::string_view body);

/// One photo as the page posts it to /chat/api/photos: the picture's bytes are the body, the query
/// carries the rest (id, lang, label: the words that show it in the conversation, name: the file's).
struct PostedPhoto {
  Posted post;       ///< its id, language and label; no text, no choice
  std::string name;  ///< the file's name on the resident's device; may be empty
};

/// The photo's query, or why it is refused; the bytes are checked apart (image_type_of: only a picture
/// the bytes show counts, whatever the browser said).
std::variant<PostedPhoto, std::string> parse_photo(const http::Request& request);

/// The message the pipeline journals for a photo: no text, the photo as an attachment carrying its bytes,
/// like a photo without a caption on Telegram; its external id is made as a post's.
InboundMessage inbound_photo(const PostedPhoto& photo, std::string bytes, const std::string& address);

/// A mail address the resident left on the page (POST /chat/api/mail): for officers' answers to go there
/// too, or for a mail with a link that opens the conversation on another device.
struct PostedMail {
  enum class Purpose { answers, resume };
  std::string client_id;  ///< the page's id of the request, the same on every retry
  std::string address;    ///< as typed, trimmed; empty for answers: stop mailing them
  Purpose purpose = Purpose::answers;
};

/// The request in `body` (JSON: id, address, for: "answers" or "resume"), or why it is refused: an
/// address must look like one (one @, a dot in the domain, no spaces or control characters, at most 254
/// bytes); only answers may be stopped with an empty one.
std::variant<PostedMail, std::string> parse_mail(std::string_view body);

/// The event the pipeline journals for it in the session at `address`: "mail_answers", or "mail_resume"
/// with `link` (the page's address with the resume code) as its text.
InboundMessage inbound_mail(const PostedMail& mail, const std::string& address, const std::string& link);

/// Why a request that changes something may be forged by another site, empty when it is our page's:
/// it needs the X-Buurtbot-Chat header, and the browser's Origin (or Sec-Fetch-Site) must say it
/// comes from this host (or from `public_url`).
std::string forgery_reason(const http::Request& request, std::string_view public_url);

/// Where an event stream resumes: after the Last-Event-ID the browser sent, else after ?after=, else
/// from the start (0).
std::int64_t resume_after(const http::Request& request);

/// True for ?poll=1: the events so far as JSON, instead of a stream.
bool wants_poll(const http::Request& request);

/// The message the pipeline journals for a post in the session at `address`; its external id is the
/// session's address and the client's id, so a post sent twice is stored once.
InboundMessage inbound_message(const Posted& posted, const std::string& address);

/// The event that shows the resident's own message: its label, else their text or the button's key.
std::string resident_event(const Posted& posted);

/// The event that shows a reply: its text and its choices as buttons.
std::string bot_event(const OutboundMessage& message);

/// One event as Server-Sent Events: `id: seq` and the event's JSON as data.
std::string sse_frame(const storage::WebEvent& event);

/// Events as the poll answers them: {"events":[{"id":seq,"event":{…}},…]}.
std::string poll_json(const std::vector<storage::WebEvent>& events);

/// A JSON error body: {"error": code, "message": message}.
std::string error_json(std::string_view code, std::string_view message);

/// A resume code as typed, in the form it is stored by: letters and digits only, upper case.
std::string normalized_code(std::string_view typed);

}  // namespace buurtbot::adapters::web
