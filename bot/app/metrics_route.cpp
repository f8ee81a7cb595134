#include "bot/app/metrics_route.hpp"

#include "bot/api/auth.hpp"
#include "bot/api/auth/password.hpp"
#include "bot/core/startup_error.hpp"
#include "bot/http/client_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <optional>

namespace buurtbot {
namespace {

namespace ip = boost::asio::ip;

// An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client as a.b.c.d.
std::optional<ip::address> address_from(const std::string& text) {
  boost::system::error_code error;
  const auto address = ip::make_address(text, error);
  if (error) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

std::vector<ip::address> addresses_from(const std::vector<std::string>& texts) {
  std::vector<ip::address> addresses;
  for (const auto& text : texts) {
    auto address = address_from(text);
    if (!address) throw StartupError("server.metrics_allow: '" + text + "' is not an IP address");
    addresses.push_back(*address);
  }
  return addresses;
}

/// The access, read once: addresses parsed, the token kept only as its hash.
struct Gate {
  std::vector<ip::address> allow;
  std::string token_hash;  ///< empty: no token reads /metrics
  std::string trusted_proxy;
};

// The client address is the one the login limits count, so a forwarded header from anyone but the
// trusted proxy proves nothing. Tokens are compared as hashes: neither their content nor their length leaks.
int status_for(const Gate& gate, const http::Request& request) {
  const auto client = address_from(http::client_address(request, gate.trusted_proxy));
  if (client && std::find(gate.allow.begin(), gate.allow.end(), *client) != gate.allow.end()) return 200;
  const auto bearer = api::credentials_of(request).bearer;
  if (!bearer) return gate.token_hash.empty() ? 403 : 401;
  const bool known = !gate.token_hash.empty() && auth::equal_in_constant_time(sha256_hex(*bearer), gate.token_hash);
  return known ? 200 : 403;
}

http::Response refusal(int status) {
  http::Response response{status, "text/plain; charset=utf-8", status == 401 ? "send the metrics token\n" : "forbidden\n",
                          {}};
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace

MetricsAccess metrics_access(const config::ServerConfig& server, const config::EnvLookup& env) {
  return MetricsAccess{server.metrics_allow, env(server.metrics_token_env).value_or(""), server.trusted_proxy};
}

http::Handler metrics_route(const http::Metrics& metrics, const MetricsAccess& access) {
  Gate gate{addresses_from(access.allow), access.token.empty() ? "" : sha256_hex(access.token), access.trusted_proxy};
  return [&metrics, gate = std::move(gate)](http::Request request, http::Respond respond) {
    const int status = status_for(gate, request);
    if (status != 200) return respond(refusal(status));
    respond({200, http::Metrics::kContentType, metrics.render(), {}});
  };
}

}  // namespace buurtbot
