#include "adapters/matrix/render.hpp"

#include "adapters/matrix/types.hpp"
#include "bot/core/text.hpp"

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

std::string transaction_id(std::int64_t idempotency_key) { return "buurtbot-outbox-" + std::to_string(idempotency_key); }

std::string send_path(std::string_view room_id, std::string_view txn_id) {
  return "/_matrix/client/v3/rooms/" + path_segment(room_id) + "/send/m.room.message/" + path_segment(txn_id);
}

std::string join_path(std::string_view room_id) { return "/_matrix/client/v3/join/" + path_segment(room_id); }

std::string sync_path(std::string_view since, int timeout_ms, std::string_view filter) {
  std::string path = "/_matrix/client/v3/sync?filter=" + path_segment(filter) + "&timeout=" + std::to_string(timeout_ms);
  if (!since.empty()) path += "&since=" + path_segment(since);
  return path;
}

std::string joined_members_path(std::string_view room_id) {
  return "/_matrix/client/v3/rooms/" + path_segment(room_id) + "/joined_members";
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
  // Only an event id can be answered; anything else (a reply_to of another channel) is left out.
  if (message.reply_to.starts_with('$')) content["m.relates_to"] = RelatesTo{.in_reply_to = message.reply_to, .rel_type = {}, .event_id = {}};
  return content;
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
