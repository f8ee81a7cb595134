#pragma once
// Application Service transactions to normalized messages: pure functions, no I/O.
//
// What becomes a message: `m.room.message` of msgtype m.text, m.image and m.file (an edit counts as the
// new text, as Telegram's edited messages do); the bot's own invite ("bot_added", the channel joins the
// room) and its removal ("bot_removed"); and `m.room.encrypted` or `m.room.encryption` ("encrypted",
// keyed by the room rather than the event, so the journal takes one per room and the bot explains once
// that it cannot read them). An invite from a homeserver that is not allowed is declined; someone else
// leaving a room is a departure, after which the channel checks whether any resident is left. Ignored: the bot's
// own events, `m.notice` (the spec: notices must never be answered automatically, which keeps two bots
// from answering each other forever), other rooms' chatter that is not a command, and every other type.
// State events are told apart by their `state_key`, as the spec asks.
//
// Private or group: a room is private when the invite that brought the bot in said `is_direct`; the
// channel remembers that and asks `is_group` for rooms whose invite it did not see.

#include "bot/core/message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::matrix {

/// The channel's name in identities, conversations and the outbox.
inline constexpr const char* kChannel = "matrix";

/// What the parser needs to know about the bot and its rooms.
struct ParseOptions {
  std::string user_id;                       ///< the bot's own user id, "@buurtbot:gemeente.example"
  std::vector<std::string> allowed_servers;  ///< homeservers whose users may invite the bot (lower case); "*": any
  /// True when a room is a group rather than a private chat, for rooms whose invite is not in this
  /// transaction; it may throw, and the parse then fails with it.
  std::function<bool(const std::string& room_id)> is_group;
};

/// A room the bot was invited to and should join before the invite is journaled.
struct RoomInvite {
  std::string room_id;
  bool group = false;
};

/// A member other than the bot left a room (or was banned): the room may now be empty of residents.
struct RoomDeparture {
  std::string room_id;
  std::string event_id;  ///< the leave event, the journal key of the bot's own removal if it leaves too
};

/// The outcome of parsing one transaction.
struct ParseResult {
  std::vector<InboundMessage> messages;  ///< in the transaction's order
  std::vector<RoomInvite> invites;       ///< rooms to join, from invites of allowed homeservers
  std::vector<std::string> declined;     ///< rooms whose invite came from another homeserver: rejected
  std::vector<RoomDeparture> departures; ///< rooms someone else left, in the transaction's order
  int encrypted = 0;                     ///< encrypted events (and rooms turning encryption on) seen
  int ignored = 0;                       ///< events that yield nothing
  std::string error;                     ///< why the body is not a transaction (answered 400); empty otherwise

  /// True when the body can never be processed, however often the homeserver sends it.
  bool invalid() const { return !error.empty(); }
};

/// How deep an event may nest objects and arrays, the event itself counting as one. Real events nest
/// five or six deep; copying or writing out a deeper JSON value recurses once per level, so an event
/// nested half a million deep (a 1 MiB transaction) would exhaust the stack. Deeper events are ignored.
inline constexpr std::size_t kMaxEventDepth = 64;

/// Whether `value` nests objects and arrays at most `limit` deep (a scalar is 0, `[]` is 1), found
/// without recursion.
bool nested_at_most(const nlohmann::json& value, std::size_t limit);

/// Parses the body of `PUT /_matrix/app/v1/transactions/{txnId}`. An event that is malformed on its own
/// is ignored, so one bad event never holds up the others forever.
ParseResult parse_transaction(std::string_view body, const ParseOptions& options);

/// The homeserver part of a user id ("@anna:example.org" gives "example.org"), lower case; empty when none.
std::string server_of(std::string_view user_id);

/// A command in a room: "!koppel CODE" or "/koppel CODE" as "/koppel CODE"; empty when the text is not one.
std::string command_text(std::string_view text);

/// The body of a reply without the quoted fallback ("> <@anna:x> …" lines and the blank line after them).
std::string without_reply_fallback(std::string_view body);

}  // namespace buurtbot::adapters::matrix
