#pragma once
// Inside the server: the checks on a request Beast has read and its translation into the Request that
// handlers see. Apart from server.cpp so that the fuzz target (fuzz/http_request.cpp) runs raw bytes
// through exactly what a connection runs them through. Includes Beast: not for handlers.

#include "bot/http/router.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace buurtbot::http::detail {

/// A request as Beast reads it, body included.
using RequestMessage = boost::beast::http::request<boost::beast::http::string_body>;

/// The parser a connection reads one request with.
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

/// The most a request's line and header fields may take together; more is answered 431.
inline constexpr std::size_t kHeaderLimit = 16 * 1024;

/// Sets the header limit and `max_body_bytes` as the body limit on a fresh parser.
void limit(RequestParser& parser, std::size_t max_body_bytes);

/// False when the header's framing leaves the body's end uncertain (answered 400).
bool clear_framing(const boost::beast::http::request_header<>& header);

/// The request as handlers see it; nullopt when its target is not a path (answered 400).
std::optional<Request> to_request(RequestMessage&& message, const std::string& remote);

}  // namespace buurtbot::http::detail
