#pragma once
// The unsubscribe links of news mail (RFC 8058, RFC 2369): a token that names the address and the news
// list and that only we can make, the page a link opens (it asks first: link scanners fetch every URL in
// a mail), the one-click POST that mail programs send, and the mail that programs without it send to the
// mailto: address instead. Pure: the secret, the texts and the request are given.

#include "bot/core/message.hpp"
#include "flows/definition.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::email {

/// The path of the links: GET shows the question, POST with List-Unsubscribe=One-Click stops the news.
inline constexpr const char* kUnsubscribePath = "/mail/unsubscribe";
/// The public pages' stylesheet (served by bot/site on the same server), which the page uses too.
inline constexpr const char* kSiteStylesheet = "/plannen/site.css";
/// The page's Content-Security-Policy: no script at all, styles only from buurtbot, the form only to it.
inline constexpr const char* kUnsubscribePagePolicy =
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

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

/// The mailto: URI of List-Unsubscribe (RFC 2369): a mail to `our_address` whose subject carries the
/// token after the word "unsubscribe", as mailing lists have it (a word for programs: mail programs send
/// it without showing it). The token is too long for the local part of an address (64 characters).
std::string unsubscribe_mailto(std::string_view our_address, std::string_view token);

/// The stop a mail sent to that address asks for: the "unsubscribe" event of the first word in its
/// subject that is a token made with `secret` (as unsubscribe_event); nothing without one, or without a secret.
std::optional<InboundMessage> unsubscribe_by_mail(std::string_view secret, std::string_view subject);

/// The link's token from a request's query ("t=…"), or "".
std::string token_in_query(std::string_view query);

/// The page's language, as the public pages choose theirs: `lang` in the query (nl or en) first, else
/// the first language of Accept-Language (by q) that we have, else Dutch.
flows::Lang page_language(std::string_view query, std::string_view accept_language);

/// True when a POST body carries the one-click answer (List-Unsubscribe=One-Click, RFC 8058).
bool is_one_click(std::string_view body);

/// What the page shows: the question with a button that POSTs, that it is done, or that the link is broken.
enum class UnsubscribeView { question, done, invalid };

/// The page in `lang`, in the words of the message files (`texts`), dressed as the public pages are (their
/// stylesheet, `municipality` in the header, a link to the page in the other language). No JavaScript:
/// the question's button is a form that POSTs the one-click answer.
std::string unsubscribe_page(const flows::FlowSet& texts, std::string_view municipality, flows::Lang lang,
                             UnsubscribeView view, const std::optional<Unsubscribe>& what, std::string_view token);

}  // namespace buurtbot::adapters::email
