// Raw bytes as a connection receives them: Beast's parser with the server's limits (request line,
// header fields, Content-Length and chunked bodies, pipelined requests one after the other), the
// server's framing check and translation (bot/http/request_reader.hpp), then the router with the
// routes that take untrusted bodies: the Telegram webhook and the Matrix Application Service API.
#include "adapters/matrix/inbound.hpp"
#include "adapters/telegram/channel.hpp"
#include "bot/api/page/inbox_page.hpp"
#include "bot/http/request_reader.hpp"
#include "fuzz/common.hpp"

#include <boost/asio/buffer.hpp>

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

// Reads one request from `input` as the server would; false when the connection would end here.
bool serve_one(boost::asio::const_buffer& input) {
  http::detail::RequestParser parser;
  http::detail::limit(parser, 64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    const auto used = parser.put(input, ec);
    input += used;
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (used > 0) continue;
      if (input.size() > 0) return false;  // the parser wants more than it was given and takes none of it
      // The connection ends: before a byte of a request, Beast's read ends with end_of_stream and never
      // tells the parser (whose put_eof asserts that it got something).
      if (!parser.got_some()) return false;
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return false;
    } else if (ec) {
      return false;  // refused with 400, 413 or 431 and closed
    }
    if (parser.is_header_done() && !http::detail::clear_framing(parser.get())) return false;
  }
  const bool keep_alive = parser.get().keep_alive();
  auto request = http::detail::to_request(parser.release(), "127.0.0.1:40000");
  if (request) answer(std::move(*request));
  return keep_alive && input.size() > 0;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_logs();
  service = new Service();  // kept for the whole run, as the server keeps its routes
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::const_buffer input(data, size);
  // A connection serves its requests one after the other; a few are enough to reach pipelining.
  for (int request = 0; request < 8 && serve_one(input); ++request) {
  }
  return 0;
}
