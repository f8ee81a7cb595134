#include "adapters/email/unsubscribe.hpp"

#include "adapters/email/inbound.hpp"
#include "bot/core/digest.hpp"
#include "bot/core/text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace buurtbot::adapters::email {
namespace {

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::ranges::replace(out, '+', '-');
  std::ranges::replace(out, '/', '_');
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  if (text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != std::string_view::npos)
    return std::nullopt;
  std::string padded(text);
  std::ranges::replace(padded, '-', '+');
  std::ranges::replace(padded, '_', '/');
  const std::size_t pad = (4 - padded.size() % 4) % 4;
  if (pad == 3) return std::nullopt;
  padded.append(pad, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(padded.data()), static_cast<int>(padded.size()));
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  return out;
}

std::string hmac_sha256(std::string_view secret, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &length);
  return {reinterpret_cast<const char*>(mac), length};
}

// The list and the address, apart by a space: neither holds one (is_mail_address, OutboundMessage::list).
std::string payload_of(const Unsubscribe& what) { return what.list + " " + what.address; }

// The question for a list without a plan to name.
std::string question_key(const std::string& list) {
  return list.starts_with("workgroup:") ? "unsubscribe_question_workgroup" : "unsubscribe_question_all";
}

flows::Lang language_of(std::string_view accept_language) {
  return lower(trim(accept_language)).starts_with("en") ? flows::Lang::en : flows::Lang::nl;
}

}  // namespace

std::string unsubscribe_token(std::string_view secret, const Unsubscribe& what) {
  const auto payload = payload_of(what);
  return base64url(payload) + "." + base64url(hmac_sha256(secret, payload));
}

std::optional<Unsubscribe> read_unsubscribe_token(std::string_view secret, std::string_view token) {
  if (secret.empty()) return std::nullopt;
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto payload = from_base64url(token.substr(0, dot));
  const auto mac = from_base64url(token.substr(dot + 1));
  if (!payload || !mac || !same_secret(*mac, hmac_sha256(secret, *payload))) return std::nullopt;
  const auto space = payload->find(' ');
  if (space == std::string::npos) return std::nullopt;
  return Unsubscribe{.address = payload->substr(space + 1), .list = payload->substr(0, space)};
}

InboundMessage unsubscribe_event(const Unsubscribe& what, std::string_view token) {
  InboundMessage m;
  m.channel = kChannel;
  m.conversation = what.address;
  m.sender_id = what.address;
  m.sender_address = what.address;
  m.event = "unsubscribe";
  m.text = what.list;
  m.external_id = "unsubscribe:" + sha256_hex(token);
  return m;
}

std::string token_in_query(std::string_view query) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (pair.starts_with("t=")) return std::string(pair.substr(2));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return "";
}

bool is_one_click(std::string_view body) {
  return trim(body) == "List-Unsubscribe=One-Click";
}

std::string unsubscribe_page(const flows::FlowSet& texts, std::string_view accept_language, UnsubscribeView view,
                             const std::optional<Unsubscribe>& what, std::string_view token) {
  const auto lang = language_of(accept_language);
  std::string body;
  if (view == UnsubscribeView::invalid || !what) {
    body = "<p>" + escape_html(texts.text("unsubscribe_invalid", lang)) + "</p>";
  } else if (view == UnsubscribeView::done) {
    body = "<p>" + escape_html(texts.text("unsubscribe_done", lang)) + "</p>";
  } else {
    const bool follow = what->list.starts_with("follow:");
    const auto question = follow ? texts.text("unsubscribe_question_follow", lang, {{"ref", what->list.substr(7)}})
                                 : texts.text(question_key(what->list), lang);
    body = "<p>" + escape_html(question) + "</p>" +
           "<form method=\"post\" action=\"" + kUnsubscribePath + "?t=" + escape_html(token) + "\">" +
           "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" + "<button type=\"submit\">" +
           escape_html(texts.text("unsubscribe_button", lang)) + "</button></form>";
  }
  const auto title = escape_html(texts.text("unsubscribe_title", lang));
  return "<!DOCTYPE html><html lang=\"" + std::string(flows::to_string(lang)) +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + title + "</title></head><body><main><h1>" + title + "</h1>" + body + "</main></body></html>";
}

}  // namespace buurtbot::adapters::email
