#include "adapters/matrix/appservice.hpp"

#include "bot/core/digest.hpp"
#include "bot/text/text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace buurtbot::adapters::matrix {
namespace {

constexpr std::string_view kV1 = "/_matrix/app/v1/";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "Authorization: Bearer <token>": the token; nullopt for no header or another scheme.
std::optional<std::string> bearer_token(const http::Request& request) {
  auto it = request.headers.find("authorization");
  if (it == request.headers.end()) return std::nullopt;
  std::string_view value = it->second;
  if (value.size() < 7 || lower(value.substr(0, 7)) != "bearer ") return std::nullopt;
  return trim(value.substr(7));
}

// The single path segment after `name/`, or nullopt when the path is not that route.
std::optional<std::string> segment_after(std::string_view rest, std::string_view name) {
  if (!rest.starts_with(name) || rest.size() <= name.size()) return std::nullopt;
  auto id = rest.substr(name.size());
  if (id.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(id);
}

}  // namespace

RouteMatch route_of(std::string_view path) {
  if (!path.starts_with(kV1)) return {};
  const auto rest = path.substr(kV1.size());
  if (rest == "ping") return {AppRoute::ping, {}};
  if (auto id = segment_after(rest, "transactions/")) return {AppRoute::transaction, std::move(*id)};
  if (auto id = segment_after(rest, "users/")) return {AppRoute::user, std::move(*id)};
  if (auto id = segment_after(rest, "rooms/")) return {AppRoute::room, std::move(*id)};
  return {};
}

std::string_view method_of(AppRoute route) {
  switch (route) {
    case AppRoute::transaction: return "PUT";
    case AppRoute::ping: return "POST";
    case AppRoute::user:
    case AppRoute::room: return "GET";
    case AppRoute::unknown: break;
  }
  return "";
}

http::Response matrix_error(int status, std::string_view errcode, std::string_view error) {
  return {status, "application/json", nlohmann::json{{"errcode", errcode}, {"error", error}}.dump(), {}};
}

http::Response matrix_ok() { return {200, "application/json", "{}", {}}; }

std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto equals = pair.find('=');
    if (percent_decoded(pair.substr(0, equals)) == name)
      return equals == std::string_view::npos ? std::string() : percent_decoded(pair.substr(equals + 1));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return std::nullopt;
}

std::optional<http::Response> refuse(const http::Request& request, const RouteMatch& match, std::string_view hs_token) {
  const auto header = bearer_token(request);
  const auto legacy = query_parameter(request.query, "access_token");
  if (!header && !legacy) return matrix_error(401, "M_MISSING_TOKEN", "Missing access token");
  // Both compared, whatever the first gave, so the time taken says nothing about which one was wrong.
  const bool header_ok = !header || same_secret(*header, hs_token);
  const bool legacy_ok = !legacy || same_secret(*legacy, hs_token);
  if (!header_ok || !legacy_ok) return matrix_error(403, "M_FORBIDDEN", "Invalid access token");
  if (match.route == AppRoute::unknown) return matrix_error(404, "M_UNRECOGNIZED", "Unrecognized request");
  const auto expected = method_of(match.route);
  if (request.method != expected && !(expected == "GET" && request.method == "HEAD")) {
    auto response = matrix_error(405, "M_UNRECOGNIZED", "Unrecognized request");
    response.headers.emplace_back("Allow", std::string(expected));
    return response;
  }
  return std::nullopt;
}

}  // namespace buurtbot::adapters::matrix
