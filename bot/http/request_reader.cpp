#include "bot/http/request_reader.hpp"

#include "bot/text/text.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>

#include <string_view>

namespace buurtbot::http::detail {

namespace beast = boost::beast;
namespace bhttp = beast::http;

void RequestParser::on_field_impl(bhttp::field name, beast::string_view name_string, beast::string_view value,
                                  beast::error_code& ec) {
  if (fields_ == 0) {
    // The request line counts with the first field: "METHOD target HTTP/1.1\r\n".
    header_bytes_ = get().method_string().size() + get().target().size() + 12;
    if (router_) {
      if (const auto own = router_->body_limit(get().target())) {
        max_body_bytes_ = *own;
        body_limit(max_body_bytes_);
      }
    }
  }
  ++fields_;
  header_bytes_ += name_string.size() + value.size() + 4;  // "name: value\r\n"
  if (fields_ > kMaxHeaderFields || header_bytes_ > kHeaderLimit) {
    ec = bhttp::error::header_limit;
    return;
  }
  get().insert(name, name_string, value);
}

void limit(RequestParser& parser, std::size_t max_body_bytes, const Router* router) {
  parser.header_limit(kHeaderLimit);
  parser.body_limit(max_body_bytes);
  parser.max_body_bytes_ = max_body_bytes;
  parser.router_ = router;
}

// RFC 9112 §6.1 and §6.3: the only framing besides Content-Length that we implement is chunked alone.
// Any other transfer coding, chunked next to a Content-Length, or chunked from an HTTP/1.0 client
// leaves the body's end uncertain, and what we took for the next request could be hidden in the body.
bool clear_framing(const bhttp::request_header<>& header) {
  const auto codings = header.count(bhttp::field::transfer_encoding);
  if (codings == 0) return true;
  return codings == 1 && header.version() >= 11 && header.count(bhttp::field::content_length) == 0 &&
         beast::iequals(header[bhttp::field::transfer_encoding], "chunked");
}

std::optional<Request> to_request(RequestMessage&& message, const std::string& remote) {
  std::string_view raw_target(message.target().data(), message.target().size());
  auto target = boost::urls::parse_uri_reference(raw_target);
  if (!target || !target->encoded_path().starts_with("/")) return std::nullopt;
  Request request{.method = std::string(message.method_string()),
                  .target = std::string(raw_target),
                  .path = target->path(),
                  .query = std::string(target->encoded_query()),
                  .headers = {},
                  .body = std::move(message.body()),
                  .remote = remote,
                  .stream = nullptr};
  for (const auto& field : message) {
    auto [it, inserted] = request.headers.try_emplace(lower(field.name_string()), field.value());
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  return request;
}

}  // namespace buurtbot::http::detail
