#pragma once
// The officers' JSON API under /api/v1/: sessions, the shared inbox, canned responses, initiatives,
// workgroups, reports, and for administrators the outbox, officers' accounts and the audit log.
// Every database read and write runs as a job on the writer thread (Pipeline::run); network threads
// only parse, and password hashing has a small pool of threads of its own.

#include "bot/api/context.hpp"
#include "bot/http/router.hpp"

namespace buurtbot::api {

/// Adds every /api/v1/ route to `router`.
void add_api_routes(http::Router& router, ApiContext& context);

}  // namespace buurtbot::api
