#include "bot/http/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace buurtbot::http {
namespace {

TEST(HttpMetrics, RendersCountersWithHelpTypeAndLabels) {
  Metrics metrics;
  metrics.describe("buurtbot_http_requests_total", "HTTP requests answered.");
  metrics.increment("buurtbot_http_requests_total", {{"status", "200"}, {"route", "/webhook/telegram"}});
  metrics.increment("buurtbot_http_requests_total", {{"route", "/webhook/telegram"}, {"status", "200"}});
  metrics.increment("buurtbot_http_requests_total", {{"route", "/metrics"}, {"status", "200"}}, 3);
  EXPECT_EQ(metrics.render(),
            "# HELP buurtbot_http_requests_total HTTP requests answered.\n"
            "# TYPE buurtbot_http_requests_total counter\n"
            "buurtbot_http_requests_total{route=\"/metrics\",status=\"200\"} 3\n"
            "buurtbot_http_requests_total{route=\"/webhook/telegram\",status=\"200\"} 2\n");
}

TEST(HttpMetrics, EscapesLabelValuesAndHelp) {
  Metrics metrics;
  metrics.describe("odd_total", "back\\slash\nnew line");
  metrics.increment("odd_total", {{"value", "a\"b\\c\nd"}});
  EXPECT_EQ(metrics.render(),
            "# HELP odd_total back\\\\slash\\nnew line\n"
            "# TYPE odd_total counter\n"
            "odd_total{value=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(HttpMetrics, ReadsGaugesAtEachRender) {
  Metrics metrics;
  double waiting = 3;
  metrics.gauge("buurtbot_journal_waiting", [&] { return waiting; });
  metrics.gauge("buurtbot_outbox_due", [] { return 0.5; }, {{"channel", "telegram"}});
  metrics.gauge("buurtbot_broken", []() -> double { throw std::runtime_error("database gone"); });
  EXPECT_EQ(metrics.render(),
            "# TYPE buurtbot_broken gauge\nbuurtbot_broken NaN\n"
            "# TYPE buurtbot_journal_waiting gauge\nbuurtbot_journal_waiting 3\n"
            "# TYPE buurtbot_outbox_due gauge\nbuurtbot_outbox_due{channel=\"telegram\"} 0.5\n");
  waiting = 7;
  EXPECT_NE(metrics.render().find("buurtbot_journal_waiting 7\n"), std::string::npos);
}

TEST(HttpMetrics, RendersHistogramsCumulativelyWithSumAndCount) {
  Metrics metrics;
  metrics.histogram("buurtbot_dispatch_seconds", {0.01, 0.1, 1});
  metrics.observe("buurtbot_dispatch_seconds", 0.004);
  metrics.observe("buurtbot_dispatch_seconds", 0.1);
  metrics.observe("buurtbot_dispatch_seconds", 0.5);
  metrics.observe("buurtbot_dispatch_seconds", 30);
  EXPECT_EQ(metrics.render(),
            "# TYPE buurtbot_dispatch_seconds histogram\n"
            "buurtbot_dispatch_seconds_bucket{le=\"0.01\"} 1\n"
            "buurtbot_dispatch_seconds_bucket{le=\"0.1\"} 2\n"
            "buurtbot_dispatch_seconds_bucket{le=\"1\"} 3\n"
            "buurtbot_dispatch_seconds_bucket{le=\"+Inf\"} 4\n"
            "buurtbot_dispatch_seconds_sum 30.604\n"
            "buurtbot_dispatch_seconds_count 4\n");
}

TEST(HttpMetrics, UsesDefaultBucketsAndPutsLeAfterTheLabels) {
  Metrics metrics;
  metrics.observe("buurtbot_send_seconds", 0.2, {{"channel", "matrix"}});
  auto text = metrics.render();
  EXPECT_NE(text.find("buurtbot_send_seconds_bucket{channel=\"matrix\",le=\"0.005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("buurtbot_send_seconds_bucket{channel=\"matrix\",le=\"0.25\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("buurtbot_send_seconds_count{channel=\"matrix\"} 1\n"), std::string::npos) << text;
}

TEST(HttpMetrics, CountsEveryIncrementFromManyThreads) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) metrics.increment("hits_total");
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(metrics.render(), "# TYPE hits_total counter\nhits_total 4000\n");
}

}  // namespace
}  // namespace buurtbot::http
