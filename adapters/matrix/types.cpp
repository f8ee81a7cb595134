#include "adapters/matrix/types.hpp"

#include <cstdint>
#include <optional>
#include <utility>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;

template <typename T>
void optional_from(const json& j, const char* key, std::optional<T>& into) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) into = it->get<T>();
}

// A whole number of milliseconds, or nullopt for anything else: nlohmann's get<std::int64_t>() casts a
// float beyond the range (undefined behaviour), wraps 2^64 - 1 to -1 and cuts 0.5 to 0.
std::optional<std::int64_t> milliseconds(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto number = it->get<std::uint64_t>();
    if (std::in_range<std::int64_t>(number)) return static_cast<std::int64_t>(number);
  } else if (it->is_number_integer()) {
    return it->get<std::int64_t>();
  }
  return std::nullopt;
}

template <typename T>
void optional_to(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

}  // namespace

void from_json(const json& j, ClientEvent& e) {
  j.at("event_id").get_to(e.event_id);
  j.at("room_id").get_to(e.room_id);
  j.at("sender").get_to(e.sender);
  j.at("type").get_to(e.type);
  optional_from(j, "state_key", e.state_key);
  e.content = j.value("content", json::object());
  e.origin_server_ts = milliseconds(j, "origin_server_ts").value_or(0);
}

void to_json(json& j, const ClientEvent& e) {
  j = {{"event_id", e.event_id}, {"room_id", e.room_id}, {"sender", e.sender},
       {"type", e.type},         {"content", e.content}, {"origin_server_ts", e.origin_server_ts}};
  optional_to(j, "state_key", e.state_key);
}

void from_json(const json& j, RelatesTo& r) {
  if (auto it = j.find("m.in_reply_to"); it != j.end() && it->is_object()) optional_from(*it, "event_id", r.in_reply_to);
  optional_from(j, "rel_type", r.rel_type);
  optional_from(j, "event_id", r.event_id);
}

void to_json(json& j, const RelatesTo& r) {
  j = json::object();
  if (r.in_reply_to) j["m.in_reply_to"] = {{"event_id", *r.in_reply_to}};
  optional_to(j, "rel_type", r.rel_type);
  optional_to(j, "event_id", r.event_id);
}

void from_json(const json& j, MessageContent& c) {
  c.msgtype = j.value("msgtype", std::string());
  c.body = j.value("body", std::string());
  optional_from(j, "format", c.format);
  optional_from(j, "formatted_body", c.formatted_body);
  optional_from(j, "url", c.url);
  optional_from(j, "filename", c.filename);
  optional_from(j, "m.relates_to", c.relates_to);
  optional_from(j, "m.new_content", c.new_content);
}

void to_json(json& j, const MessageContent& c) {
  j = {{"msgtype", c.msgtype}, {"body", c.body}};
  optional_to(j, "format", c.format);
  optional_to(j, "formatted_body", c.formatted_body);
  optional_to(j, "url", c.url);
  optional_to(j, "filename", c.filename);
  optional_to(j, "m.relates_to", c.relates_to);
  optional_to(j, "m.new_content", c.new_content);
}

void from_json(const json& j, MemberContent& c) {
  j.at("membership").get_to(c.membership);
  optional_from(j, "displayname", c.displayname);
  optional_from(j, "is_direct", c.is_direct);
}

void to_json(json& j, const MemberContent& c) {
  j = {{"membership", c.membership}};
  optional_to(j, "displayname", c.displayname);
  optional_to(j, "is_direct", c.is_direct);
}

void from_json(const json& j, MatrixError& e) {
  e.errcode = j.value("errcode", std::string());
  e.error = j.value("error", std::string());
  e.retry_after_ms = milliseconds(j, "retry_after_ms");
}

void to_json(json& j, const MatrixError& e) {
  j = {{"errcode", e.errcode}, {"error", e.error}};
  optional_to(j, "retry_after_ms", e.retry_after_ms);
}

}  // namespace buurtbot::adapters::matrix
