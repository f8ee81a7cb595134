// The HTTP limit of this machine, for bench/run.sh: a minimal Boost.Beast server on the same threads
// model as buurtbot's (one io_context run by N threads, one coroutine per connection, keep-alive). It
// checks the webhook's secret header, parses the JSON body and answers 200; nothing is stored or sent.
//
//   bench_bare_server 127.0.0.1 PORT THREADS SECRET

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

std::string secret;

http::response<http::string_body> answer(const http::request<http::string_body>& request) {
  http::status status = http::status::ok;
  if (request.method() == http::verb::post) {
    auto given = request.find("X-Telegram-Bot-Api-Secret-Token");
    if (given == request.end() || given->value() != secret) {
      status = http::status::unauthorized;
    } else {
      auto update = nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
      if (!update.is_object() || !update.contains("update_id")) status = http::status::bad_request;
    }
  }
  http::response<http::string_body> response{status, request.version()};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = status == http::status::ok ? "ok\n" : "refused\n";
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

net::awaitable<void> session(tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  auto token = net::redirect_error(net::use_awaitable, ec);
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    co_await http::async_read(socket, buffer, parser, token);
    if (ec) co_return;
    auto response = answer(parser.get());
    co_await http::async_write(socket, response, token);
    if (ec || !response.keep_alive()) co_return;
  }
}

net::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s HOST PORT THREADS SECRET\n", argv[0]);
    return 2;
  }
  const int threads = std::max(1, std::atoi(argv[3]));
  secret = argv[4];
  net::io_context io(threads);
  tcp::acceptor acceptor(io, {net::ip::make_address(argv[1]), static_cast<unsigned short>(std::atoi(argv[2]))});
  net::co_spawn(io, listen(acceptor), net::detached);
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
}
