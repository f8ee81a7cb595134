#pragma once
// The Application Service API's door, before anything is stored: which route a request is for, whether
// it carries the homeserver's hs_token, and the Matrix-style answers. Pure functions, no I/O.

#include "bot/http/router.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace buurtbot::adapters::matrix {

/// Every route of the Application Service API starts with this.
inline constexpr const char* kAppPrefix = "/_matrix/app/";

/// The Application Service API routes buurtbot serves.
enum class AppRoute { transaction, ping, user, room, unknown };

/// A request's route and the id in its path (the transaction id, user id or room alias).
struct RouteMatch {
  AppRoute route = AppRoute::unknown;
  std::string id;
};

/// The route of a (percent-decoded) path under /_matrix/app/v1/.
RouteMatch route_of(std::string_view path);

/// The method each route answers: PUT for transactions, POST for ping, GET for users and rooms.
std::string_view method_of(AppRoute route);

/// A Matrix error answer: `{"errcode": …, "error": …}` as JSON with `status`.
http::Response matrix_error(int status, std::string_view errcode, std::string_view error);

/// The empty JSON object `{}` with 200: a transaction stored, a ping answered, a user that exists.
http::Response matrix_ok();

/// The value of `name` in a still percent-encoded query ('+' is a space); nullopt when absent.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name);

/// Checks the hs_token, in constant time, from `Authorization: Bearer …` and the legacy `access_token`
/// query parameter (when both are given, both must be right): none given is 401 M_MISSING_TOKEN, a wrong
/// one 403 M_FORBIDDEN. Then the route: unknown 404 M_UNRECOGNIZED, another method 405 M_UNRECOGNIZED.
/// Nullopt when the request may go on.
std::optional<http::Response> refuse(const http::Request& request, const RouteMatch& match, std::string_view hs_token);

}  // namespace buurtbot::adapters::matrix
