#include "adapters/matrix/parse.hpp"

#include "adapters/matrix/types.hpp"
#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;

bool allowed(const std::vector<std::string>& servers, const std::string& server) {
  return std::ranges::any_of(servers, [&](const std::string& s) { return s == "*" || s == server; });
}

// The journal key of a room's explanation that it is encrypted: the room's, not an event's.
std::string encrypted_key(const std::string& room_id) { return "encrypted:" + room_id; }

std::string localpart(std::string_view user_id) {
  if (user_id.starts_with('@')) user_id.remove_prefix(1);
  return std::string(user_id.substr(0, user_id.find(':')));
}

/// One transaction's parse: the rooms it learned about and what it produced so far.
class Parser {
 public:
  explicit Parser(const ParseOptions& options) : options_(options) {}

  void event(const ClientEvent& e) {
    if (e.sender == options_.user_id) return ignore();
    if (e.type == kRoomMember && e.state_key) return membership(e);
    if (e.type == kRoomMessage && !e.state_key) return message(e);
    if (e.type == kRoomEncrypted || (e.type == kRoomEncryption && e.state_key)) return encrypted(e);
    ignore();
  }

  void ignore() { ++result_.ignored; }
  ParseResult take() { return std::move(result_); }

 private:
  InboundMessage base(const ClientEvent& e, bool group) const {
    InboundMessage m;
    m.channel = kChannel;
    m.conversation = e.room_id;
    m.external_id = e.event_id;
    m.sender_id = e.sender;
    m.sender_name = localpart(e.sender);
    m.group = group;
    m.sender_address = group ? std::string() : e.room_id;  // the person's private chat is this room
    return m;
  }

  bool is_group(const std::string& room) {
    if (auto known = learned_.find(room); known != learned_.end()) return known->second;
    return options_.is_group ? options_.is_group(room) : false;
  }

  void membership(const ClientEvent& e) {
    const auto content = e.content.get<MemberContent>();
    if (*e.state_key != options_.user_id) return someone_elses(e, content);
    if (content.membership == "invite") return invite(e, content);
    if (content.membership == "leave" || content.membership == "ban") {
      auto m = base(e, is_group(e.room_id));
      m.event = "bot_removed";
      result_.messages.push_back(std::move(m));
      return;
    }
    ignore();
  }

  void someone_elses(const ClientEvent& e, const MemberContent& content) {
    if (content.membership != "leave" && content.membership != "ban") return ignore();
    result_.departures.push_back({e.room_id, e.event_id});
  }

  void invite(const ClientEvent& e, const MemberContent& content) {
    if (!allowed(options_.allowed_servers, server_of(e.sender))) {
      result_.declined.push_back(e.room_id);
      return;
    }
    const bool group = !content.is_direct.value_or(false);
    learned_[e.room_id] = group;
    result_.invites.push_back({e.room_id, group});
    auto m = base(e, group);
    m.event = "bot_added";
    result_.messages.push_back(std::move(m));
  }

  void message(const ClientEvent& e) {
    auto content = e.content.get<MessageContent>();
    if (content.relates_to && content.relates_to->rel_type == "m.replace") {
      if (!content.new_content || !content.new_content->is_object()) return ignore();
      auto relates_to = content.relates_to;
      content = content.new_content->get<MessageContent>();
      content.relates_to = relates_to;
    }
    const bool group = is_group(e.room_id);
    auto m = base(e, group);
    m.thread = e.event_id;  // an officer's answer later replies to it
    if (content.relates_to && content.relates_to->in_reply_to) m.reply_to = *content.relates_to->in_reply_to;
    if (content.msgtype == "m.text") {
      m.text = m.reply_to.empty() ? trim(content.body) : trim(without_reply_fallback(content.body));
      if (auto command = command_text(m.text); !command.empty()) m.text = command;
      else if (group) return ignore();  // chatter between residents; groups reach the bot by commands
    } else if ((content.msgtype == "m.image" || content.msgtype == "m.file") && content.url && !group) {
      const bool image = content.msgtype == "m.image";
      m.attachments.push_back({image ? "photo" : "document", *content.url, content.filename.value_or(content.body)});
    } else {
      return ignore();  // m.notice, m.emote, audio, video, location, and files in groups
    }
    if (m.text.empty() && m.attachments.empty()) return ignore();
    result_.messages.push_back(std::move(m));
  }

  void encrypted(const ClientEvent& e) {
    ++result_.encrypted;
    if (!explained_.insert(e.room_id).second) return;
    auto m = base(e, is_group(e.room_id));
    m.event = "encrypted";
    m.external_id = encrypted_key(e.room_id);  // one per room: the journal takes later ones as duplicates
    result_.messages.push_back(std::move(m));
  }

  const ParseOptions& options_;
  ParseResult result_;
  std::map<std::string, bool> learned_;  ///< rooms whose invite came in this transaction: group or not
  std::set<std::string> explained_;      ///< rooms already told that encrypted messages cannot be read
};

ParseResult failed(std::string why) {
  ParseResult result;
  result.error = std::move(why);
  return result;
}

}  // namespace

std::string server_of(std::string_view user_id) {
  const auto colon = user_id.find(':');
  return colon == std::string_view::npos ? std::string() : lower(user_id.substr(colon + 1));
}

std::string command_text(std::string_view text) {
  if (text.size() < 2 || (text.front() != '!' && text.front() != '/')) return {};
  if (!std::isalpha(static_cast<unsigned char>(text[1]))) return {};
  return "/" + std::string(text.substr(1));
}

std::string without_reply_fallback(std::string_view body) {
  std::size_t at = 0;
  while (at < body.size() && body.substr(at).starts_with("> ")) {
    const auto end = body.find('\n', at);
    at = end == std::string_view::npos ? body.size() : end + 1;
  }
  if (at == 0) return std::string(body);
  if (body.substr(at).starts_with("\n")) ++at;
  return std::string(body.substr(at));
}

bool nested_at_most(const json& value, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth > limit) return false;
    for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return true;
}

ParseResult parse_transaction(std::string_view body, const ParseOptions& options) {
  json transaction = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!transaction.is_object()) return failed("body is not a JSON object");
  auto events = transaction.find("events");
  if (events == transaction.end() || !events->is_array()) return failed("transaction without events");
  Parser parser(options);
  for (const auto& event : *events) {
    // Before anything copies it: see kMaxEventDepth.
    if (!nested_at_most(event, kMaxEventDepth)) {
      parser.ignore();
      continue;
    }
    ClientEvent e;
    try {
      e = event.get<ClientEvent>();
    } catch (const json::exception&) {
      parser.ignore();
      continue;
    }
    try {
      parser.event(e);
    } catch (const json::exception&) {
      parser.ignore();  // a content of the wrong shape
    }
  }
  return parser.take();
}

}  // namespace buurtbot::adapters::matrix
