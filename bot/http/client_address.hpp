#pragma once
// Who sent a request and how it reached us, also behind a reverse proxy that we trust.

#include "bot/http/router.hpp"

#include <string>

namespace buurtbot::http {

/// The address part of "address:port" (IPv6 keeps its brackets), for limits per address.
std::string address_of(const std::string& remote);

/// Who is asking: the peer's address, or, when the peer is `trusted_proxy`, the address that proxy added
/// last to X-Forwarded-For (the ones before it come from the client and prove nothing).
std::string client_address(const Request& request, const std::string& trusted_proxy);

/// True when the browser reached us over HTTPS: buurtbot serves TLS itself (`tls`), or `trusted_proxy`
/// says so with X-Forwarded-Proto. A session cookie then gets Secure.
bool over_https(const Request& request, bool tls, const std::string& trusted_proxy);

}  // namespace buurtbot::http
