#pragma once
// The HTTP/1.1 server that Telegram, Matrix homeservers, the officers' page and Prometheus talk to.
// Beast stays behind the pimpl, so including this header costs no Beast parse.

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

/// One request as a handler sees it, read whole (body included) before the handler is called.
struct Request {
  std::string method;                          ///< as sent, for example "POST"; "HEAD" reaches GET routes
  std::string target;                          ///< the request line's target, unchanged
  std::string path;                            ///< the target's path, percent-decoded
  std::string query;                           ///< the target's query without '?', still percent-encoded
  std::map<std::string, std::string> headers;  ///< lower-case names; repeated fields joined with ", "
  std::string body;
  std::string remote;  ///< the peer as "address:port"
};

/// One response; the server adds Content-Length, Connection, Date and Server itself.
struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";  ///< no Content-Type header when empty
  std::string body;
  /// More header fields, sent in this order; framing fields (Content-Length, Transfer-Encoding,
  /// Connection) and fields with CR or LF are dropped.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Answers one request; call it exactly once, from any thread (a second call is ignored). Dropping
/// every copy without calling it answers 500, so a lost request never hangs its connection.
using Respond = std::function<void(Response)>;

/// Handles one request and answers through `Respond`, now or later from another thread (a webhook
/// answers after its journal commit). Called on a network thread: it must not block.
using Handler = std::function<void(Request, Respond)>;

/// Maps method and path to a handler: exact paths first, then the longest matching prefix.
class Router final {
 public:
  /// Routes `method` requests for exactly `path` to `handler`.
  void add(std::string method, std::string path, Handler handler);

  /// Routes `method` requests whose path starts with `prefix` (for example "/api/v1/threads/") to `handler`.
  void add_prefix(std::string method, std::string prefix, Handler handler);

  /// Calls the matching handler; HEAD falls back to GET. Answers 404 when no route has the path and
  /// 405 with Allow when routes have it for other methods.
  void dispatch(Request request, Respond respond) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    bool prefix = false;
    Handler handler;
  };

  const Route* find(const std::string& method, const std::string& path) const;
  std::string allowed(const std::string& path) const;

  std::vector<Route> routes_;
};

/// What one connection may cost the server.
struct Limits {
  std::size_t max_body_bytes = 1 << 20;    ///< larger bodies are answered 413 and the connection closed
  /// For the TLS handshake, for a new connection's first request to begin, and for each request's header.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{60};    ///< a keep-alive connection waiting for its next request
  std::chrono::seconds read_timeout{30};    ///< for a request's body, and for writing the response
  /// Connections over this many are accepted and closed at once, without a response.
  std::size_t max_connections = 1024;
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

  /// Connections closed at once because max_connections were open.
  std::uint64_t rejected_connections() const;

 private:
  std::shared_ptr<detail::ServerState> state_;
};

}  // namespace buurtbot::http
