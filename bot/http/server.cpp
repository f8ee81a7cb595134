#include "bot/http/server.hpp"

#include "bot/text/text.hpp"
#include "bot/http/connections.hpp"
#include "bot/http/request_reader.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <ctime>
#include <exception>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <type_traits>

namespace buurtbot::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using detail::clear_framing;
using detail::to_request;

constexpr std::string_view kServerName = "buurtbot";
constexpr std::size_t kReadChunk = 4096;
// After refusing a request, read what the client still sends for a while before closing, so its
// kernel does not answer our close with a reset that destroys the response it has not read yet.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::chrono::seconds kTlsShutdownTimeout{2};
constexpr std::chrono::milliseconds kAcceptErrorPause{50};
// A flood of connections turned away for their address would otherwise flood the log too.
constexpr std::chrono::minutes kAddressWarningPause{1};

// Completion token for every await: errors come back in `ec` instead of as exceptions.
auto with(beast::error_code& ec) { return net::redirect_error(net::use_awaitable, ec); }

std::shared_ptr<spdlog::logger> http_logger() {
  auto logger = spdlog::get("http");
  return logger ? logger : spdlog::default_logger();
}

Response text(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// The codes of a peer that went away, timed out or was closed by us: nothing worth a log line.
bool expected(const beast::error_code& ec) {
  return ec == net::error::operation_aborted || ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
         ec == bhttp::error::partial_message || ec == net::error::eof || ec == net::ssl::error::stream_truncated;
}

// Parser errors that mean the client sent something that is not HTTP we accept.
bool bad_request(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() && !expected(ec) &&
         ec != bhttp::error::need_more && ec != bhttp::error::buffer_overflow;
}

std::string http_date(std::chrono::system_clock::time_point when) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t time = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} GMT", kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                     utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

// A handler's extra field may not break the framing the server owns, nor smuggle in a header line.
bool allowed_field(const std::string& name, const std::string& value) {
  static const std::set<std::string> kFraming{"content-length", "transfer-encoding", "connection"};
  auto unsafe = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  auto unsafe_in_name = [&](char c) { return unsafe(c) || c == ':' || c == ' '; };
  return !name.empty() && std::none_of(name.begin(), name.end(), unsafe_in_name) &&
         std::none_of(value.begin(), value.end(), unsafe) && !kFraming.contains(lower(name));
}

// A client's address as the per-address cap counts it: an IPv4 client of a dual-stack socket as IPv4.
std::string address_text(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// The configured proxy address written as address_text() writes a client's; as given when it is none.
std::string proxy_address(const std::string& configured) {
  beast::error_code ec;
  auto address = net::ip::make_address(configured, ec);
  return ec ? configured : address_text(address);
}

std::string endpoint_text(const tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

bhttp::response_header<> response_header(const Response& response, unsigned version) {
  bhttp::response_header<> header;
  header.version(version);
  header.result(static_cast<unsigned>(response.status));
  header.set(bhttp::field::server, kServerName);
  header.set(bhttp::field::date, http_date(std::chrono::system_clock::now()));
  if (!response.content_type.empty()) header.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) {
    if (allowed_field(name, value)) header.insert(name, value);
  }
  return header;
}

// 1xx, 204 and 304 responses have no body and no Content-Length.
bool bodiless(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

// ---------------------------------------------------------------------------------------------------

namespace detail {

// Everything the acceptor and the connections share; it lives as long as any of them.
struct ServerState {
  ServerState(net::io_context& io_context, Limits server_limits, Router server_router)
      : io(io_context), limits(std::move(server_limits)), router(std::move(server_router)), log(http_logger()),
        unlimited_address(proxy_address(limits.trusted_proxy)), accept_strand(net::make_strand(io_context)),
        acceptor(accept_strand) {}

  net::io_context& io;
  const Limits limits;
  const Router router;
  const std::shared_ptr<spdlog::logger> log;
  const std::string unlimited_address;  // the trusted proxy's, exempt from the per-address cap
  std::optional<net::ssl::context> tls;
  net::any_io_executor accept_strand;
  tcp::acceptor acceptor;  // used on accept_strand only
  std::uint16_t port = 0;
  bool capped = false;  // on accept_strand only: whether the last connection was turned away
  std::chrono::steady_clock::time_point address_warning_pause;  // on accept_strand only
  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> rejected{0};
  Connections connections;
};

}  // namespace detail

namespace {

using detail::ServerState;

// Holds the coroutine's completion while a handler works on the request, possibly on another thread.
template <class Completion>
class ResponseSlot final {
 public:
  ResponseSlot(Completion completion, std::shared_ptr<spdlog::logger> log)
      : log_(std::move(log)),
        completion_(std::move(completion)),
        // Counted as work, so io_context::run() does not return while a handler still owes an answer.
        work_(net::prefer(net::get_associated_executor(*completion_), net::execution::outstanding_work.tracked)) {}

  // The last copy of Respond went away unanswered: a handler bug, but the client still gets an answer.
  ~ResponseSlot() {
    if (complete(text(500, "Internal server error\n"))) log_->error("http handler dropped a request without answering");
  }

  ResponseSlot(const ResponseSlot&) = delete;
  ResponseSlot& operator=(const ResponseSlot&) = delete;

  // Resumes the connection with `response`; false when it was answered before.
  bool complete(Response response) {
    std::optional<Completion> completion;
    {
      std::lock_guard lock(mutex_);
      if (!completion_) return false;
      completion.emplace(std::move(*completion_));
      completion_.reset();
    }
    resume(std::move(*completion), std::move(response));
    completion.reset();
    // Last: once the work is released the io_context may run out of work and be destroyed, and a copy
    // of the connection's strand dropped on this thread after that would reach into the freed strand
    // service. resume() has dropped every copy by now.
    work_ = {};
    return true;
  }

 private:
  // The caller may be a journal or worker thread: resume the connection on its own strand instead.
  static void resume(Completion completion, Response response) {
    auto executor = net::get_associated_executor(completion);
    net::post(executor, [completion = std::move(completion), response = std::move(response)]() mutable {
      std::move(completion)(std::move(response));
    });
  }

  const std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::optional<Completion> completion_;
  net::any_io_executor work_;
};

// What a connection does after one request.
enum class Next { kNextRequest, kCloseGracefully, kDrop };

// One HTTP connection, plain or TLS, served by one coroutine on its own strand.
template <class Stream>
class Connection final : public detail::ServerSession, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(std::shared_ptr<ServerState> state, Stream stream, std::string remote)
      : state_(std::move(state)), stream_(std::move(stream)), remote_(std::move(remote)) {}

  ~Connection() override {
    if (registered_) state_->connections.leave(id_);
  }

  // Registers with the server as a client at `address` and starts serving on the stream's strand.
  static void spawn(const std::shared_ptr<ServerState>& state, Stream stream, std::string remote,
                    const std::string& address) {
    auto executor = stream.get_executor();
    auto connection = std::make_shared<Connection>(state, std::move(stream), std::move(remote));
    connection->id_ = state->connections.enter(connection, address);
    connection->registered_ = true;
    net::co_spawn(executor, serve(std::move(connection)), [log = state->log](std::exception_ptr failure) {
      if (!failure) return;
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        log->error("http connection failed: {}", e.what());
      }
    });
  }

  void close_if_idle() override {
    // stop() runs on any thread; the stream may only be touched on the connection's strand. A body that
    // goes on (Server-Sent Events) waits for its next piece: woken, it sees the server stopping and ends.
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) beast::get_lowest_layer(self->stream_).cancel();
      if (self->streaming_) self->wake_.cancel();
    });
  }

  void evict() override {
    // The flag is read on the strand before each wait for a request and before each answer, so a
    // request that arrived meanwhile is still answered, with Connection: close.
    evicted_ = true;
    close_if_idle();
  }

 private:
  // The coroutine owns `self`, so the connection lives exactly as long as it is served.
  static net::awaitable<void> serve(std::shared_ptr<Connection> self) {
    if (!co_await self->handshake()) co_return;
    for (bool kept_alive = false;; kept_alive = true) {
      if (!co_await self->await_request(kept_alive)) co_return;
      const Next next = co_await self->serve_one();
      if (next == Next::kDrop) co_return;
      if (next == Next::kCloseGracefully) {
        co_await self->close_gracefully();
        co_return;
      }
    }
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  net::awaitable<bool> handshake() {
    if constexpr (kTls) {
      beast::error_code ec;
      tcp().expires_after(state_->limits.header_timeout);
      co_await stream_.async_handshake(net::ssl::stream_base::server, with(ec));
      if (ec) {
        log_unexpected("TLS handshake", ec);
        co_return false;
      }
    }
    co_return true;
  }

  // Waits for the first bytes of a request; false to close. The first request has the header timeout
  // to begin, later ones the idle timeout. Meanwhile the connection counts as idle, so stop() closes
  // it, and once kept alive a full server may close it to let a new client in.
  net::awaitable<bool> await_request(bool kept_alive) {
    if (state_->stopping || evicted_) co_return false;
    if (buffer_.size() > 0) co_return true;  // a pipelined request is already here
    beast::error_code ec;
    idle_ = true;
    if (kept_alive) state_->connections.idle(id_);
    tcp().expires_after(kept_alive ? state_->limits.idle_timeout : state_->limits.header_timeout);
    std::size_t received = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), with(ec));
    if (kept_alive) state_->connections.busy(id_);
    idle_ = false;
    buffer_.commit(received);
    if (ec) log_unexpected("idle read", ec);
    co_return !ec;
  }

  net::awaitable<Next> serve_one() {
    detail::RequestParser parser;
    detail::limit(parser, state_->limits.max_body_bytes, &state_->router);
    beast::error_code ec;
    tcp().expires_after(state_->limits.header_timeout);
    co_await bhttp::async_read_header(stream_, buffer_, parser, with(ec));
    if (!ec && !clear_framing(parser.get())) ec = bhttp::error::bad_transfer_encoding;
    if (ec) co_return co_await refuse(ec, parser.max_body_bytes());
    if (auto refusal = refusal_before_body(parser)) {
      // Answered without reading the body, and closed: what the client sends after the header is never read.
      state_->log->debug("{} refused before the body with {}", remote_, refusal->status);
      if (co_await write_response(std::move(*refusal), 11, false, false)) co_await linger_close();
      co_return Next::kDrop;
    }
    if (!co_await continue_if_expected(parser)) co_return Next::kDrop;
    tcp().expires_after(state_->limits.read_timeout);
    co_await bhttp::async_read(stream_, buffer_, parser, with(ec));
    if (ec) co_return co_await refuse(ec, parser.max_body_bytes());
    tcp().expires_never();  // the handler may take its time; the client waits
    detail::RequestMessage message = parser.release();
    co_return co_await answer(std::move(message));
  }

  // The route's own check of the header, before any byte of the body is read or asked for.
  std::optional<Response> refusal_before_body(const detail::RequestParser& parser) const {
    const auto target = parser.get().target();
    if (!state_->router.checks_before_body({target.data(), target.size()})) return std::nullopt;  // most requests
    detail::RequestMessage head;
    head.base() = parser.get().base();
    auto request = to_request(std::move(head), remote_);
    return request ? state_->router.refusal_before_body(*request) : std::nullopt;
  }

  // Clients that sent "Expect: 100-continue" wait for this before sending the body.
  net::awaitable<bool> continue_if_expected(detail::RequestParser& parser) {
    const auto& header = parser.get();
    if (parser.is_done() || !beast::iequals(header[bhttp::field::expect], "100-continue")) co_return true;
    bhttp::response<bhttp::string_body> go_on{bhttp::status::continue_, header.version()};
    co_return co_await send(go_on);
  }

  net::awaitable<Next> answer(detail::RequestMessage message) {
    const bool head = message.method() == bhttp::verb::head;
    const bool get = message.method() == bhttp::verb::get;
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    auto request = to_request(std::move(message), remote_);
    std::shared_ptr<StreamSlot> slot;
    if (request && get) request->stream = slot = std::make_shared<StreamSlot>();
    // Plain statements around co_await: GCC 12 mishandles temporaries of a co_await inside ?:.
    Response response = text(400, "Bad request target\n");
    if (request) response = co_await call_handler(std::move(*request));
    std::shared_ptr<BodyStream> body = slot ? slot->take() : nullptr;
    if (body && response.status == 200) co_return co_await write_stream(std::move(response), version, *body);
    // Read the flags after the handler: stop() or an eviction may have come while it worked.
    const bool keep = keep_alive && !state_->stopping && !evicted_;
    if (!co_await write_response(std::move(response), version, head, keep)) co_return Next::kDrop;
    co_return keep ? Next::kNextRequest : Next::kCloseGracefully;
  }

  // A body that goes on (Server-Sent Events): the header and the body's start, then each piece as the
  // stream delivers it, a keep-alive piece whenever none came for a while, until the stream ends, a
  // write fails (the client left) or the server stops. The body ends with the connection.
  net::awaitable<Next> write_stream(Response response, unsigned version, BodyStream& body) {
    bhttp::response<bhttp::string_body> message(response_header(response, version));
    message.keep_alive(false);
    message.body() = std::move(response.body);
    if (!co_await send(message)) co_return Next::kDrop;
    streaming_ = true;
    for (;;) {
      auto piece = co_await next_piece(body);
      if (!piece) break;
      if (!co_await send_raw(*piece)) co_return Next::kDrop;
    }
    co_return Next::kCloseGracefully;
  }

  // The stream's next piece, or a keep-alive piece after its interval; empty when the body ends or the
  // server stops. The delivery comes from any thread: it stores the piece and wakes the strand.
  net::awaitable<std::optional<std::string>> next_piece(BodyStream& body) {
    struct Box {
      std::mutex mutex;
      std::optional<std::optional<std::string>> piece;  // outer: delivered; inner: empty ends the body
    };
    auto box = std::make_shared<Box>();
    std::weak_ptr<Connection> weak = this->shared_from_this();
    body.next([box, weak, executor = stream_.get_executor()](std::optional<std::string> piece) {
      {
        std::lock_guard lock(box->mutex);
        if (box->piece) return;
        box->piece = std::move(piece);
      }
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->wake_.cancel();
      });
    });
    for (;;) {
      {
        std::lock_guard lock(box->mutex);
        if (box->piece) co_return std::move(*box->piece);
      }
      if (state_->stopping) co_return std::nullopt;
      // On the strand from the look above to here, so a delivery's wake-up cannot come in between.
      beast::error_code ec;
      wake_.expires_after(body.keepalive_interval());
      co_await wake_.async_wait(with(ec));
      if (ec) continue;  // woken: a piece came, or stop()
      if (!co_await send_raw(body.keepalive_piece())) co_return std::nullopt;
    }
  }

  net::awaitable<bool> send_raw(const std::string& bytes) {
    beast::error_code ec;
    tcp().expires_after(state_->limits.read_timeout);
    co_await net::async_write(stream_, net::buffer(bytes), with(ec));
    tcp().expires_never();
    if (ec) log_unexpected("stream write", ec);
    co_return !ec;
  }

  // Suspends until the handler calls Respond, from whatever thread it chooses.
  net::awaitable<Response> call_handler(Request request) {
    auto start = [this](auto completion, Request request) { start_handler(std::move(completion), std::move(request)); };
    co_return co_await net::async_initiate<decltype(net::use_awaitable), void(Response)>(start, net::use_awaitable,
                                                                                        std::move(request));
  }

  template <class Completion>
  void start_handler(Completion completion, Request request) {
    auto slot = std::make_shared<ResponseSlot<Completion>>(std::move(completion), state_->log);
    Respond respond = [slot](Response response) { slot->complete(std::move(response)); };
    try {
      state_->router.dispatch(std::move(request), respond);
    } catch (const std::exception& e) {
      state_->log->error("http handler failed: {}", e.what());
      respond(text(500, "Internal server error\n"));
    }
  }

  // Answers a request that could not be read whole, if it deserves an answer; the connection ends.
  net::awaitable<Next> refuse(beast::error_code ec, std::size_t max_body_bytes) {
    std::optional<Response> answer;
    if (ec == bhttp::error::body_limit) {
      answer = text(413, "Request body too large: at most " + std::to_string(max_body_bytes) + " bytes\n");
    } else if (ec == bhttp::error::header_limit) {
      answer = text(431, "Request header fields too large\n");
    } else if (ec == bhttp::error::buffer_overflow) {
      // A chunk's line or the trailer did not end within kReadBufferLimit.
      answer = text(400, "Line too long\n");
    } else if (bad_request(ec)) {
      answer = text(400, "Bad request\n");
    }
    if (!answer) {
      log_unexpected("read", ec);
      co_return Next::kDrop;
    }
    state_->log->debug("{} refused with {}: {}", remote_, answer->status, ec.message());
    if (co_await write_response(std::move(*answer), 11, false, false)) co_await linger_close();
    co_return Next::kDrop;
  }

  net::awaitable<bool> write_response(Response response, unsigned version, bool head, bool keep) {
    if (response.status < 100 || response.status > 599) {
      state_->log->error("http handler answered with status {}", response.status);
      response = text(500, "Internal server error\n");
    }
    // One message type for every response (Beast's writers are costly to compile): HEAD keeps the
    // Content-Length of the body it does not send.
    bhttp::response<bhttp::string_body> message(response_header(response, version));
    if (!bodiless(response.status)) message.content_length(response.body.size());
    if (!head && !bodiless(response.status)) message.body() = std::move(response.body);
    message.keep_alive(keep);
    co_return co_await send(message);
  }

  net::awaitable<bool> send(bhttp::response<bhttp::string_body>& message) {
    beast::error_code ec;
    tcp().expires_after(state_->limits.read_timeout);
    co_await bhttp::async_write(stream_, message, with(ec));
    tcp().expires_never();
    if (ec) log_unexpected("write", ec);
    co_return !ec;
  }

  net::awaitable<void> close_gracefully() {
    beast::error_code ec;
    if constexpr (kTls) {
      // Errors are normal here: many clients close without answering our close_notify.
      tcp().expires_after(kTlsShutdownTimeout);
      co_await stream_.async_shutdown(with(ec));
    }
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  net::awaitable<void> linger_close() {
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    tcp().expires_after(kLingerTimeout);
    std::array<char, kReadChunk> scrap;
    for (std::size_t drained = 0; !ec && drained < kLingerBytes;) {
      drained += co_await tcp().async_read_some(net::buffer(scrap), with(ec));
    }
  }

  void log_unexpected(std::string_view what, const beast::error_code& ec) {
    if (!expected(ec)) state_->log->debug("{} {}: {}", remote_, what, ec.message());
  }

  std::shared_ptr<ServerState> state_;
  Stream stream_;
  beast::flat_buffer buffer_{detail::kReadBufferLimit};  // what was received and not parsed yet
  const std::string remote_;
  std::uint64_t id_ = 0;
  bool registered_ = false;
  bool idle_ = false;  // on the strand only: waiting between requests, so stop() may close it
  bool streaming_ = false;  // on the strand only: writing a body that goes on (BodyStream)
  net::steady_timer wake_{stream_.get_executor()};  // on the strand only: a stream's wait for its next piece
  std::atomic<bool> evicted_{false};  // closing to make room: no further request on this connection
};

// Whether `address` may open one more connection; the trusted proxy brings everyone's, so it may.
bool address_has_room(ServerState& state, const std::string& address) {
  if (address == state.unlimited_address) return true;
  if (state.connections.from(address) < state.limits.max_connections_per_address) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now >= state.address_warning_pause) {
    state.address_warning_pause = now + kAddressWarningPause;
    state.log->warn("{} has {} connections open; closing its new ones until some end", address,
                    state.limits.max_connections_per_address);
  }
  return false;
}

// Whether the server may take one more connection; when full, it makes room by closing the
// connection that has waited longest for its next request, so idle clients cannot keep others out.
bool server_has_room(ServerState& state) {
  if (state.connections.size() < state.limits.max_connections) {
    state.capped = false;
    return true;
  }
  if (auto idle = state.connections.take_longest_idle()) {
    idle->evict();
    return true;
  }
  if (!std::exchange(state.capped, true)) {
    state.log->warn("{} connections open and busy; closing new ones until some end", state.limits.max_connections);
  }
  return false;
}

// Hands an accepted socket to a new connection, or closes it when its address or the server is full.
void admit(const std::shared_ptr<ServerState>& state, tcp::socket socket) {
  ++state->accepted;
  beast::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  if (ec) return;  // gone already
  const auto address = address_text(peer.address());
  if (!address_has_room(*state, address) || !server_has_room(*state)) {
    ++state->rejected;
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  if (state->tls) {
    Connection<TlsStream>::spawn(state, TlsStream(PlainStream(std::move(socket)), *state->tls), endpoint_text(peer),
                                 address);
  } else {
    Connection<PlainStream>::spawn(state, PlainStream(std::move(socket)), endpoint_text(peer), address);
  }
}

net::awaitable<void> accept_loop(std::shared_ptr<ServerState> state) {
  net::steady_timer pause(state->accept_strand);
  while (!state->stopping) {
    beast::error_code ec;
    // Each connection gets its own strand: its handlers never run concurrently, different ones do.
    net::any_io_executor strand = net::make_strand(state->io);
    tcp::socket socket = co_await state->acceptor.async_accept(strand, with(ec));
    if (state->stopping) co_return;
    if (!ec) {
      admit(state, std::move(socket));
      continue;
    }
    // Out of descriptors and the like: pause, or the loop would spin on the same error.
    if (!expected(ec)) state->log->debug("accept: {}", ec.message());
    pause.expires_after(kAcceptErrorPause);
    co_await pause.async_wait(with(ec));
  }
}

tcp::endpoint resolve_listen(net::io_context& io, const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("listen address '" + listen + "' has no port");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto results = resolver.resolve(host, listen.substr(colon + 1), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve listen address '" + listen + "': " + ec.message());
  }
  return results.begin()->endpoint();
}

void listen_on(tcp::acceptor& acceptor, const tcp::endpoint& endpoint, const std::string& listen) {
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + listen + "': " + ec.message());
}

net::ssl::context server_tls(const TlsFiles& files) {
  net::ssl::context context(net::ssl::context::tls_server);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  context.use_certificate_chain_file(files.certificate_chain_file, ec);
  if (ec) {
    throw std::runtime_error("cannot load TLS certificate '" + files.certificate_chain_file + "': " + ec.message());
  }
  context.use_private_key_file(files.private_key_file, net::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load TLS key '" + files.private_key_file + "': " + ec.message());
  return context;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

Server::Server(net::io_context& io, const std::string& listen, Limits limits, const Router& router,
               std::optional<TlsFiles> tls)
    : state_(std::make_shared<detail::ServerState>(io, limits, router)) {
  if (tls) state_->tls.emplace(server_tls(*tls));
  auto endpoint = resolve_listen(io, listen);
  listen_on(state_->acceptor, endpoint, listen);
  state_->port = state_->acceptor.local_endpoint().port();
  state_->log->info("http listening on {}{}", endpoint_text(state_->acceptor.local_endpoint()), tls ? " (TLS)" : "");
}

Server::~Server() { stop(); }

void Server::start() {
  if (state_->stopping || state_->started.exchange(true)) return;
  net::co_spawn(state_->accept_strand, accept_loop(state_), [log = state_->log](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      log->error("http accept loop failed: {}", e.what());
    }
  });
}

std::uint16_t Server::port() const { return state_->port; }

void Server::stop() {
  auto state = state_;
  if (state->stopping.exchange(true)) return;
  // The acceptor belongs to its strand; closing it there ends the pending accept.
  net::dispatch(state->accept_strand, [state] {
    beast::error_code ec;
    state->acceptor.close(ec);
  });
  for (const auto& session : state->connections.live()) session->close_if_idle();
}

std::size_t Server::open_connections() const { return state_->connections.size(); }

std::size_t Server::idle_connections() const { return state_->connections.idle_count(); }

std::uint64_t Server::accepted_connections() const { return state_->accepted; }

std::uint64_t Server::rejected_connections() const { return state_->rejected; }

}  // namespace buurtbot::http
