#include "bot/api/auth.hpp"

#include "bot/api/auth/password.hpp"
#include "bot/text/text.hpp"
#include "bot/http/headers.hpp"

namespace buurtbot::api {
namespace {

constexpr std::string_view kBearer = "bearer ";
constexpr std::string_view kCookiePath = "/api/";

// `prefix` is in lower case.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return lower(text.substr(0, prefix.size())) == prefix;
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
  if (auto authorization = http::header(request, "authorization")) {
    if (starts_with_ignoring_case(*authorization, kBearer)) {
      credentials.bearer = trim(std::string_view(*authorization).substr(kBearer.size()));
    } else {
      credentials.other_authorization = true;
    }
  }
  credentials.session = http::cookie(request, kSessionCookie);
  credentials.csrf = http::header(request, "x-csrf-token");
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
