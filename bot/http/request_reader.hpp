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

/// The most a request's line and header fields may take together; more is answered 431.
inline constexpr std::size_t kHeaderLimit = 16 * 1024;

/// The most header fields (trailer fields included) a request may have; more is answered 431. Real
/// clients send a few dozen at most; Apache's LimitRequestFields has the same default.
inline constexpr std::size_t kMaxHeaderFields = 100;

/// The most a connection holds of what it received and the parser has not taken yet. A header takes
/// at most kHeaderLimit of it, bodies are taken as they come; a line that does not end within this
/// (an endless chunk extension or trailer) is answered 400 instead of growing the buffer.
inline constexpr std::size_t kReadBufferLimit = 4 * kHeaderLimit;

/// The parser a connection reads one request with: Beast's, with the header's size and number of
/// fields counted over the whole request. Beast's own header_limit() only bounds what one put()
/// sees: the fields taken by earlier calls no longer count, so a header that arrives in pieces
/// (each ending just after a field) could grow without end until the header timeout.
class RequestParser final : public boost::beast::http::request_parser<boost::beast::http::string_body> {
 public:
  /// Header fields taken so far (trailer fields included).
  std::size_t fields() const { return fields_; }
  /// The body limit of this request: the one limit() set, or its path's own once the header is read.
  std::size_t max_body_bytes() const { return max_body_bytes_; }

 private:
  friend void limit(RequestParser& parser, std::size_t max_body_bytes, const Router* router);

  void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                     boost::beast::string_view value, boost::beast::error_code& ec) override;

  std::size_t fields_ = 0;
  std::size_t header_bytes_ = 0;
  std::size_t max_body_bytes_ = 0;
  const Router* router_ = nullptr;  ///< asked for the path's own body limit at the first field
};

/// Sets the header limit and `max_body_bytes` as the body limit on a fresh parser; with `router`, a
/// path that has its own limit (Router::limit_body) gets that instead. It is set at the request's first
/// header field, before Beast compares a Content-Length with it: a request without fields has no body.
void limit(RequestParser& parser, std::size_t max_body_bytes, const Router* router = nullptr);

/// False when the header's framing leaves the body's end uncertain (answered 400).
bool clear_framing(const boost::beast::http::request_header<>& header);

/// The request as handlers see it; nullopt when its target is not a path (answered 400).
std::optional<Request> to_request(RequestMessage&& message, const std::string& remote);

}  // namespace buurtbot::http::detail
