#pragma once
// The service: HTTP server, writer pipeline, outbox worker and the channels config enables.

#include "bot/app/app.hpp"

namespace buurtbot {

/// Runs until SIGINT or SIGTERM, then shuts down gracefully; returns the exit code.
int serve(App& app);

}  // namespace buurtbot
