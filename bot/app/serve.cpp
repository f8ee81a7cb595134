#include "bot/app/serve.hpp"

#include "bot/api/api.hpp"
#include "bot/app/channels.hpp"
#include "bot/app/metrics_route.hpp"
#include "bot/http/metrics.hpp"
#include "bot/http/server.hpp"
#include "bot/pipeline/outbox/sqlite_store.hpp"
#include "bot/pipeline/outbox/worker.hpp"
#include "bot/pipeline/pipeline.hpp"
#include "bot/api/page/inbox_page.hpp"
#include "bot/site/routes.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <malloc.h>
#include <future>
#include <thread>

namespace buurtbot {
namespace {

// Counts every answer by route and status, whichever thread answers.
http::Handler counted(http::Metrics& metrics, std::string route, http::Handler handler) {
  return [&metrics, route = std::move(route), handler = std::move(handler)](http::Request request, http::Respond respond) {
    handler(std::move(request), [&metrics, route, respond = std::move(respond)](http::Response response) {
      metrics.increment("buurtbot_http_requests_total", {{"route", route}, {"status", std::to_string(response.status)}});
      respond(std::move(response));
    });
  };
}

// Every channel's public link for a command, for the plan pages; the channels outlive the server.
site::StartLinks start_links_of(const std::vector<std::unique_ptr<Channel>>& channels) {
  return [&channels](std::string_view command) {
    std::vector<site::ChannelStart> links;
    for (const auto& channel : channels)
      if (auto link = channel->start_link(command)) links.push_back({std::string(channel->name()), std::move(*link)});
    return links;
  };
}

ChannelCapabilities capabilities_of(const std::vector<std::unique_ptr<Channel>>& channels) {
  ChannelCapabilities capabilities;
  for (const auto& channel : channels) capabilities.emplace(channel->name(), channel->capabilities());
  return capabilities;
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
                  [this](double seconds) { metrics_.observe("buurtbot_dispatch_seconds", seconds); },
                  capabilities_of(channels_)) {
    for (const auto& channel : channels_) {
      const auto policy = channel->delivery();
      worker_.add_channel(*channel, policy.limits, policy.senders);
    }
    check_announcement_target();
    describe_metrics();
  }

  int run() {
    std::optional<http::TlsFiles> tls;
    if (!app_.config.server.tls_cert.empty()) tls = http::TlsFiles{app_.config.server.tls_cert, app_.config.server.tls_key};

    boost::asio::io_context io;
    http::Server server(io, app_.config.server.listen, limits(), routes(), tls);
    pipeline_.start();
    // A channel may read what it keeps with the journal before its first send (Matrix's transaction ids).
    for (const auto& channel : channels_) channel->start(pipeline_);
    worker_.start();
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
  // Officers' announcements go to a chat on one of the channels; without it the rows could never leave.
  void check_announcement_target() const {
    const auto& target = app_.config.inbox.announce_channel;
    const auto& address = app_.config.inbox.announce_address;
    if (target.empty()) return;
    for (const auto& channel : channels_) {
      if (channel->name() != target) continue;
      if (channel->valid_address(address)) return;
      throw StartupError("inbox.announce_address '" + address + "' is not a chat on " + target);
    }
    throw StartupError("inbox.announce_channel is " + target + ", but that channel is not enabled");
  }

  // What one connection may cost, from the server section of the config.
  http::Limits limits() const {
    const auto& server = app_.config.server;
    http::Limits limits;
    limits.max_body_bytes = static_cast<std::size_t>(server.max_body_bytes);
    limits.max_connections = static_cast<std::size_t>(server.max_connections);
    limits.max_connections_per_address = static_cast<std::size_t>(server.max_connections_per_address);
    limits.header_timeout = std::chrono::seconds(server.header_timeout_s);
    limits.idle_timeout = std::chrono::seconds(server.idle_timeout_s);
    limits.trusted_proxy = server.trusted_proxy;
    return limits;
  }

  http::Router routes() {
    http::Router router;
    router.add("GET", "/healthz", counted(metrics_, "/healthz", [](http::Request, http::Respond respond) {
      respond(text(200, "ok\n"));
    }));
    router.add("GET", "/readyz", counted(metrics_, "/readyz", [this](http::Request, http::Respond respond) {
      const auto& stats = pipeline_.stats();
      if (stats.writable) return respond(text(200, "ready\n"));
      respond(text(503, "database not writable: " + stats.unwritable_reason() + "\n"));
    }));
    const auto metrics_reader = metrics_access(app_.config.server, config::process_environment());
    router.add("GET", "/metrics", counted(metrics_, "/metrics", metrics_route(metrics_, metrics_reader)));
    api::add_api_routes(router, api_context_);
    web::add_inbox_routes(router);
    site::add_site_routes(router, site_context_);
    for (const auto& channel : channels_) {
      for (auto& route : channel->routes(pipeline_)) {
        if (route.max_body_bytes > 0 && !route.prefix) router.limit_body(route.path, route.max_body_bytes);
        if (route.before_body && !route.prefix) router.check_before_body(route.path, route.before_body);
        auto handler = counted(metrics_, route.path, std::move(route.handler));
        if (route.prefix) router.add_prefix(route.method, route.path, std::move(handler));
        else router.add(route.method, route.path, std::move(handler));
      }
    }
    return router;
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
    for (const auto& channel : channels_) {
      channel->add_metrics(metrics_);
      for (const char* result : {"sent", "retried", "dead", "unreachable"}) {
        metrics_.gauge("buurtbot_outbox_sends", [this, name = std::string(channel->name()), r = std::string(result)] {
          auto c = worker_.counters(name);
          return double(r == "sent" ? c.sent : r == "retried" ? c.retried : r == "dead" ? c.dead : c.unreachable);
        }, {{"channel", std::string(channel->name())}, {"result", result}});
      }
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
    for (const auto& channel : channels_) channel->stop();
    pipeline_.stop();
    worker_.stop();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline && worker_.run_once(outbox::Clock::now()) > 0) {
    }
    spdlog::info("buurtbot stopped");
  }

  App& app_;
  std::vector<std::unique_ptr<Channel>> channels_ = build_channels(app_.config, app_.flows);
  http::Metrics metrics_;
  storage::Database outbox_db_;  ///< the outbox worker's own connection for reads; its writes go through the writer thread
  outbox::SqliteStore store_;
  outbox::Worker worker_;
  Pipeline pipeline_;
  api::ApiContext api_context_{pipeline_, app_.config, [this] { worker_.wake(); }, !app_.config.server.tls_cert.empty()};
  site::SiteContext site_context_{pipeline_, app_.config, start_links_of(channels_)};
};

}  // namespace

int serve(App& app) {
  // The writer thread allocates and frees in bursts (a batch of messages, its rows and replies); glibc
  // then hands the top of its arena back to the kernel after nearly every batch, and each time the
  // madvise costs a TLB shootdown on every core (5% of the writer's time). A high trim threshold keeps
  // that memory for the next batch instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // A file-size limit (ulimit -f, a container's) would end the process with SIGXFSZ in the middle of a
  // commit; ignored, the write fails with EFBIG instead, which the service handles as a full disk: 503
  // to webhooks, /readyz says why, and it goes on once writes succeed again.
  std::signal(SIGXFSZ, SIG_IGN);
  Service service(app);
  return service.run();
}

}  // namespace buurtbot
