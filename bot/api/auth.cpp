#include "bot/api/auth.hpp"

#include "bot/api/auth/password.hpp"
#include "bot/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace buurtbot::api {
namespace {

constexpr std::string_view kBearer = "bearer ";
constexpr std::string_view kCookiePath = "/api/";

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::optional<std::string> header(const http::Request& request, const std::string& name) {
  const auto it = request.headers.find(name);
  if (it == request.headers.end()) return std::nullopt;
  return it->second;
}

// `prefix` is in lower case.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return lower(text.substr(0, prefix.size())) == prefix;
}

// The value of one cookie in a Cookie header ("a=1; buurtbot_session=xyz").
std::optional<std::string> cookie(const std::string& cookies, std::string_view name) {
  std::string_view rest(cookies);
  while (!rest.empty()) {
    const auto end = rest.find(';');
    const auto pair = trimmed(rest.substr(0, end));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name)
      return std::string(trimmed(pair.substr(equals + 1)));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

ApiError unauthorized(std::string message) { return ApiError{401, std::move(message)}; }

Result<Caller> by_token(storage::Officers& officers, const std::string& token) {
  auto officer = officers.find_by_token(auth::sha256_hex(token));
  if (!officer) return unauthorized("unknown API token");
  return Caller{std::move(*officer), std::nullopt, ""};
}

Result<Caller> by_session(storage::Officers& officers, const Credentials& credentials, bool changes_state) {
  auto hash = auth::sha256_hex(*credentials.session);
  auto session = officers.find_session(hash);
  if (!session) return unauthorized("the session has ended; sign in again");
  // The cookie comes along with any request the browser makes, a forged one from another site too;
  // only our own page knows the CSRF token.
  if (changes_state && !auth::equal_in_constant_time(credentials.csrf.value_or(""), session->csrf_token))
    return ApiError{403, "missing or wrong X-CSRF-Token"};
  return Caller{std::move(session->officer), std::move(hash), std::move(session->csrf_token)};
}

}  // namespace

Credentials credentials_of(const http::Request& request) {
  Credentials credentials;
  if (auto authorization = header(request, "authorization")) {
    if (starts_with_ignoring_case(*authorization, kBearer)) {
      credentials.bearer = std::string(trimmed(std::string_view(*authorization).substr(kBearer.size())));
    } else {
      credentials.other_authorization = true;
    }
  }
  if (auto cookies = header(request, "cookie")) credentials.session = cookie(*cookies, kSessionCookie);
  credentials.csrf = header(request, "x-csrf-token");
  return credentials;
}

bool has_credentials(const Credentials& credentials) {
  return (credentials.bearer && !credentials.bearer->empty()) || (credentials.session && !credentials.session->empty());
}

Result<Caller> authenticate(storage::Database& db, const Credentials& credentials, bool changes_state) {
  if (credentials.other_authorization) return unauthorized("use Authorization: Bearer TOKEN");
  if (!has_credentials(credentials)) return unauthorized("sign in first");
  storage::Officers officers(db);
  // A bearer token cannot be sent by a forged cross-site request, so it needs no CSRF token.
  auto caller =
      credentials.bearer ? by_token(officers, *credentials.bearer) : by_session(officers, credentials, changes_state);
  if (caller.ok() && caller.value().officer.disabled) return unauthorized("this account is disabled");
  return caller;
}

bool allows(const Caller& caller, Access access) { return access != Access::admin || caller.officer.role == "admin"; }

std::string address_of(const std::string& remote) {
  const auto colon = remote.rfind(':');
  if (colon == std::string::npos || remote.find(']', colon) != std::string::npos) return remote;
  return remote.substr(0, colon);
}

namespace {

std::string without_brackets(std::string address) {
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') return address.substr(1, address.size() - 2);
  return address;
}

bool from_proxy(const http::Request& request, const std::string& trusted_proxy) {
  return !trusted_proxy.empty() && without_brackets(address_of(request.remote)) == trusted_proxy;
}

}  // namespace

std::string client_address(const http::Request& request, const std::string& trusted_proxy) {
  const auto peer = without_brackets(address_of(request.remote));
  if (!from_proxy(request, trusted_proxy)) return peer;
  const auto forwarded = header(request, "x-forwarded-for").value_or("");
  const auto last = trimmed(std::string_view(forwarded).substr(forwarded.rfind(',') + 1));  // npos + 1 is 0
  return last.empty() ? peer : without_brackets(std::string(last));
}

bool over_https(const http::Request& request, bool tls, const std::string& trusted_proxy) {
  if (tls) return true;
  if (!from_proxy(request, trusted_proxy)) return false;
  const auto proto = header(request, "x-forwarded-proto").value_or("");
  const auto value = trimmed(proto);
  return value.size() == 5 && starts_with_ignoring_case(value, "https");
}

std::string session_cookie(const std::string& token, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=" + std::string(kCookiePath) +
         "; Max-Age=" + std::to_string(kSessionLifetime.count()) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string cleared_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=" + std::string(kCookiePath) +
         "; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace buurtbot::api
