#pragma once
// The HTTP/1.1 server that Telegram, Matrix homeservers, the officers' page and Prometheus talk to.
// Beast stays behind the pimpl, so including this header costs no Beast parse.

#include "bot/http/router.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::http {

/// What one connection may cost the server.
struct Limits {
  /// Larger bodies are answered 413 and the connection closed; a path may have its own (Router::limit_body).
  std::size_t max_body_bytes = 1 << 20;
  /// For the TLS handshake, for a new connection's first request to begin, and for each request's header.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{60};    ///< a keep-alive connection waiting for its next request
  std::chrono::seconds read_timeout{30};    ///< for a request's body, and for writing the response
  /// With this many open, a new connection closes the one that has waited longest for its next
  /// request; when none waits, the new one is closed at once, without a response.
  std::size_t max_connections = 1024;
  /// One client address's connections over this many are closed at once, without a response.
  std::size_t max_connections_per_address = 64;
  /// The reverse proxy's address, which brings everyone's requests: exempt from the per-address cap.
  /// Empty: none.
  std::string trusted_proxy;
};

/// The PEM files that turn the listening port into an HTTPS port.
struct TlsFiles {
  std::string certificate_chain_file;  ///< the certificate, then its intermediates
  std::string private_key_file;
};

namespace detail {
struct ServerState;
}  // namespace detail

/// An HTTP/1.1 server with keep-alive on one address; its work runs on the io_context's threads, one
/// strand per connection, one request at a time per connection.
class Server final {
 public:
  /// Binds `listen` ("host:port", port 0 picks a free one) and loads the TLS files if given; throws
  /// std::runtime_error naming the address or file that failed. The router is copied.
  Server(boost::asio::io_context& io, const std::string& listen, Limits limits, const Router& router,
         std::optional<TlsFiles> tls = std::nullopt);

  /// Stops the server (as stop() does). Requests already being read still reach their handlers until
  /// the io_context runs out of work, so keep what the handlers use alive until then.
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Starts accepting connections.
  void start();

  /// The bound port, known from construction on (useful with port 0).
  std::uint16_t port() const;

  /// Stops accepting, closes idle keep-alive connections, and lets requests in flight finish (their
  /// responses say Connection: close); callable from any thread, it returns at once. The io_context
  /// runs out of work when the last connection closed, unless something else keeps it busy.
  void stop();

  /// Connections open now.
  std::size_t open_connections() const;

  /// Connections accepted since construction, those closed at once for the cap included.
  std::uint64_t accepted_connections() const;

  /// Connections kept alive and waiting for their next request now.
  std::size_t idle_connections() const;

  /// Connections closed at once because max_connections were open and none idle, or because their
  /// address had max_connections_per_address open.
  std::uint64_t rejected_connections() const;

 private:
  std::shared_ptr<detail::ServerState> state_;
};

}  // namespace buurtbot::http
