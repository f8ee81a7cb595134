#pragma once
// Requests, responses and the router that maps them to handlers: what a route needs, without the server.

#include <functional>
#include <map>
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

}  // namespace buurtbot::http
