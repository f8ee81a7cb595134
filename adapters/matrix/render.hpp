#pragma once
// Outbound messages to client-server API requests, and the homeserver's answers to send errors: pure
// functions, no I/O.

#include "bot/core/channel.hpp"
#include "bot/core/message.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::matrix {

/// A path segment with everything but unreserved characters percent-encoded ("!a:b" gives "%21a%3Ab").
std::string path_segment(std::string_view text);

/// The transaction id of an outbox row: the same on every retry, so the homeserver stores the event once.
/// `prefix` tells this database's rows from those of an earlier one with the same numbers; empty: "buurtbot".
std::string transaction_id(std::string_view prefix, std::int64_t idempotency_key);

/// `PUT` path of one message: /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}.
std::string send_path(std::string_view room_id, std::string_view txn_id);

/// `POST` path that joins a room: /_matrix/client/v3/join/{roomId}.
std::string join_path(std::string_view room_id);

/// `POST` path that leaves a room, or rejects an invite to it: /_matrix/client/v3/rooms/{roomId}/leave.
std::string leave_path(std::string_view room_id);

/// `GET` path and query of one /sync: the filter inline as JSON, `since` left out when empty.
std::string sync_path(std::string_view since, int timeout_ms, std::string_view filter);

/// `GET` path of a room's joined members: /_matrix/client/v3/rooms/{roomId}/joined_members.
std::string joined_members_path(std::string_view room_id);

/// The matrix.to link to a direct chat with `user_id`, which every Matrix app opens; it carries no command.
StartLink chat_link(std::string_view user_id);

/// The `m.room.message` content of one outbound message: an `m.notice` (bots' messages are notices, and
/// no bot answers a notice) with a plain `body` and an HTML `formatted_body` in which all text is
/// escaped; choices as a numbered list (the resident types the number); `thread` (the resident's event) as `m.in_reply_to`.
nlohmann::json message_content(const OutboundMessage& message);

/// The most bytes one message's content may take as JSON. An event is at most 65,536 bytes with the
/// homeserver's envelope (ids, signatures, hashes); this leaves that room.
inline constexpr std::size_t kMaxContentBytes = 60000;

/// One outbound message as the contents of the events it takes, in order: one, unless its text is too
/// long for one event; then it is cut at paragraph breaks, else line breaks, else spaces, else between
/// two characters (the HTML is made from each part's text, so no cut falls inside a tag or an entity).
/// The reply goes with the first part, the choices with the last. Every content is at most `max_bytes`.
std::vector<nlohmann::json> message_contents(const OutboundMessage& message, std::size_t max_bytes = kMaxContentBytes);

/// The transaction id of part `part` (from 1) of an outbox row sent as `parts` events: the row's own id
/// when it is one event, else one for each part, the same on every retry.
std::string part_transaction_id(std::string_view prefix, std::int64_t idempotency_key, std::size_t part, std::size_t parts);

/// Maps a homeserver's answer to the outbox's terms: empty for 2xx; 429 M_LIMIT_EXCEEDED waits
/// `retry_after_ms` (or the Retry-After header, in seconds); 403 (not in the room, banned) stops sending
/// there; 5xx is retried; other 4xx are given up.
SendResult result_from_response(int status, std::string_view body, std::optional<std::string> retry_after_header = {});

}  // namespace buurtbot::adapters::matrix
