#pragma once
// The officers' JSON API under /api/v1/: sessions, the shared inbox, canned responses, initiatives,
// workgroups, reports, and for administrators the outbox, officers' accounts and the audit log.
// Every database read and write runs as a job on the writer thread (Pipeline::run); network threads
// only parse, and password hashing has a thread of its own.

#include "bot/http/server.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "config/config.hpp"

#include <functional>

namespace buurtbot::api {

/// What the API needs from the service; the service keeps it alive for as long as the server runs.
struct ApiContext {
  Pipeline& pipeline;
  const config::Config& config;
  std::function<void()> wake_outbox;  ///< called after a commit that added outbox rows
  bool tls = false;                   ///< served over HTTPS: the session cookie gets Secure
};

/// Adds every /api/v1/ route to `router`.
void add_api_routes(http::Router& router, ApiContext& context);

}  // namespace buurtbot::api
