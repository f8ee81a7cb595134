#include "adapters/email/unsubscribe.hpp"

#include "adapters/email/inbound.hpp"
#include "bot/core/digest.hpp"
#include "bot/text/text.hpp"
#include "bot/http/accept_language.hpp"
#include "flows/preferred_lang.hpp"

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

// The value of `name` in a query ("t=abc&lang=en"), still percent-encoded; "" when it is not there.
std::string query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return "";
}

// This page's address in `lang`, for the language link and the form.
std::string page_url(std::string_view token, flows::Lang lang) {
  return std::string(kUnsubscribePath) + "?t=" + escape_html(token) + "&amp;lang=" + std::string(flows::to_string(lang));
}

std::string language_link(std::string_view token, flows::Lang lang) {
  const auto other = lang == flows::Lang::nl ? flows::Lang::en : flows::Lang::nl;
  const std::string code(flows::to_string(other));
  return "<a href=\"" + page_url(token, other) + "\" hreflang=\"" + code + "\" lang=\"" + code + "\">" +
         (other == flows::Lang::en ? "English" : "Nederlands") + "</a>";
}

std::string paragraph(std::string_view text) { return "<p>" + escape_html(text) + "</p>\n"; }

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

std::string unsubscribe_mailto(std::string_view our_address, std::string_view token) {
  return "mailto:" + std::string(our_address) + "?subject=unsubscribe%20" + std::string(token);
}

std::optional<InboundMessage> unsubscribe_by_mail(std::string_view secret, std::string_view subject) {
  if (secret.empty()) return std::nullopt;
  constexpr std::string_view kSpace = " \t\r\n";
  for (auto start = subject.find_first_not_of(kSpace); start != std::string_view::npos;
       start = subject.find_first_not_of(kSpace, start)) {
    const auto end = std::min(subject.find_first_of(kSpace, start), subject.size());
    const auto word = subject.substr(start, end - start);
    if (auto what = read_unsubscribe_token(secret, word)) return unsubscribe_event(*what, word);
    start = end;
  }
  return std::nullopt;
}

std::string token_in_query(std::string_view query) { return query_value(query, "t"); }

flows::Lang page_language(std::string_view query, std::string_view accept_language) {
  return flows::preferred_lang(query_value(query, "lang"), http::accepted_languages(accept_language));
}

bool is_one_click(std::string_view body) {
  return trim(body) == "List-Unsubscribe=One-Click";
}

std::string unsubscribe_page(const flows::FlowSet& texts, std::string_view municipality, flows::Lang lang,
                             UnsubscribeView view, const std::optional<Unsubscribe>& what, std::string_view token) {
  std::string body;
  if (view == UnsubscribeView::invalid || !what) {
    body = paragraph(texts.text("unsubscribe_invalid", lang));
  } else if (view == UnsubscribeView::done) {
    body = paragraph(texts.text("unsubscribe_done", lang));
  } else {
    const bool follow = what->list.starts_with("follow:");
    body = paragraph(follow ? texts.text("unsubscribe_question_follow", lang, {{"ref", what->list.substr(7)}})
                            : texts.text(question_key(what->list), lang)) +
           "<form method=\"post\" action=\"" + page_url(token, lang) + "\">\n" +
           "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\n" +
           "<p><button type=\"submit\" class=\"utrecht-button utrecht-button--primary-action\">" + escape_html(texts.text("unsubscribe_button", lang)) + "</button></p>\n</form>\n";
  }
  const auto title = escape_html(texts.text("unsubscribe_title", lang));
  return "<!doctype html>\n<html lang=\"" + std::string(flows::to_string(lang)) +
         "\" class=\"voorbeeld-theme utrecht-document utrecht-document--surface\">\n<head>\n<meta charset=\"utf-8\">\n" +
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + title + " · " +
         escape_html(municipality) + "</title>\n<link rel=\"stylesheet\" href=\"" + kSiteStylesheet + "\">\n</head>\n<body>\n" +
         "<header>\n<p class=\"municipality\">" + escape_html(municipality) + "</p>\n<nav>" + language_link(token, lang) +
         "</nav>\n</header>\n<main>\n<h1>" + title + "</h1>\n" + body + "</main>\n</body>\n</html>\n";
}

}  // namespace buurtbot::adapters::email
