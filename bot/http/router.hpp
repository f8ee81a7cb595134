#pragma once
// Requests, responses and the router that maps them to handlers: what a route needs, without the server.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace buurtbot::http {

/// A body written piece by piece as it becomes known (Server-Sent Events): the server writes the header
/// and Response::body, then asks for each next piece and writes it as soon as it comes. The server
/// keeps the stream until the body ends, the client is gone or the server stops.
class BodyStream {
 public:
  /// Hands the server the next piece, or std::nullopt to end the body; from any thread.
  using Deliver = std::function<void(std::optional<std::string>)>;
  virtual ~BodyStream() = default;
  /// Asks for the next piece: call `deliver` once, now or later; the server asks again only after it
  /// came. A call after the server gave up the stream is ignored.
  virtual void next(Deliver deliver) = 0;
  /// How long the server waits for a piece before it writes keepalive_piece(), so that proxies keep
  /// the connection and a client that left is noticed.
  virtual std::chrono::milliseconds keepalive_interval() const { return std::chrono::seconds(15); }
  /// What keeps the connection alive; a Server-Sent Events comment by default.
  virtual std::string keepalive_piece() const { return ":\n\n"; }
};

/// Where a handler puts the BodyStream of its answer, before it calls Respond with the header and the
/// body's start (a 200 answer to a GET only); the response then has no Content-Length and its connection
/// closes when the stream ends. Thread-safe.
class StreamSlot {
 public:
  void put(std::shared_ptr<BodyStream> stream);
  /// The stream put here, once; empty when none was.
  std::shared_ptr<BodyStream> take();

 private:
  std::mutex mutex_;
  std::shared_ptr<BodyStream> stream_;
};

/// One request as a handler sees it, read whole (body included) before the handler is called.
struct Request {
  std::string method;                          ///< as sent, for example "POST"; "HEAD" reaches GET routes
  std::string target;                          ///< the request line's target, unchanged
  std::string path;                            ///< the target's path, percent-decoded
  std::string query;                           ///< the target's query without '?', still percent-encoded
  std::map<std::string, std::string> headers;  ///< lower-case names; repeated fields joined with ", "
  std::string body;
  std::string remote;  ///< the peer as "address:port"
  /// Set by the server on a GET: a handler may answer it with a stream (Server-Sent Events).
  std::shared_ptr<StreamSlot> stream;
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

/// Looks at a request before its body is read (`body` is empty): an answer refuses it, nothing lets it
/// on. Called on a network thread: it must not block.
using Precheck = std::function<std::optional<Response>(const Request& head)>;

/// Maps method and path to a handler: exact paths first, then the longest matching prefix.
class Router final {
 public:
  /// Routes `method` requests for exactly `path` to `handler`.
  void add(std::string method, std::string path, Handler handler);

  /// Routes `method` requests whose path starts with `prefix` (for example "/api/v1/threads/") to `handler`.
  void add_prefix(std::string method, std::string prefix, Handler handler);

  /// Lets requests for exactly `path` carry bodies of up to `max_body_bytes`, instead of the server's
  /// limit that holds for every other path (mail with photos on a mail webhook).
  void limit_body(std::string path, std::size_t max_body_bytes);

  /// Looks at requests for exactly `path` once their header is read, before the body: an answer refuses
  /// the request there, without reading the body or asking for it (a webhook's wrong secret), and the
  /// connection closes; nothing lets it through to its handler as usual.
  void check_before_body(std::string path, Precheck check);

  /// The refusal of the check for `head`'s path, given the request without its body; nothing when the
  /// path has no check or the check lets it through.
  std::optional<Response> refusal_before_body(const Request& head) const;
  /// Whether requests for `target` (the path before any '?', as sent) are checked before their body.
  bool checks_before_body(std::string_view target) const;

  /// The body limit of a request for `target` (the path before any '?', as sent), when that path has
  /// its own; a path written with percent-escapes keeps the server's.
  std::optional<std::size_t> body_limit(std::string_view target) const;

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
  std::map<std::string, std::size_t, std::less<>> body_limits_;
  std::map<std::string, Precheck, std::less<>> prechecks_;
};

}  // namespace buurtbot::http
