#include "adapters/matrix/render.hpp"

#include "adapters/matrix/types.hpp"
#include "bot/text/text.hpp"

#include <cctype>
#include <charconv>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;

bool unreserved(unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~'; }

// The escaped text with its line breaks kept, as HTML collapses them otherwise.
std::string html_lines(std::string_view text) {
  std::string out;
  for (char c : escape_html(text)) {
    if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::optional<std::chrono::milliseconds> header_seconds(const std::optional<std::string>& header) {
  if (!header) return std::nullopt;
  long long seconds = 0;
  auto [end, ec] = std::from_chars(header->data(), header->data() + header->size(), seconds);
  if (ec != std::errc() || end != header->data() + header->size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

std::optional<MatrixError> read_error(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<MatrixError>();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// A non-JSON answer (a proxy's HTML error page) as a short, printable detail.
std::string snippet(int status, std::string_view body) {
  constexpr std::size_t kMaxSnippet = 200;
  std::string out = "HTTP " + std::to_string(status);
  if (body.empty()) return out;
  out += ": ";
  for (char c : body.substr(0, kMaxSnippet)) out += std::isprint(static_cast<unsigned char>(c)) ? c : ' ';
  return out;
}

// What `text` adds to a content as JSON: in `body` and, as HTML, in `formatted_body`. Both escapes work
// character by character, so the cost of a text is the sum of its parts' costs.
std::size_t cost(std::string_view text) {
  const auto plain = json(std::string(text)).dump().size() - 2;
  return plain + json(html_lines(text)).dump().size() - 2;
}

// The longest start of `text` that costs at most `budget`, cut between characters; at least one character.
std::string_view characters_within(std::string_view text, std::size_t budget) {
  std::size_t end = 0;
  std::size_t spent = 0;
  while (end < text.size()) {
    std::size_t length = 1;
    while (end + length < text.size() && (static_cast<unsigned char>(text[end + length]) & 0xC0) == 0x80) ++length;
    spent += cost(text.substr(end, length));
    if (spent > budget && end > 0) break;
    end += length;
  }
  return text.substr(0, end);
}

// Pieces of `text`, in order and together the whole text, each within `budget`: cut after the
// separator of `level` (paragraph, line, word), finer only where a piece is still too long.
void cut_to_fit(std::string_view text, std::size_t budget, std::size_t level, std::vector<std::string_view>& out) {
  static constexpr std::string_view kSeparators[] = {"\n\n", "\n", " "};
  if (cost(text) <= budget) return out.push_back(text);
  if (level == std::size(kSeparators)) {
    while (!text.empty()) {
      const auto head = characters_within(text, budget);
      out.push_back(head);
      text.remove_prefix(head.size());
    }
    return;
  }
  const auto separator = kSeparators[level];
  while (!text.empty()) {
    const auto at = text.find(separator);
    const auto end = at == std::string_view::npos ? text.size() : at + separator.size();
    cut_to_fit(text.substr(0, end), budget, level + 1, out);
    text.remove_prefix(end);
  }
}

// The text in parts within `budget`: the pieces joined again as long as they fit, trimmed at the cuts.
std::vector<std::string> parts_of(std::string_view text, std::size_t budget) {
  std::vector<std::string_view> pieces;
  cut_to_fit(text, budget, 0, pieces);
  std::vector<std::string> parts;
  std::size_t start = 0;
  std::size_t length = 0;
  std::size_t spent = 0;
  auto close = [&] {
    auto part = trim(text.substr(start, length));
    if (!part.empty()) parts.push_back(std::move(part));
  };
  for (const auto piece : pieces) {
    const auto piece_cost = cost(piece);
    if (length > 0 && spent + piece_cost > budget) {
      close();
      start += length;
      length = spent = 0;
    }
    length += piece.size();
    spent += piece_cost;
  }
  close();
  return parts;
}

}  // namespace

std::string path_segment(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

std::string transaction_id(std::string_view prefix, std::int64_t idempotency_key) {
  return std::string(prefix.empty() ? "buurtbot" : prefix) + "-outbox-" + std::to_string(idempotency_key);
}

std::string send_path(std::string_view room_id, std::string_view txn_id) {
  return "/_matrix/client/v3/rooms/" + path_segment(room_id) + "/send/m.room.message/" + path_segment(txn_id);
}

std::string join_path(std::string_view room_id) { return "/_matrix/client/v3/join/" + path_segment(room_id); }

std::string leave_path(std::string_view room_id) {
  return "/_matrix/client/v3/rooms/" + path_segment(room_id) + "/leave";
}

std::string sync_path(std::string_view since, int timeout_ms, std::string_view filter) {
  std::string path = "/_matrix/client/v3/sync?filter=" + path_segment(filter) + "&timeout=" + std::to_string(timeout_ms);
  if (!since.empty()) path += "&since=" + path_segment(since);
  return path;
}

std::string joined_members_path(std::string_view room_id) {
  return "/_matrix/client/v3/rooms/" + path_segment(room_id) + "/joined_members";
}

StartLink chat_link(std::string_view user_id) {
  return {.url = "https://matrix.to/#/" + std::string(user_id), .carries_command = false};
}

json message_content(const OutboundMessage& message) {
  std::string body = message.text;
  std::string html = html_lines(message.text);
  if (!message.choices.empty()) {
    html += "<ol>";
    int number = 1;
    for (const auto& choice : message.choices) {
      body += "\n" + std::to_string(number++) + ". " + choice.label;
      html += "<li>" + escape_html(choice.label) + "</li>";
    }
    html += "</ol>";
  }
  json content = {{"msgtype", "m.notice"}, {"body", body}, {"format", "org.matrix.custom.html"}, {"formatted_body", html}};
  // Only an event id can be answered; anything else (another channel's thread) is left out.
  if (message.thread.starts_with('$')) content["m.relates_to"] = RelatesTo{.in_reply_to = message.thread, .rel_type = {}, .event_id = {}};
  return content;
}

std::vector<json> message_contents(const OutboundMessage& message, std::size_t max_bytes) {
  OutboundMessage empty = message;
  empty.text.clear();
  const auto overhead = message_content(empty).dump().size();
  if (message_content(message).dump().size() <= max_bytes || overhead >= max_bytes) return {message_content(message)};
  const auto texts = parts_of(message.text, max_bytes - overhead);
  if (texts.empty()) return {message_content(message)};  // nothing but spaces: too big, as one content
  std::vector<json> contents;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    OutboundMessage part;
    part.text = texts[i];
    if (i == 0) part.thread = message.thread;
    if (i + 1 == texts.size()) part.choices = message.choices;
    contents.push_back(message_content(part));
  }
  return contents;
}

std::string part_transaction_id(std::string_view prefix, std::int64_t idempotency_key, std::size_t part, std::size_t parts) {
  if (parts <= 1) return transaction_id(prefix, idempotency_key);
  return transaction_id(prefix, idempotency_key) + "-" + std::to_string(part);
}

SendResult result_from_response(int status, std::string_view body, std::optional<std::string> retry_after_header) {
  if (status >= 200 && status < 300) return std::nullopt;
  SendError error;
  error.status = status;
  const auto matrix = read_error(body);
  error.detail = matrix && !matrix->errcode.empty() ? matrix->errcode + (matrix->error.empty() ? "" : ": " + matrix->error)
                                                    : snippet(status, body);
  if (status == 429) {
    if (matrix && matrix->retry_after_ms) error.retry_after = std::chrono::milliseconds(*matrix->retry_after_ms);
    else if (auto seconds = header_seconds(retry_after_header)) error.retry_after = *seconds;
  }
  error.unreachable = status == 403;
  return error;
}

}  // namespace buurtbot::adapters::matrix
