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

namespace buurtbot::adapters::matrix {

/// A path segment with everything but unreserved characters percent-encoded ("!a:b" gives "%21a%3Ab").
std::string path_segment(std::string_view text);

/// The transaction id of an outbox row: the same on every retry, so the homeserver stores the event once.
std::string transaction_id(std::int64_t idempotency_key);

/// `PUT` path of one message: /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}.
std::string send_path(std::string_view room_id, std::string_view txn_id);

/// `POST` path that joins a room: /_matrix/client/v3/join/{roomId}.
std::string join_path(std::string_view room_id);

/// `GET` path and query of one /sync: the filter inline as JSON, `since` left out when empty.
std::string sync_path(std::string_view since, int timeout_ms, std::string_view filter);

/// `GET` path of a room's joined members: /_matrix/client/v3/rooms/{roomId}/joined_members.
std::string joined_members_path(std::string_view room_id);

/// The `m.room.message` content of one outbound message: an `m.notice` (bots' messages are notices, and
/// no bot answers a notice) with a plain `body` and an HTML `formatted_body` in which all text is
/// escaped; choices as a numbered list (the resident types the number); `reply_to` as `m.in_reply_to`.
nlohmann::json message_content(const OutboundMessage& message);

/// Maps a homeserver's answer to the outbox's terms: empty for 2xx; 429 M_LIMIT_EXCEEDED waits
/// `retry_after_ms` (or the Retry-After header, in seconds); 403 (not in the room, banned) stops sending
/// there; 5xx is retried; other 4xx are given up.
SendResult result_from_response(int status, std::string_view body, std::optional<std::string> retry_after_header = {});

}  // namespace buurtbot::adapters::matrix
