#pragma once
// The officers' page at /inbox/: the files of web/, served from the binary with headers that keep
// other sites out (no framing, no scripts or styles from anywhere but this server).

#include "bot/http/server.hpp"

#include <string_view>

namespace buurtbot::web {

/// Where the page lives; /inbox without the slash redirects here.
inline constexpr std::string_view kInboxPath = "/inbox/";

/// The Content-Security-Policy of every answer under /inbox/.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The answer to a GET of `path`: a file of the page, the redirect from /inbox, or 404.
http::Response inbox_response(std::string_view path);

/// Adds GET /inbox and GET /inbox/… to `router`.
void add_inbox_routes(http::Router& router);

}  // namespace buurtbot::web
