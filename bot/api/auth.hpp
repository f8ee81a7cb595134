#pragma once
// Who is asking: an API token (Authorization: Bearer) or a browser session (cookie plus CSRF token).
// Credentials are read on the network thread; they are checked against the database on the writer thread.

#include "bot/api/result.hpp"
#include "bot/http/server.hpp"
#include "storage/database.hpp"
#include "storage/officers.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace buurtbot::api {

/// The name of the session cookie.
inline constexpr std::string_view kSessionCookie = "buurtbot_session";

/// How long a browser session lasts after login.
inline constexpr std::chrono::seconds kSessionLifetime = std::chrono::hours(12);

/// What a request brought to prove who sent it, as sent (nothing is hashed yet).
struct Credentials {
  std::optional<std::string> bearer;   ///< the token of "Authorization: Bearer TOKEN"
  bool other_authorization = false;    ///< an Authorization header of another kind
  std::optional<std::string> session;  ///< the session cookie's value
  std::optional<std::string> csrf;     ///< X-CSRF-Token
};

/// The credentials in the request's headers.
Credentials credentials_of(const http::Request& request);

/// True when the request brought something to check; false answers 401 without a database lookup.
bool has_credentials(const Credentials& credentials);

/// What each endpoint requires of the caller: nothing (signing in), any officer, or an administrator.
enum class Access { anyone, officer, admin };

/// An officer whose credentials were accepted.
struct Caller {
  storage::Officer officer;
  std::optional<std::string> session_hash;  ///< set when the request came with the session cookie
  std::string csrf_token;                   ///< the session's CSRF token (empty for bearer tokens)
};

/// Checks credentials on the writer thread: 401 for unknown, expired or disabled ones, 403 when a
/// request that changes state came with the cookie but without the session's CSRF token.
Result<Caller> authenticate(storage::Database& db, const Credentials& credentials, bool changes_state);

/// True when the caller's role may use an endpoint with `access`.
bool allows(const Caller& caller, Access access);

/// A Set-Cookie value for a new session: HttpOnly, SameSite=Strict, and Secure when served over TLS.
std::string session_cookie(const std::string& token, bool secure);

/// A Set-Cookie value that makes the browser forget the session cookie.
std::string cleared_session_cookie(bool secure);

}  // namespace buurtbot::api
