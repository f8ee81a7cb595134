#pragma once
// The headers every page of ours gets, whichever part serves it (the officers' page, the public pages,
// the web chat).

#include "bot/http/router.hpp"

#include <string_view>

namespace buurtbot::http {

/// `response` with the headers every page of ours gets: this CSP, no sniffing, no framing, no referrer, no-cache.
Response with_page_headers(Response response, std::string_view content_security_policy);

}  // namespace buurtbot::http
