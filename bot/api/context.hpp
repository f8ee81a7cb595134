#pragma once
// What every endpoint of the officers' API needs from the service.

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

}  // namespace buurtbot::api
