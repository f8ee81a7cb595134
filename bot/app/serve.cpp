#include "bot/app/serve.hpp"

#include "adapters/telegram/channel.hpp"
#include "adapters/telegram/poller.hpp"
#include "adapters/telegram/webhook.hpp"
#include "bot/api/api.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/server.hpp"
#include "bot/pipeline/outbox/sqlite_store.hpp"
#include "bot/pipeline/outbox/worker.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/api/page/inbox_page.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <malloc.h>
#include <future>
#include <thread>

namespace buurtbot {
namespace {

std::string secret_from(const std::string& variable, const std::string& what) {
  const char* value = std::getenv(variable.c_str());
  if (!value || !*value) throw StartupError(what + " needs the environment variable " + variable);
  return value;
}

// Counts every answer by route and status, whichever thread answers.
http::Handler counted(http::Metrics& metrics, std::string route, http::Handler handler) {
  return [&metrics, route = std::move(route), handler = std::move(handler)](http::Request request, http::Respond respond) {
    handler(std::move(request), [&metrics, route, respond = std::move(respond)](http::Response response) {
      metrics.increment("buurtbot_http_requests_total", {{"route", route}, {"status", std::to_string(response.status)}});
      respond(std::move(response));
    });
  };
}

http::Response text(int status, std::string body) { return {status, "text/plain; charset=utf-8", std::move(body), {}}; }

/// The parts that exist only while serving, in the order they are built and the reverse they stop.
class Service final {
 public:
  explicit Service(App& app)
      : app_(app),
        outbox_db_(storage::Database::open(app.config.storage.path)),
        store_(outbox_db_, [this](auto job) { pipeline_.run(std::move(job)); }),
        worker_(store_),
        pipeline_(app.db, app.config, app.flows, [this] { worker_.wake(); },
                  [this](double seconds) { metrics_.observe("buurtbot_dispatch_seconds", seconds); }) {
    describe_metrics();
    if (app.config.telegram.enabled) start_telegram();
  }

  int run() {
    http::Limits limits;
    limits.max_body_bytes = static_cast<std::size_t>(app_.config.server.max_body_bytes);
    limits.max_connections = static_cast<std::size_t>(app_.config.server.max_connections);
    limits.header_timeout = std::chrono::seconds(app_.config.server.header_timeout_s);
    std::optional<http::TlsFiles> tls;
    if (!app_.config.server.tls_cert.empty()) tls = http::TlsFiles{app_.config.server.tls_cert, app_.config.server.tls_key};

    boost::asio::io_context io;
    http::Server server(io, app_.config.server.listen, limits, routes(), tls);
    pipeline_.start();
    worker_.start();
    if (poller_) poller_->start();
    server.start();
    spdlog::info("buurtbot serves http{}://{} (port {}) with {} flows", tls ? "s" : "", app_.config.server.listen,
                 server.port(), app_.flows.flows.size());

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& error, int) {
      if (error) return;
      spdlog::info("stopping: finishing requests in flight");
      server.stop();
    });
    run_threads(io);
    shut_down();
    return 0;
  }

 private:
  void start_telegram() {
    const auto& t = app_.config.telegram;
    const auto token = secret_from(t.token_env, "telegram.enabled");
    parse_options_.bot_username = t.bot_username;
    http::ClientOptions send_options;
    send_options.read_timeout = std::chrono::seconds(t.api_timeout_s);
    telegram_ = std::make_unique<adapters::telegram::TelegramChannel>(t.api_url, token, send_options);
    outbox::RateLimits limits;
    limits.global_per_second = t.rate.global_per_s;
    limits.chat_per_second = t.rate.chat_per_s;
    limits.group_per_minute = t.rate.group_per_min;
    limits.is_group = outbox::negative_chat_id;
    worker_.add_channel(*telegram_, limits, t.senders);
    if (t.mode == "webhook") {
      webhook_secret_ = secret_from(t.secret_env, "telegram.mode webhook");
      return;
    }
    http::ClientOptions options;
    options.read_timeout = std::chrono::seconds(t.poll_timeout_s + 15);
    poller_ = std::make_unique<adapters::telegram::Poller>(
        adapters::telegram::BotApi(t.api_url, token, options), parse_options_,
        adapters::telegram::PollOptions{.timeout_s = t.poll_timeout_s}, [this](auto messages) { return journal_all(std::move(messages)); });
  }

  // Blocks the poller until its updates are durable, so its offset never passes an update we lost.
  bool journal_all(std::vector<InboundMessage> messages) {
    auto remaining = std::make_shared<std::atomic<std::size_t>>(messages.size());
    auto failed = std::make_shared<std::atomic<bool>>(false);
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    for (auto& message : messages) {
      pipeline_.journal(std::move(message), [remaining, failed, done](Journaled result) {
        if (result == Journaled::failed) *failed = true;
        if (--*remaining == 0) done->set_value();
      });
    }
    finished.wait();
    return !*failed;
  }

  http::Router routes() {
    http::Router router;
    router.add("GET", "/healthz", counted(metrics_, "/healthz", [](http::Request, http::Respond respond) {
      respond(text(200, "ok\n"));
    }));
    router.add("GET", "/readyz", counted(metrics_, "/readyz", [this](http::Request, http::Respond respond) {
      const bool ready = pipeline_.stats().writable;
      respond(text(ready ? 200 : 503, ready ? "ready\n" : "database not writable\n"));
    }));
    router.add("GET", "/metrics", counted(metrics_, "/metrics", [this](http::Request, http::Respond respond) {
      respond({200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render(), {}});
    }));
    api::add_api_routes(router, api_context_);
    web::add_inbox_routes(router);
    if (telegram_ && !poller_)
      router.add("POST", "/webhook/telegram", counted(metrics_, "/webhook/telegram", [this](auto request, auto respond) {
        telegram_webhook(std::move(request), std::move(respond));
      }));
    return router;
  }

  // Answered only after the journal commit: Telegram retries anything but 2xx, so a failed commit is 503.
  void telegram_webhook(http::Request request, http::Respond respond) {
    std::optional<std::string> secret;
    if (auto it = request.headers.find(adapters::telegram::kSecretHeader); it != request.headers.end()) secret = it->second;
    auto verdict = adapters::telegram::check_webhook(secret, request.body, webhook_secret_, parse_options_);
    if (!verdict.message) return respond(text(verdict.status, verdict.status == 200 ? "ok\n" : verdict.reason + "\n"));
    if (pipeline_.backlogged()) return respond({503, "text/plain; charset=utf-8", "busy, try again\n", {{"Retry-After", "1"}}});
    pipeline_.journal(std::move(*verdict.message), [respond = std::move(respond)](Journaled result) {
      respond(result == Journaled::failed ? text(503, "not stored, try again\n") : text(200, "ok\n"));
    });
  }

  void describe_metrics() {
    metrics_.describe("buurtbot_http_requests_total", "HTTP requests by route and status.");
    metrics_.describe("buurtbot_dispatch_seconds", "Time to handle one journaled message.");
    metrics_.histogram("buurtbot_dispatch_seconds", {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1});
    const auto& stats = pipeline_.stats();
    metrics_.gauge("buurtbot_journal_waiting", [&stats] { return double(stats.journal_waiting); });
    metrics_.gauge("buurtbot_journal_oldest_seconds", [&stats] { return double(stats.journal_oldest_age_s); });
    metrics_.gauge("buurtbot_outbox_pending", [&stats] { return double(stats.outbox_pending); });
    metrics_.gauge("buurtbot_outbox_oldest_seconds", [&stats] { return double(stats.outbox_oldest_age_s); });
    metrics_.gauge("buurtbot_journal_commits", [&stats] { return double(stats.commits); });
    metrics_.gauge("buurtbot_journaled_messages", [&stats] { return double(stats.journaled); });
    for (const char* result : {"sent", "retried", "dead", "unreachable"}) {
      metrics_.gauge("buurtbot_outbox_sends", [this, r = std::string(result)] {
        auto c = worker_.counters("telegram");
        return double(r == "sent" ? c.sent : r == "retried" ? c.retried : r == "dead" ? c.dead : c.unreachable);
      }, {{"channel", "telegram"}, {"result", result}});
    }
  }

  void run_threads(boost::asio::io_context& io) {
    std::vector<std::thread> threads;
    for (int i = 1; i < app_.config.server.threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& t : threads) t.join();
  }

  // Inbound first (nothing new comes in), then the journal, then a bounded outbox drain.
  void shut_down() {
    if (poller_) poller_->stop();
    pipeline_.stop();
    worker_.stop();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline && worker_.run_once(outbox::Clock::now()) > 0) {
    }
    spdlog::info("buurtbot stopped");
  }

  App& app_;
  http::Metrics metrics_;
  storage::Database outbox_db_;  ///< the outbox worker's own connection for reads; its writes go through the writer thread
  outbox::SqliteStore store_;
  outbox::Worker worker_;
  Pipeline pipeline_;
  api::ApiContext api_context_{pipeline_, app_.config, [this] { worker_.wake(); }, !app_.config.server.tls_cert.empty()};
  adapters::telegram::ParseOptions parse_options_;
  std::string webhook_secret_;
  std::unique_ptr<adapters::telegram::TelegramChannel> telegram_;
  std::unique_ptr<adapters::telegram::Poller> poller_;
};

}  // namespace

int serve(App& app) {
  // The writer thread allocates and frees in bursts (a batch of messages, its rows and replies); glibc
  // then hands the top of its arena back to the kernel after nearly every batch, and each time the
  // madvise costs a TLB shootdown on every core (5% of the writer's time). A high trim threshold keeps
  // that memory for the next batch instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  Service service(app);
  return service.run();
}

}  // namespace buurtbot
