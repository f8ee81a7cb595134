#pragma once
// GET /metrics for the monitoring only: the figures tell an outsider how busy the service is and which
// channels fail, so they go to the listed client addresses and to whoever holds the token.

#include "bot/http/metrics.hpp"
#include "bot/http/router.hpp"
#include "config/config.hpp"

#include <string>
#include <vector>

namespace buurtbot {

/// Who may read /metrics.
struct MetricsAccess {
  std::vector<std::string> allow;  ///< client addresses that need no token
  std::string token;               ///< a bearer token that reads from any address; empty: none
  std::string trusted_proxy;       ///< whose X-Forwarded-For names the client (server.trusted_proxy)
};

/// The access `server` configures, with the token read through `env` from the variable it names.
MetricsAccess metrics_access(const config::ServerConfig& server, const config::EnvLookup& env);

/// Answers GET /metrics with `metrics` (which must outlive the handler) to callers `access` lets in;
/// others get 401 when they sent no token and one could let them in, 403 otherwise. Throws
/// StartupError for an address in `access.allow` that is not one.
http::Handler metrics_route(const http::Metrics& metrics, const MetricsAccess& access);

}  // namespace buurtbot
