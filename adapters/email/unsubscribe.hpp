#pragma once
// The unsubscribe links of news mail (RFC 8058): a token that names the address and the news list and
// that only we can make, the page a link opens (it asks first: link scanners fetch every URL in a mail)
// and the one-click POST that mail programs send. Pure: the secret, the texts and the request are given.

#include "bot/core/message.hpp"
#include "flows/definition.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::email {

/// The path of the links: GET shows the question, POST with List-Unsubscribe=One-Click stops the news.
inline constexpr const char* kUnsubscribePath = "/mail/unsubscribe";

/// What one link stops: one news list (OutboundMessage::list) for one address.
struct Unsubscribe {
  std::string address;
  std::string list;
};

/// The token of a link: the list and the address, then their HMAC-SHA256 under `secret`, both base64url
/// (a signature rather than a stored random token: no row for every news mail, nothing to erase with
/// forget-me, and links that still work after a restore; a new secret ends the old links).
std::string unsubscribe_token(std::string_view secret, const Unsubscribe& what);

/// What `token` stops, or nothing when it was not made with `secret` (cut, changed or made up).
std::optional<Unsubscribe> read_unsubscribe_token(std::string_view secret, std::string_view token);

/// The journal's message for a stop the reader asked for: the address's "unsubscribe" event, the list as
/// its text, keyed by the token so a second click is the same event.
InboundMessage unsubscribe_event(const Unsubscribe& what, std::string_view token);

/// The link's token from a request's query ("t=…"), or "".
std::string token_in_query(std::string_view query);

/// True when a POST body carries the one-click answer (List-Unsubscribe=One-Click, RFC 8058).
bool is_one_click(std::string_view body);

/// What the page shows: the question with a button that POSTs, that it is done, or that the link is broken.
enum class UnsubscribeView { question, done, invalid };

/// The page in the visitor's language (`accept_language`: English when it prefers English), in the
/// words of the message files (`texts`).
std::string unsubscribe_page(const flows::FlowSet& texts, std::string_view accept_language, UnsubscribeView view,
                             const std::optional<Unsubscribe>& what, std::string_view token);

}  // namespace buurtbot::adapters::email
