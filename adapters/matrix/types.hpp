#pragma once
// The few Matrix types buurtbot reads and writes, as plain structs with from_json/to_json: the client
// event of a transaction, the contents of messages and memberships, relations, and the error body.
// Fields buurtbot does not use are left out; optional ones are std::optional so a round trip keeps absence.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::adapters::matrix {

/// One event as the homeserver pushes it in a transaction (the client-server API's ClientEvent).
struct ClientEvent {
  std::string event_id;
  std::string room_id;
  std::string sender;
  std::string type;
  std::optional<std::string> state_key;  ///< present on state events only: the spec tells them apart by it
  nlohmann::json content = nlohmann::json::object();
  std::int64_t origin_server_ts = 0;
};

/// An answer in the room's thread of replies: `m.relates_to.m.in_reply_to`, or an edit (`rel_type` m.replace).
struct RelatesTo {
  std::optional<std::string> in_reply_to;  ///< the event answered
  std::optional<std::string> rel_type;     ///< "m.replace" for an edit, "m.thread", …
  std::optional<std::string> event_id;     ///< the event edited or the thread's root
};

/// The content of an `m.room.message`.
struct MessageContent {
  std::string msgtype;
  std::string body;
  std::optional<std::string> format;
  std::optional<std::string> formatted_body;
  std::optional<std::string> url;       ///< mxc:// URI of an image or file
  std::optional<std::string> filename;  ///< a file's name when `body` is a caption
  std::optional<RelatesTo> relates_to;
  std::optional<nlohmann::json> new_content;  ///< an edit's replacement content (`m.new_content`)
};

/// The content of an `m.room.member` state event.
struct MemberContent {
  std::string membership;  ///< invite, join, leave, ban, knock
  std::optional<std::string> displayname;
  std::optional<bool> is_direct;  ///< set on an invite to a direct chat
};

/// The body of a failed client-server call: `{"errcode": "M_…", "error": "…"}`.
struct MatrixError {
  std::string errcode;
  std::string error;
  std::optional<std::int64_t> retry_after_ms;  ///< with M_LIMIT_EXCEEDED
};

/// The client-server event type of messages.
inline constexpr const char* kRoomMessage = "m.room.message";
/// The state event of room membership.
inline constexpr const char* kRoomMember = "m.room.member";
/// An encrypted event buurtbot cannot read.
inline constexpr const char* kRoomEncrypted = "m.room.encrypted";
/// The state event that turns encryption on in a room.
inline constexpr const char* kRoomEncryption = "m.room.encryption";

void from_json(const nlohmann::json& j, ClientEvent& e);
void to_json(nlohmann::json& j, const ClientEvent& e);
void from_json(const nlohmann::json& j, RelatesTo& r);
void to_json(nlohmann::json& j, const RelatesTo& r);
void from_json(const nlohmann::json& j, MessageContent& c);
void to_json(nlohmann::json& j, const MessageContent& c);
void from_json(const nlohmann::json& j, MemberContent& c);
void to_json(nlohmann::json& j, const MemberContent& c);
void from_json(const nlohmann::json& j, MatrixError& e);
void to_json(nlohmann::json& j, const MatrixError& e);

}  // namespace buurtbot::adapters::matrix
