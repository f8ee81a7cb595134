#include "adapters/telegram/render.hpp"

#include "adapters/telegram/types.hpp"
#include "bot/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace buurtbot::adapters::telegram {
namespace {

using nlohmann::json;

// The bytes of the UTF-8 sequence starting with `lead`; a stray byte counts as one so bad input still advances.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Characters outside the Basic Multilingual Plane (most emoji) are surrogate pairs: two units.
std::size_t utf16_units(std::size_t sequence_bytes) { return sequence_bytes == 4 ? 2 : 1; }

// The end of the longest prefix of text[begin..] that fits in max_units, never inside a UTF-8 sequence.
// At least one character, so that even an absurdly small limit makes progress.
std::size_t fitting_end(std::string_view text, std::size_t begin, std::size_t max_units) {
  std::size_t end = begin;
  std::size_t units = 0;
  while (end < text.size()) {
    std::size_t bytes = sequence_length(static_cast<unsigned char>(text[end]));
    if (end > begin && units + utf16_units(bytes) > max_units) break;
    units += utf16_units(bytes);
    end = std::min(text.size(), end + bytes);
  }
  return end;
}

// Moves a cut back to the start of an escape entity (&amp; &lt; &gt; &quot;) it would fall inside.
std::size_t outside_entity(std::string_view text, std::size_t begin, std::size_t cut) {
  constexpr std::size_t kLongestEntity = 6;  // &quot;
  std::size_t from = cut > begin + kLongestEntity ? cut - kLongestEntity : begin;
  std::size_t amp = text.substr(from, cut - from).rfind('&');
  if (amp == std::string_view::npos) return cut;
  amp += from;
  bool closed = text.substr(amp, cut - amp).find(';') != std::string_view::npos;
  if (closed || amp == begin) return cut;  // a part made of half an entity only happens with absurdly small limits
  return amp;
}

// Where to end a part that must stop by `limit`: after a paragraph, else a line, else a space, else at the limit.
std::size_t best_cut(std::string_view text, std::size_t begin, std::size_t limit) {
  std::string_view window = text.substr(begin, limit - begin);
  for (std::string_view separator : {"\n\n", "\n", " "}) {
    if (auto at = window.rfind(separator); at != std::string_view::npos) return begin + at + separator.size();
  }
  return outside_entity(text, begin, limit);
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// Numeric ids go as numbers, as the API documents them; anything else (an @channel name) as a string.
json chat_id_value(const std::string& chat_id) {
  if (auto id = to_int(chat_id)) return *id;
  return chat_id;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : s) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

InlineKeyboardMarkup keyboard(const std::vector<OutboundChoice>& choices) {
  bool long_labels = std::any_of(choices.begin(), choices.end(),
                                 [](const OutboundChoice& c) { return code_points(c.label) > kShortLabelChars; });
  std::size_t per_row = long_labels ? 1 : 2;
  InlineKeyboardMarkup markup;
  for (const auto& choice : choices) {
    if (markup.inline_keyboard.empty() || markup.inline_keyboard.back().size() == per_row) {
      markup.inline_keyboard.emplace_back();
    }
    // Button labels are plain text for Telegram, never parsed as HTML: no escaping.
    markup.inline_keyboard.back().push_back({choice.label, callback_data_for(choice.key), std::nullopt});
  }
  return markup;
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

std::optional<ApiResponse> read_response(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<ApiResponse>();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// The bot can no longer write there: blocked, kicked, a deleted account, or a chat that moved or vanished.
bool is_unreachable(int status, const std::string& description, const ApiResponse& response) {
  if (status == 403) return true;
  if (response.parameters && response.parameters->migrate_to_chat_id) return true;
  return status == 400 && lower(description).find("chat not found") != std::string::npos;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t bytes = sequence_length(static_cast<unsigned char>(text[i]));
    units += utf16_units(bytes);
    i += bytes;
  }
  return units;
}

// Telegram counts the limit after parsing entities, so "&amp;" is one character to it; counting the escaped
// text instead is conservative and keeps the rule checkable on the request body alone.
std::vector<std::string> split_text(std::string_view escaped, std::size_t max_units) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin < escaped.size()) {
    std::size_t limit = fitting_end(escaped, begin, max_units);
    std::size_t cut = limit == escaped.size() ? limit : best_cut(escaped, begin, limit);
    parts.emplace_back(escaped.substr(begin, cut - begin));
    begin = cut;
  }
  if (parts.empty()) parts.emplace_back();
  return parts;
}

// Keys longer than 64 bytes keep a readable prefix (cut on a character boundary) and gain "#" plus a
// 64-bit FNV-1a hash of the whole key in hex: deterministic on every platform and build, so the flow side
// can compare a pressed button with callback_data_for(offered_key).
std::string callback_data_for(std::string_view key) {
  if (key.size() <= kMaxCallbackDataBytes) return std::string(key);
  constexpr std::size_t kPrefixBytes = kMaxCallbackDataBytes - 1 - 16 - 2;  // "#", 16 hex digits, 2 spare
  std::size_t prefix = 0;
  while (prefix < key.size()) {
    std::size_t next = prefix + sequence_length(static_cast<unsigned char>(key[prefix]));
    if (next > kPrefixBytes) break;
    prefix = next;
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
  return std::string(key.substr(0, prefix)) + "#" + hash;
}

std::vector<json> send_message_requests(const std::string& chat_id, const OutboundMessage& m) {
  std::vector<std::string> parts = split_text(escape_html(m.text));
  std::vector<json> requests;
  for (auto& part : parts) {
    requests.push_back({{"chat_id", chat_id_value(chat_id)}, {"text", std::move(part)}, {"parse_mode", "HTML"}});
  }
  // The reply marker belongs on the first part, where the answer starts; a message the resident deleted
  // must not block delivery.
  if (auto message_id = to_int(m.thread)) {
    requests.front()["reply_parameters"] = {{"message_id", *message_id}, {"allow_sending_without_reply", true}};
  }
  // Buttons go under the last part, so they sit below the whole text the resident is answering.
  if (!m.choices.empty()) requests.back()["reply_markup"] = keyboard(m.choices);
  return requests;
}

std::optional<StartLink> deep_link(std::string_view bot_username, std::string_view command) {
  if (bot_username.empty()) return std::nullopt;
  const std::string bot = "https://t.me/" + std::string(bot_username);
  std::string parameter(command);
  std::replace(parameter.begin(), parameter.end(), ' ', '_');
  const bool fits = !parameter.empty() && parameter.size() <= 64 &&
                    std::all_of(parameter.begin(), parameter.end(), [](unsigned char c) {
                      return std::isalnum(c) || c == '_' || c == '-';
                    });
  if (!fits) return StartLink{.url = bot, .carries_command = false};
  return StartLink{.url = bot + "?start=" + parameter, .carries_command = true};
}

json answer_callback_query(const std::string& callback_id) { return {{"callback_query_id", callback_id}}; }

SendError error_from_response(int http_status, std::string_view body) {
  SendError error;
  error.status = http_status;
  auto response = read_response(body);
  if (!response) {
    error.detail = snippet(http_status, body);
    return error;
  }
  if (response->error_code) error.status = *response->error_code;
  error.detail = response->description.value_or(snippet(error.status, {}));
  const auto& parameters = response->parameters;
  if (parameters && parameters->retry_after) error.retry_after = std::chrono::seconds(*parameters->retry_after);
  if (parameters && parameters->migrate_to_chat_id) {
    error.detail += " (now chat " + std::to_string(*parameters->migrate_to_chat_id) + ")";
  }
  error.unreachable = is_unreachable(error.status, error.detail, *response);
  return error;
}

// A 2xx comes from Telegram itself and means the message was accepted, even if the body got mangled on
// the way; only an explicit "ok": false turns it into an error.
SendResult result_from_response(int http_status, std::string_view body) {
  if (http_status >= 200 && http_status < 300) {
    auto response = read_response(body);
    if (!response || response->ok) return std::nullopt;
  }
  return error_from_response(http_status, body);
}

}  // namespace buurtbot::adapters::telegram
