// Who may read /metrics from `buurtbot serve`: the monitoring on this machine (by default), or whoever
// holds the token from the environment; behind the trusted proxy, the address it forwards is the one that counts.
#include "bot/http/client.hpp"
#include "tests/e2e/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace buurtbot::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kToken = "e2e-metrics-token_0123456789";

http::Response scrape(const Service& service, std::vector<std::pair<std::string, std::string>> headers) {
  http::ClientOptions options;
  options.headers = std::move(headers);
  return http::Client(service.url(), options).request("GET", "/metrics", "", "");
}

TEST(ServeMetrics, OnlyLoopbackOrTheTokenReadsTheFigures) {
  Service service;
  service.set_env("BUURTBOT_SERVER_TRUSTED_PROXY", "127.0.0.1");
  service.set_env("BUURTBOT_METRICS_TOKEN", kToken);
  ASSERT_TRUE(service.start());
  EXPECT_EQ(scrape(service, {}).status, 200) << "the monitoring on this machine";
  const std::pair<std::string, std::string> outsider{"X-Forwarded-For", "203.0.113.9"};
  EXPECT_EQ(scrape(service, {outsider}).status, 401);
  EXPECT_EQ(scrape(service, {outsider, {"Authorization", "Bearer not-the-token"}}).status, 403);
  const auto with_token = scrape(service, {outsider, {"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(with_token.status, 200);
  EXPECT_THAT(with_token.body, HasSubstr("buurtbot_http_requests_total"));
}

}  // namespace
}  // namespace buurtbot::testing
