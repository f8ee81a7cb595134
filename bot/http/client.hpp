#pragma once
// A blocking HTTP(S) client for one base URL (the Telegram Bot API, a Matrix homeserver), used from
// worker threads such as the outbox's. Beast stays behind the pimpl.

#include "bot/http/server.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace buurtbot::http {

/// The request never got a complete response: resolve, connect, TLS (certificate included), timeout,
/// or a connection that broke. Its message names the method and host, never the path (Telegram's
/// paths carry the bot token). Any HTTP status, 4xx and 5xx included, is a Response instead.
class NetworkError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How the client connects and how long it waits.
struct ClientOptions {
  std::chrono::seconds connect_timeout{10};  ///< resolving excluded; connecting and the TLS handshake
  std::chrono::seconds read_timeout{30};     ///< sending the request and reading its whole response
  bool verify_peer = true;                   ///< check the server's certificate and host name (https)
  std::string ca_file;                       ///< PEM file of trusted CAs; empty: the system's store
  std::size_t max_response_bytes = 16 << 20;
  std::string user_agent = "buurtbot";
  /// Sent with every request, for example {"Authorization", "Bearer ..."} for a homeserver.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Sends requests to one base URL over one kept-alive connection, reopened when needed. Not
/// thread-safe: give each thread its own client.
class Client final {
 public:
  /// A client for `base_url` ("https://api.telegram.org", "http://127.0.0.1:9000/prefix"); nothing
  /// connects yet. Throws std::invalid_argument for a URL that is not http(s) with a host, and
  /// std::runtime_error when `options.ca_file` cannot be loaded.
  explicit Client(const std::string& base_url, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// POSTs `body` to the base URL's path followed by `path` (which may carry a query); throws NetworkError.
  Response post(const std::string& path, const std::string& content_type, const std::string& body);

  /// GETs the base URL's path followed by `path`; throws NetworkError.
  Response get(const std::string& path);

  /// Sends any method (PUT for Matrix, for example); `content_type` is left out when empty. A request
  /// is sent again on a new connection once, and only when the reused connection had taken none of it.
  /// Response header names are lower case; throws NetworkError.
  Response request(const std::string& method, const std::string& path, const std::string& content_type,
                   const std::string& body);

  /// Connections opened so far (a reused connection counts once).
  std::uint64_t connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace buurtbot::http
