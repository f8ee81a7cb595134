// Raw bytes as a connection receives them, in segments into a buffer of the server's size: the
// server's parser with its limits (request line, header fields counted over all the segments,
// Content-Length and chunked bodies, pipelined requests one after the other), read the way Beast's
// read() drives it, the server's framing check and translation (bot/http/request_reader.hpp), then
// the router with the routes that take untrusted bodies: the Telegram webhook and the Matrix
// Application Service API. Aborts when a header beyond the limits got through.
#include "adapters/matrix/inbound.hpp"
#include "adapters/telegram/channel.hpp"
#include "bot/api/page/inbox_page.hpp"
#include "bot/http/request_reader.hpp"
#include "fuzz/common.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <algorithm>
#include <future>
#include <memory>

namespace {

namespace bhttp = boost::beast::http;
using namespace buurtbot;

// Bodies count as stored at once; what is stored is the other targets' business.
class AcceptingJournal final : public JournalSink {
 public:
  void journal(InboundMessage, std::function<void(Journaled)> done) override { done(Journaled::stored); }
  bool backlogged() const override { return false; }
};

// The homeserver, always joining; private rooms are those of two members.
class Rooms final : public adapters::matrix::RoomDirectory {
 public:
  Answer join(const std::string&) override { return Answer::yes; }
  Answer leave(const std::string&) override { return Answer::yes; }
  std::optional<int> joined_members(const std::string&) override { return 2; }
};

// The routes serve() adds for the channels, with the secrets below; built once, as a server does.
struct Service {
  Service()
      : telegram(telegram_settings(), "123456:token", "telegram-secret"),
        matrix("hs-token", {.user_id = "@buurtbot:example.org", .allowed_servers = {"*"}, .is_group = {}},
               std::make_unique<Rooms>()) {
    router.add("GET", "/healthz", [](http::Request, http::Respond respond) { respond({}); });
    web::add_inbox_routes(router);
    for (auto* routes : {&telegram_routes, &matrix_routes}) {
      for (auto& route : *routes) {
        if (route.prefix) router.add_prefix(route.method, route.path, route.handler);
        else router.add(route.method, route.path, route.handler);
      }
    }
  }

  static adapters::telegram::TelegramSettings telegram_settings() {
    adapters::telegram::TelegramSettings settings;
    settings.enabled = true;
    settings.api_url = "http://127.0.0.1:9";  // never called: nothing is sent
    settings.bot_username = "buurtbot_test_bot";
    return settings;
  }

  AcceptingJournal journal;
  adapters::telegram::TelegramChannel telegram;
  adapters::matrix::Inbound matrix;
  std::vector<InboundRoute> telegram_routes = telegram.routes(journal);
  std::vector<InboundRoute> matrix_routes = matrix.routes(journal);
  http::Router router;
};

Service* service = nullptr;

// Dispatches as a connection does and waits for the answer, which may come from another thread.
void answer(http::Request request) {
  auto answered = std::make_shared<std::promise<http::Response>>();
  auto response = answered->get_future();
  service->router.dispatch(std::move(request), [answered](http::Response r) { answered->set_value(std::move(r)); });
  // A handler that drops its Respond unanswered leaves a broken promise: the server would answer 500
  // and log a bug, so here it is a finding.
  const auto status = response.get().status;
  if (status < 100 || status > 599) std::abort();
}

// The client's bytes as the server's reads receive them: in segments of kSegment (TCP may cut them
// anywhere; a fixed size lets the fuzzer place the cuts), into a buffer of the server's size.
class Connection final {
 public:
  explicit Connection(boost::asio::const_buffer wire) : wire_(wire) {}

  static constexpr std::size_t kSegment = 1024;

  /// What arrived and the parser has not taken yet.
  boost::beast::flat_buffer& buffer() { return buffer_; }

  /// Reads the next segment, or as much of it as the buffer still holds; false at the end of the
  /// stream, or when the buffer is full (Beast's read then fails with buffer_overflow: answered 400).
  bool receive() {
    const auto room = buffer_.max_size() - buffer_.size();
    const auto n = std::min({kSegment, wire_.size(), room});
    if (n == 0) return false;
    buffer_.commit(boost::asio::buffer_copy(buffer_.prepare(n), boost::asio::buffer(wire_.data(), n)));
    wire_ += n;
    return true;
  }

  /// Whether the client sent anything the server has not parsed yet.
  bool more() const { return buffer_.size() > 0 || wire_.size() > 0; }

 private:
  boost::asio::const_buffer wire_;
  boost::beast::flat_buffer buffer_{http::detail::kReadBufferLimit};
};

// What Beast's read and read_header do with the parser (boost/beast/http/impl/read.hpp): put what the
// buffer holds, read more while the parser needs more, until `done`. False when the connection ends
// here: refused (400, 413, 431) or closed by the client.
template <class Done>
bool read_until(Connection& connection, http::detail::RequestParser& parser, Done done) {
  boost::beast::error_code ec;
  while (!done()) {
    if (connection.buffer().size() == 0 && !connection.receive()) break;
    for (;;) {
      const auto used = parser.put(connection.buffer().data(), ec);
      connection.buffer().consume(used);
      if (ec != bhttp::error::need_more) break;
      if (!connection.receive()) break;
    }
    if (ec == bhttp::error::need_more) break;
    if (ec) return false;
  }
  if (done()) return true;
  // The end of the stream (or a full buffer): Beast tells the parser only when it got part of a
  // request, and for a request that always fails.
  if (parser.got_some()) {
    ec = {};
    parser.put_eof(ec);
    if (!ec) std::abort();
  }
  return false;
}

// What the server's limits promise of a header it took (bot/http/request_reader.hpp).
void check_limits(const http::detail::RequestParser& parser) {
  const auto& header = parser.get();
  std::size_t fields = 0;
  std::size_t bytes = header.method_string().size() + header.target().size() + 12;
  for (const auto& field : header) {
    ++fields;
    bytes += field.name_string().size() + field.value().size() + 4;
  }
  if (fields != parser.fields() || fields > http::detail::kMaxHeaderFields || bytes > http::detail::kHeaderLimit) {
    std::abort();
  }
}

// Reads one request from the connection as a server connection does (bot/http/server.cpp, serve_one):
// the header, the framing check, then the body. False when the connection would end here.
bool serve_one(Connection& connection) {
  http::detail::RequestParser parser;
  // The body limit is lower than the server's default (1 MiB; server.max_body_bytes may be as low as
  // 1 KiB) so that a body beyond it is within -max_len.
  http::detail::limit(parser, 64 * 1024);
  if (!read_until(connection, parser, [&] { return parser.is_header_done(); })) return false;
  check_limits(parser);
  if (!http::detail::clear_framing(parser.get())) return false;  // refused with 400 and closed
  if (!read_until(connection, parser, [&] { return parser.is_done(); })) return false;
  check_limits(parser);  // trailer fields count too
  const bool keep_alive = parser.get().keep_alive();
  auto request = http::detail::to_request(parser.release(), "127.0.0.1:40000");
  if (request) answer(std::move(*request));
  return keep_alive && connection.more();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  service = new Service();  // kept for the whole run, as the server keeps its routes
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Connection connection({data, size});
  // A connection serves its requests one after the other; a few are enough to reach pipelining.
  for (int request = 0; request < 8 && serve_one(connection); ++request) {
  }
  return 0;
}
