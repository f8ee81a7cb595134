#include "bot/core/message.hpp"

#include <nlohmann/json.hpp>

namespace buurtbot {
namespace {

// Reads a field when present, so older journal rows and sparse payloads still parse.
template <typename T>
void read(const nlohmann::json& j, const char* key, T& into) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) it->get_to(into);
}

// The word of a question's reference, as in "[vraag 12]".
constexpr std::string_view kQuestionWord = "vraag";

}  // namespace

// The bytes stay out: the journal keeps them in a table of their own, under the digest.
void to_json(nlohmann::json& j, const Attachment& a) {
  j = {{"kind", a.kind}, {"ref", a.ref}, {"name", a.name}};
  if (!a.content_type.empty()) j["content_type"] = a.content_type;
  if (a.size > 0) j["size"] = a.size;
  if (!a.digest.empty()) j["digest"] = a.digest;
  if (!a.not_kept.empty()) j["not_kept"] = a.not_kept;
}

void from_json(const nlohmann::json& j, Attachment& a) {
  read(j, "kind", a.kind);
  read(j, "ref", a.ref);
  read(j, "name", a.name);
  read(j, "content_type", a.content_type);
  read(j, "size", a.size);
  read(j, "digest", a.digest);
  read(j, "not_kept", a.not_kept);
}

void to_json(nlohmann::json& j, const InboundMessage& m) {
  j = {{"channel", m.channel},         {"conversation", m.conversation}, {"sender_id", m.sender_id},
       {"sender_address", m.sender_address}, {"sender_name", m.sender_name}, {"language", m.language},         {"text", m.text},
       {"choice", m.choice},           {"attachments", m.attachments},   {"reply_to", m.reply_to},
       {"external_id", m.external_id}, {"group", m.group},               {"event", m.event},
       {"callback_id", m.callback_id}};
  if (m.text_cut_from > 0) j["text_cut_from"] = m.text_cut_from;  // only then: most rows are whole
  if (!m.thread.empty()) j["thread"] = m.thread;                   // only channels with threads of their own
  if (!m.about.empty()) j["about"] = m.about;
  if (!m.mail_to.empty()) j["mail_to"] = m.mail_to;
}

void from_json(const nlohmann::json& j, InboundMessage& m) {
  read(j, "channel", m.channel);
  read(j, "conversation", m.conversation);
  read(j, "sender_id", m.sender_id);
  read(j, "sender_address", m.sender_address);
  read(j, "sender_name", m.sender_name);
  read(j, "language", m.language);
  read(j, "text", m.text);
  read(j, "choice", m.choice);
  read(j, "attachments", m.attachments);
  read(j, "reply_to", m.reply_to);
  read(j, "external_id", m.external_id);
  read(j, "group", m.group);
  read(j, "event", m.event);
  read(j, "callback_id", m.callback_id);
  read(j, "text_cut_from", m.text_cut_from);
  read(j, "thread", m.thread);
  read(j, "about", m.about);
  read(j, "mail_to", m.mail_to);
}

void to_json(nlohmann::json& j, const OutboundChoice& c) { j = {{"key", c.key}, {"label", c.label}}; }

void from_json(const nlohmann::json& j, OutboundChoice& c) {
  read(j, "key", c.key);
  read(j, "label", c.label);
}

void to_json(nlohmann::json& j, const OutboundMessage& m) {
  j = {{"text", m.text}, {"choices", m.choices}, {"answers_callback", m.answers_callback}};
  if (m.erase_after_send) j["erase_after_send"] = true;
  if (!m.thread.empty()) j["thread"] = m.thread;
  if (!m.list.empty()) j["list"] = m.list;
  if (!m.about.empty()) j["about"] = m.about;
}

void from_json(const nlohmann::json& j, OutboundMessage& m) {
  read(j, "text", m.text);
  read(j, "choices", m.choices);
  read(j, "answers_callback", m.answers_callback);
  read(j, "erase_after_send", m.erase_after_send);
  read(j, "thread", m.thread);
  read(j, "list", m.list);
  read(j, "about", m.about);
}

std::string question_about(std::int64_t thread_id) { return std::string(kQuestionWord) + " " + std::to_string(thread_id); }

std::int64_t question_in_about(std::string_view about) {
  const std::string prefix = std::string(kQuestionWord) + " ";
  if (!about.starts_with(prefix) || about.size() == prefix.size() || about.size() > prefix.size() + 15) return 0;
  std::int64_t id = 0;
  for (char c : about.substr(prefix.size())) {
    if (c < '0' || c > '9') return 0;
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace buurtbot
