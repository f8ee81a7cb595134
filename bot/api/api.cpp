#include "bot/api/api.hpp"

#include "bot/api/endpoints.hpp"
#include "bot/api/login.hpp"
#include "bot/api/response.hpp"

#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace buurtbot::api {
namespace {

constexpr std::string_view kPrefix = "/api/v1/";
constexpr std::string_view kAnyPart = "*";
constexpr std::array<std::string_view, 5> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE"};

using Endpoint = http::Response (*)(Call&);

/// What an endpoint reads besides its path: anything else sent is refused, never silently ignored.
enum class Input { none, query, body };

/// One endpoint: its method, its path below /api/v1/ as parts ("*" captures one), who may call it, and
/// what it reads.
struct Route {
  std::string_view method;
  std::vector<std::string_view> pattern;
  Access access;
  Endpoint endpoint;  ///< null for signing in, which Login answers
  Input input = Input::none;
};

const std::vector<Route>& routes() {
  static const std::vector<Route> kRoutes = {
      {"POST", {"session"}, Access::anyone, nullptr},
      {"GET", {"session"}, Access::officer, show_session},
      {"DELETE", {"session"}, Access::officer, end_session},
      {"GET", {"threads"}, Access::officer, list_threads, Input::query},
      {"GET", {"threads", kAnyPart}, Access::officer, show_thread},
      {"PATCH", {"threads", kAnyPart}, Access::officer, update_thread, Input::body},
      {"POST", {"threads", kAnyPart, "replies"}, Access::officer, reply_to_thread, Input::body},
      {"POST", {"threads", kAnyPart, "notes"}, Access::officer, add_thread_note, Input::body},
      {"GET", {"initiatives"}, Access::officer, list_initiatives, Input::query},
      {"GET", {"initiatives", kAnyPart}, Access::officer, show_initiative},
      {"PATCH", {"initiatives", kAnyPart}, Access::officer, update_initiative, Input::body},
      {"GET", {"attachments", kAnyPart}, Access::officer, show_attachment},
      {"GET", {"municipality"}, Access::officer, show_municipality},
      {"GET", {"municipality", "logo"}, Access::officer, show_municipality_logo},
      {"GET", {"audit"}, Access::admin, list_audit, Input::query},
      {"GET", {"canned"}, Access::officer, list_canned},
      {"POST", {"canned"}, Access::officer, create_canned, Input::body},
      {"PUT", {"canned", kAnyPart}, Access::officer, update_canned, Input::body},
      {"DELETE", {"canned", kAnyPart}, Access::officer, delete_canned},
      {"GET", {"workgroups"}, Access::officer, list_workgroups},
      {"POST", {"workgroups"}, Access::officer, create_workgroup, Input::body},
      {"PATCH", {"workgroups", kAnyPart}, Access::officer, update_workgroup, Input::body},
      {"POST", {"workgroups", kAnyPart, "link-code"}, Access::officer, create_workgroup_link_code},
      {"POST", {"workgroups", kAnyPart, "broadcasts"}, Access::officer, broadcast_to_workgroup, Input::body},
      {"DELETE", {"workgroups", kAnyPart, "chats", kAnyPart, kAnyPart}, Access::officer, unlink_workgroup_chat},
      {"GET", {"reports", "summary"}, Access::officer, report_summary, Input::query},
      {"GET", {"reports", "initiatives.csv"}, Access::officer, report_initiatives_csv, Input::query},
      {"GET", {"outbox"}, Access::admin, list_outbox, Input::query},
      {"POST", {"outbox", kAnyPart, "retry"}, Access::admin, retry_outbox_row},
      {"GET", {"officers"}, Access::admin, list_officers},
      {"PATCH", {"officers", kAnyPart}, Access::admin, update_officer, Input::body},
      {"DELETE", {"officers", kAnyPart, "tokens"}, Access::admin, revoke_officer_tokens},
  };
  return kRoutes;
}

std::vector<std::string> parts_of(std::string_view path) {
  std::vector<std::string> parts;
  path.remove_prefix(kPrefix.size());
  for (;;) {
    const auto slash = path.find('/');
    parts.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    path.remove_prefix(slash + 1);
  }
}

// The captured parts when `parts` fit the pattern.
std::optional<std::vector<std::string>> match(const Route& route, const std::vector<std::string>& parts) {
  if (route.pattern.size() != parts.size()) return std::nullopt;
  std::vector<std::string> captured;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (route.pattern[i] == kAnyPart && !parts[i].empty()) {
      captured.push_back(parts[i]);
    } else if (route.pattern[i] != parts[i]) {
      return std::nullopt;
    }
  }
  return captured;
}

/// The routing of one request: the route and its captures, or the methods the path has.
struct Routed {
  const Route* route = nullptr;
  std::vector<std::string> params;
  std::string allowed;
};

Routed route_of(const std::string& method, const std::vector<std::string>& parts) {
  Routed routed;
  for (const auto& route : routes()) {
    auto captured = match(route, parts);
    if (!captured) continue;
    if (route.method == method) return Routed{&route, std::move(*captured), {}};
    routed.allowed += (routed.allowed.empty() ? "" : ", ") + std::string(route.method);
  }
  return routed;
}

http::Response not_routed(const Routed& routed) {
  if (routed.allowed.empty()) return error_response({404, "no such endpoint"});
  auto response = error_response({405, "method not allowed"});
  response.headers.emplace_back("Allow", routed.allowed);
  return response;
}

// A body of nothing but "{}" counts as none: some clients send it with every POST.
bool empty_body(std::string_view body) {
  std::string compact;
  for (char c : body)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  return compact.empty() || compact == "{}";
}

std::optional<ApiError> unread_input(const Route& route, const http::Request& request) {
  if (route.input != Input::query && !request.query.empty())
    return ApiError{400, "this endpoint takes no query parameters"};
  if (route.input != Input::body && !empty_body(request.body)) return ApiError{400, "this endpoint takes no body"};
  return std::nullopt;
}

// On the writer thread: who is asking, may they, and then the endpoint itself.
http::Response answer(storage::Database& db, ApiContext& context, const Route& route, const http::Request& request,
                      const std::vector<std::string>& params, const Credentials& credentials) {
  auto caller = authenticate(db, credentials, route.method != "GET");
  if (!caller.ok()) return error_response(caller.error());
  if (!allows(caller.value(), route.access)) return error_response({403, "this needs the admin role"});
  if (auto unread = unread_input(route, request)) return error_response(*unread);
  Call call{request, params, caller.value(), db, context};
  return route.endpoint(call);
}

void dispatch(ApiContext& context, Login& login, http::Request request, http::Respond respond) {
  if (request.method == "HEAD") request.method = "GET";
  auto routed = route_of(request.method, parts_of(request.path));
  if (!routed.route) return respond(not_routed(routed));
  if (routed.route->access == Access::anyone) return login.handle(std::move(request), std::move(respond));
  auto credentials = credentials_of(request);
  // Nothing to look up: answered here, so anonymous requests never reach the writer thread.
  if (!has_credentials(credentials)) return respond(error_response({401, "sign in first"}));
  context.pipeline.run([&context, route = routed.route, params = std::move(routed.params), request = std::move(request),
                        credentials = std::move(credentials), respond](storage::Database& db) {
    respond_with(respond, [&] { return answer(db, context, *route, request, params, credentials); });
  });
}

}  // namespace

void add_api_routes(http::Router& router, ApiContext& context) {
  auto login = std::make_shared<Login>(context);
  for (auto method : kMethods) {
    router.add_prefix(std::string(method), std::string(kPrefix),
                      [&context, login](http::Request request, http::Respond respond) {
                        dispatch(context, *login, std::move(request), std::move(respond));
                      });
  }
}

}  // namespace buurtbot::api
