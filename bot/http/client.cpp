#include "bot/http/client.hpp"

#include "bot/text/text.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>
#include <poll.h>

#include <algorithm>
#include <optional>

namespace buurtbot::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Message = bhttp::request<bhttp::string_body>;

constexpr std::size_t kHeaderLimit = 64 * 1024;

net::ssl::context client_tls(const ClientOptions& options) {
  net::ssl::context context(net::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  if (options.ca_file.empty()) {
    context.set_default_verify_paths(ec);
  } else {
    context.load_verify_file(options.ca_file, ec);
  }
  if (ec) throw std::runtime_error("cannot load trusted certificates '" + options.ca_file + "': " + ec.message());
  return context;
}

bool is_address(const std::string& host) {
  beast::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

Response to_response(bhttp::response<bhttp::string_body>& message) {
  Response response;
  response.status = static_cast<int>(message.result_int());
  response.content_type = std::string(message[bhttp::field::content_type]);
  response.body = std::move(message.body());
  for (const auto& field : message) {
    response.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  return response;
}

}  // namespace

struct Client::Impl {
  Impl(const std::string& base_url, ClientOptions client_options);

  Message make(const std::string& method, const std::string& path, const std::string& content_type,
               const std::string& body) const;
  Response exchange(Message& message);
  bool reusable();
  void connect(const std::string& method);
  void handshake(const std::string& method);
  std::pair<beast::error_code, std::size_t> write(Message& message);
  Response read(const Message& message);
  void close();
  void run();
  [[noreturn]] void fail(const std::string& method, const std::string& what, const beast::error_code& ec) const;
  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  const ClientOptions options;
  bool tls = false;
  std::string host;  // to connect to, for SNI and for the certificate check; IPv6 without brackets
  std::string port;
  std::string host_header;
  std::string base_path;  // without a trailing '/'
  net::io_context io;     // this client's own: its thread runs it for the length of one operation
  std::optional<net::ssl::context> ssl;
  std::optional<beast::tcp_stream> plain;
  std::optional<TlsStream> secure;
  beast::flat_buffer buffer;
  std::uint64_t opened = 0;
};

Client::Impl::Impl(const std::string& base_url, ClientOptions client_options) : options(std::move(client_options)) {
  auto url = boost::urls::parse_uri(base_url);
  if (!url) throw std::invalid_argument("not a URL: '" + base_url + "'");
  tls = url->scheme() == "https";
  host = url->host_address();
  if ((!tls && url->scheme() != "http") || host.empty()) {
    throw std::invalid_argument("not an http(s) URL with a host: '" + base_url + "'");
  }
  port = url->has_port() ? std::string(url->port()) : (tls ? "443" : "80");
  host_header = std::string(url->encoded_host_and_port());
  base_path = std::string(url->encoded_path());
  while (base_path.ends_with('/')) base_path.pop_back();
  if (tls) ssl.emplace(client_tls(options));
}

Message Client::Impl::make(const std::string& method, const std::string& path, const std::string& content_type,
                           const std::string& body) const {
  Message message;
  message.method_string(method);
  message.target(base_path + (path.starts_with('/') ? path : "/" + path));
  message.version(11);
  message.set(bhttp::field::host, host_header);
  message.set(bhttp::field::user_agent, options.user_agent);
  for (const auto& [name, value] : options.headers) message.set(name, value);
  if (!content_type.empty()) message.set(bhttp::field::content_type, content_type);
  message.body() = body;
  message.keep_alive(true);
  message.prepare_payload();
  return message;
}

Response Client::Impl::exchange(Message& message) {
  const std::string method(message.method_string());
  for (int attempt = 0;; ++attempt) {
    const bool reused = reusable();
    if (!reused) connect(method);
    auto [ec, sent] = write(message);
    if (!ec) return read(message);
    close();
    // A kept-alive connection that broke before taking a single byte: the server has seen nothing,
    // so sending again cannot do anything twice.
    if (!reused || sent > 0 || attempt > 0) fail(method, "send", ec);
  }
}

// True when the kept-alive connection looks usable: an idle HTTP connection that is readable has
// been closed by the server (or carries bytes nobody asked for), so it is dropped instead.
bool Client::Impl::reusable() {
  if (!plain && !secure) return false;
  pollfd descriptor{lowest().socket().native_handle(), POLLIN, 0};
  if (::poll(&descriptor, 1, 0) == 0 && buffer.size() == 0) return true;
  close();
  return false;
}

void Client::Impl::connect(const std::string& method) {
  close();
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host, port, ec);
  if (ec) fail(method, "resolve", ec);
  beast::tcp_stream stream(io);
  stream.expires_after(options.connect_timeout);
  stream.async_connect(endpoints, [&](beast::error_code error, const tcp::endpoint&) { ec = error; });
  run();
  if (ec) fail(method, "connect", ec);
  stream.socket().set_option(tcp::no_delay(true), ec);
  if (tls) {
    secure.emplace(std::move(stream), *ssl);
    handshake(method);
  } else {
    plain.emplace(std::move(stream));
  }
  ++opened;
}

void Client::Impl::handshake(const std::string& method) {
  secure->set_verify_mode(options.verify_peer ? net::ssl::verify_peer : net::ssl::verify_none);
  if (options.verify_peer) secure->set_verify_callback(net::ssl::host_name_verification(host));
  // SNI carries names only (RFC 6066), never an address.
  if (!is_address(host)) SSL_set_tlsext_host_name(secure->native_handle(), host.c_str());
  beast::error_code ec;
  beast::get_lowest_layer(*secure).expires_after(options.connect_timeout);
  secure->async_handshake(net::ssl::stream_base::client, [&](beast::error_code error) { ec = error; });
  run();
  if (ec) {
    close();
    fail(method, "TLS handshake", ec);
  }
}

std::pair<beast::error_code, std::size_t> Client::Impl::write(Message& message) {
  beast::error_code ec;
  std::size_t sent = 0;
  auto done = [&](beast::error_code error, std::size_t bytes) {
    ec = error;
    sent = bytes;
  };
  // One deadline for sending the request and reading all of its response.
  lowest().expires_after(options.read_timeout);
  if (secure) {
    bhttp::async_write(*secure, message, done);
  } else {
    bhttp::async_write(*plain, message, done);
  }
  run();
  return {ec, sent};
}

Response Client::Impl::read(const Message& message) {
  const std::string method(message.method_string());
  for (;;) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(options.max_response_bytes);
    parser.skip(message.method() == bhttp::verb::head);
    beast::error_code ec;
    auto done = [&](beast::error_code error, std::size_t) { ec = error; };
    if (secure) {
      bhttp::async_read(*secure, buffer, parser, done);
    } else {
      bhttp::async_read(*plain, buffer, parser, done);
    }
    run();
    if (ec) {
      close();
      fail(method, "read", ec);
    }
    auto response = parser.release();
    if (response.result_int() < 200) continue;  // an interim response (100 Continue): the real one follows
    lowest().expires_never();
    if (!response.keep_alive()) close();
    return to_response(response);
  }
}

void Client::Impl::close() {
  // No TLS close_notify: the server learns as much from the closed socket, and we do not wait for it.
  secure.reset();
  plain.reset();
  buffer.clear();
}

// Runs the one operation just started (and its timer) to completion on the calling thread.
void Client::Impl::run() {
  io.restart();
  io.run();
}

void Client::Impl::fail(const std::string& method, const std::string& what, const beast::error_code& ec) const {
  throw NetworkError(method + " " + host_header + ": " + what + " failed: " + ec.message());
}

Client::Client(const std::string& base_url, ClientOptions options)
    : impl_(std::make_unique<Impl>(base_url, std::move(options))) {}

Client::~Client() = default;

Response Client::post(const std::string& path, const std::string& content_type, const std::string& body) {
  return request("POST", path, content_type, body);
}

Response Client::get(const std::string& path) { return request("GET", path, "", ""); }

Response Client::request(const std::string& method, const std::string& path, const std::string& content_type,
                         const std::string& body) {
  auto message = impl_->make(method, path, content_type, body);
  return impl_->exchange(message);
}

std::uint64_t Client::connections_opened() const { return impl_->opened; }

}  // namespace buurtbot::http
