#include "adapters/web/inbound.hpp"

#include "bot/core/file_type.hpp"
#include "bot/text/text.hpp"
#include "bot/http/headers.hpp"

#include <boost/url/params_view.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace buurtbot::adapters::web {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxClientId = 64;
constexpr std::size_t kMaxLabel = 200;
constexpr std::size_t kMaxChoice = 200;

std::string text_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool plain_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxClientId && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

// Enough to catch a typo and to keep anything but an address out of a mail header; the mail server
// says the rest.
bool looks_like_mail_address(std::string_view address) {
  const auto at = address.find('@');
  if (address.size() > 254 || at == 0 || at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = address.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.ends_with('.')) return false;
  return std::none_of(address.begin(), address.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
  });
}

// "https://bot.gemeente.nl:8443/…" → "bot.gemeente.nl:8443", in lower case; empty when not a URL.
std::string host_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto rest = url.substr(scheme + 3);
  return lower(rest.substr(0, rest.find('/')));
}

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [at, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || at != end || value < 0) return std::nullopt;
  return value;
}

std::string query_value(const http::Request& request, std::string_view name) {
  try {
    for (const auto& param : boost::urls::params_view(request.query, boost::urls::encoding_opts(true)))
      if (param.key == name) return param.value;
  } catch (const std::exception&) {
  }
  return {};
}

std::string dumped(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::variant<Posted, std::string> parse_post(std::string_view body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::string("the body must be a JSON object");
  Posted posted{.client_id = text_field(parsed, "id"), .text = text_field(parsed, "text"),
                .choice = text_field(parsed, "choice"), .label = text_field(parsed, "label"),
                .lang = text_field(parsed, "lang")};
  if (!plain_id(posted.client_id)) return std::string("id must be 1 to 64 letters, digits, - or _");
  if (posted.choice.empty() && trim(posted.text).empty()) return std::string("send a text or a choice");
  if (!posted.choice.empty()) posted.text.clear();
  if (posted.choice.size() > kMaxChoice || posted.label.size() > kMaxLabel) return std::string("choice or label too long");
  if (posted.lang != "nl" && posted.lang != "en") posted.lang.clear();
  return posted;
}

std::variant<PostedPhoto, std::string> parse_photo(const http::Request& request) {
  PostedPhoto photo{.post = {.client_id = query_value(request, "id"), .text = {}, .choice = {},
                             .label = query_value(request, "label"), .lang = query_value(request, "lang")},
                    .name = valid_utf8(query_value(request, "name"))};
  if (!plain_id(photo.post.client_id)) return std::string("id must be 1 to 64 letters, digits, - or _");
  if (photo.post.label.size() > kMaxLabel || photo.name.size() > kMaxLabel) return std::string("label or name too long");
  if (photo.post.label.empty()) photo.post.label = photo.name.empty() ? "📷" : "📷 " + photo.name;
  if (photo.post.lang != "nl" && photo.post.lang != "en") photo.post.lang.clear();
  return photo;
}

std::variant<PostedMail, std::string> parse_mail(std::string_view body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return std::string("the body is not a JSON object");
  PostedMail mail{.client_id = text_field(parsed, "id"), .address = trim(text_field(parsed, "address"))};
  if (!plain_id(mail.client_id)) return std::string("id must be 1 to 64 letters, digits, - or _");
  const auto purpose = text_field(parsed, "for");
  if (purpose != "answers" && purpose != "resume") return std::string("for must be answers or resume");
  mail.purpose = purpose == "resume" ? PostedMail::Purpose::resume : PostedMail::Purpose::answers;
  const bool stop = mail.address.empty() && mail.purpose == PostedMail::Purpose::answers;
  if (!stop && !looks_like_mail_address(mail.address)) return std::string("this is not a mail address");
  return mail;
}

InboundMessage inbound_mail(const PostedMail& mail, const std::string& address, const std::string& link) {
  InboundMessage m;
  m.channel = std::string(kChannel);
  m.conversation = address;
  m.sender_id = address;
  m.sender_address = address;
  m.event = mail.purpose == PostedMail::Purpose::resume ? "mail_resume" : "mail_answers";
  m.mail_to = mail.address;
  if (mail.purpose == PostedMail::Purpose::resume) m.text = link;
  m.external_id = address + ":" + mail.client_id;
  return m;
}

std::string forgery_reason(const http::Request& request, std::string_view public_url) {
  if (http::header(request, std::string(kChatHeader)).value_or("") != "1") return "the X-Buurtbot-Chat: 1 header is missing";
  const auto site = lower(http::header(request, "sec-fetch-site").value_or(""));
  const auto origin = http::header(request, "origin").value_or("");
  if (site.empty() && origin.empty()) return "neither Origin nor Sec-Fetch-Site says where the request comes from";
  if (!site.empty() && site != "same-origin") return "Sec-Fetch-Site is " + site + ", not same-origin";
  if (!origin.empty()) {
    const auto from = host_of(origin);
    const auto host = lower(http::header(request, "host").value_or(""));
    const auto published = host_of(public_url);
    if (from.empty() || (from != host && from != published)) return "Origin " + origin + " is not this site";
  }
  return {};
}

std::int64_t resume_after(const http::Request& request) {
  if (auto last = number(trim(http::header(request, "last-event-id").value_or("")))) return *last;
  return number(query_value(request, "after")).value_or(0);
}

bool wants_poll(const http::Request& request) { return query_value(request, "poll") == "1"; }

InboundMessage inbound_message(const Posted& posted, const std::string& address) {
  InboundMessage m;
  m.channel = std::string(kChannel);
  m.conversation = address;
  m.sender_id = address;
  m.sender_address = address;
  m.language = posted.lang;
  m.text = posted.text;
  m.choice = posted.choice;
  m.external_id = address + ":" + posted.client_id;
  return m;
}

InboundMessage inbound_photo(const PostedPhoto& photo, std::string bytes, const std::string& address) {
  InboundMessage m = inbound_message(photo.post, address);
  const auto type = image_type_of(bytes);
  m.attachments.push_back({.kind = "photo", .ref = photo.post.client_id, .name = photo.name,
                           .content_type = std::string(type), .size = static_cast<std::int64_t>(bytes.size()),
                           .digest = {}, .not_kept = {}, .bytes = std::move(bytes)});
  return m;
}

std::string resident_event(const Posted& posted) {
  const auto& shown = !posted.label.empty() ? posted.label : posted.choice.empty() ? posted.text : posted.choice;
  return dumped({{"from", "resident"}, {"text", shown}});
}

std::string bot_event(const OutboundMessage& message) {
  json event{{"from", "bot"}, {"text", message.text}};
  if (!message.choices.empty()) {
    auto& choices = event["choices"] = json::array();
    for (const auto& choice : message.choices) choices.push_back({{"key", choice.key}, {"label", choice.label}});
  }
  return dumped(event);
}

std::string sse_frame(const storage::WebEvent& event) {
  // The stored JSON has no raw line breaks (they are escaped in its strings), so it is one data line.
  return "id: " + std::to_string(event.seq) + "\ndata: " + event.json + "\n\n";
}

std::string poll_json(const std::vector<storage::WebEvent>& events) {
  std::string out = "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"id\":" + std::to_string(events[i].seq) + ",\"event\":" + events[i].json + "}";
  }
  return out + "]}";
}

std::string error_json(std::string_view code, std::string_view message) {
  return dumped({{"error", code}, {"message", message}});
}

std::string normalized_code(std::string_view typed) {
  std::string code;
  for (unsigned char c : typed)
    if (std::isalnum(c)) code.push_back(static_cast<char>(std::toupper(c)));
  return code;
}

}  // namespace buurtbot::adapters::web
