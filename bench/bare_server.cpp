// The limits of this machine, for bench/run.sh: a minimal Boost.Beast server on the same threads model as
// buurtbot's (one io_context run by N threads, one coroutine per connection, keep-alive). It checks the
// webhook's secret header and parses the JSON body, then
//   - without DATABASE (the parse-only limit): answers 200 at once; nothing is stored or sent;
//   - with DATABASE (the durable limit): stores the body in SQLite with buurtbot's durability (WAL,
//     synchronous=FULL, a unique key on update_id) and answers 200 only after the commit. One writer
//     thread commits whatever arrived while it was committing the group before: a group commit that
//     waits for no timer, so at c connections at most c bodies share one fsync.
//
//   bench_bare_server 127.0.0.1 PORT THREADS SECRET [DATABASE]

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>
#include <stdexcept>

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

std::string secret;

/// Stores bodies in groups on a thread of its own; each waiter is told after its group's commit.
class Committer {
 public:
  explicit Committer(const char* path) {
    if (sqlite3_open(path, &db_) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, update_id INTEGER NOT NULL UNIQUE, body TEXT NOT NULL)");
    sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO updates (update_id, body) VALUES (?1, ?2)", -1, &insert_, nullptr);
    writer_ = std::thread([this] { run(); });
  }
  ~Committer() {
    { std::lock_guard lock(mutex_); stopping_ = true; }
    wake_.notify_one();
    writer_.join();
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }

  /// Completes with true once the body is durable, false when its commit failed.
  template <class Token>
  auto async_store(std::int64_t update_id, std::string body, Token&& token) {
    return net::async_initiate<Token, void(bool)>(
        [this, update_id, body = std::move(body)](auto handler) mutable {
          auto executor = net::get_associated_executor(handler);
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          std::lock_guard lock(mutex_);
          queue_.push_back({update_id, std::move(body), [executor, shared](bool ok) {
                              net::post(executor, [shared, ok]() mutable { (*shared)(ok); });
                            }});
          wake_.notify_one();
        },
        token);
  }

 private:
  struct Pending {
    std::int64_t update_id;
    std::string body;
    std::function<void(bool)> done;
  };

  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
  }

  void run() {
    for (;;) {
      std::vector<Pending> group;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        group.swap(queue_);
      }
      bool ok = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
      for (const auto& p : group) {
        sqlite3_bind_int64(insert_, 1, p.update_id);
        sqlite3_bind_text(insert_, 2, p.body.data(), static_cast<int>(p.body.size()), SQLITE_STATIC);
        ok = ok && sqlite3_step(insert_) == SQLITE_DONE;
        sqlite3_reset(insert_);
      }
      ok = ok && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
      if (!ok) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      for (auto& p : group) p.done(ok);
    }
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

std::unique_ptr<Committer> committer;  ///< set with DATABASE

http::response<http::string_body> reply(http::status status, unsigned version, bool keep_alive) {
  http::response<http::string_body> response{status, version};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = status == http::status::ok ? "ok\n" : "refused\n";
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

// The update's id when the secret is right and the body is an update; else the refusal's status.
std::variant<std::int64_t, http::status> checked(const http::request<http::string_body>& request) {
  auto given = request.find("X-Telegram-Bot-Api-Secret-Token");
  if (given == request.end() || given->value() != secret) return http::status::unauthorized;
  auto update = nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (!update.is_object() || !update.contains("update_id") || !update["update_id"].is_number_integer())
    return http::status::bad_request;
  return update["update_id"].get<std::int64_t>();
}

net::awaitable<http::response<http::string_body>> answer(http::request<http::string_body>& request) {
  const auto version = request.version();
  const bool keep_alive = request.keep_alive();
  if (request.method() != http::verb::post) co_return reply(http::status::ok, version, keep_alive);
  const auto update = checked(request);
  if (const auto* refused = std::get_if<http::status>(&update)) co_return reply(*refused, version, keep_alive);
  if (!committer) co_return reply(http::status::ok, version, keep_alive);
  const bool stored = co_await committer->async_store(std::get<std::int64_t>(update), std::move(request.body()),
                                                      net::use_awaitable);
  co_return reply(stored ? http::status::ok : http::status::service_unavailable, version, keep_alive);
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
    auto response = co_await answer(parser.get());
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
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: %s HOST PORT THREADS SECRET [DATABASE]\n", argv[0]);
    return 2;
  }
  const int threads = std::max(1, std::atoi(argv[3]));
  secret = argv[4];
  if (argc == 6) committer = std::make_unique<Committer>(argv[5]);
  net::io_context io(threads);
  tcp::acceptor acceptor(io, {net::ip::make_address(argv[1]), static_cast<unsigned short>(std::atoi(argv[2]))});
  net::co_spawn(io, listen(acceptor), net::detached);
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  committer.reset();
}
