// Who may read /metrics: the real route on a server at 127.0.0.1:0, so every request comes from loopback
// and the trusted proxy's forwarded address stands in for clients elsewhere.
#include "bot/app/metrics_route.hpp"

#include "bot/core/startup_error.hpp"
#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace buurtbot {
namespace {

using ::testing::HasSubstr;

using Header = std::pair<std::string, std::string>;

constexpr const char* kToken = "metrics-token_0123456789";
const Header kOutsider{"X-Forwarded-For", "203.0.113.9"};

class MetricsRoute : public ::testing::Test {
 protected:
  MetricsRoute() { metrics_.increment("buurtbot_http_requests_total", {{"route", "/healthz"}, {"status", "200"}}); }

  /// Serves /metrics with `access`.
  void serve(const MetricsAccess& access) {
    http::Router router;
    router.add("GET", "/metrics", metrics_route(metrics_, access));
    server_.emplace(router);
  }

  http::Response scrape(std::vector<Header> headers = {}) {
    http::ClientOptions options;
    options.headers = std::move(headers);
    return http::Client(server_->url(), options).request("GET", "/metrics", "", "");
  }

  static Header bearer(const std::string& token) { return {"Authorization", "Bearer " + token}; }

  static std::string header(const http::Response& response, const std::string& name) {
    for (const auto& [field, value] : response.headers)
      if (field == name) return value;
    return "";
  }

  http::Metrics metrics_;
  std::optional<http::testing::RunningServer> server_;
};

TEST_F(MetricsRoute, TheDefaultLetsLoopbackReadWithoutAToken) {
  serve(metrics_access(config::ServerConfig{}, [](const std::string&) { return std::nullopt; }));
  auto response = scrape();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, http::Metrics::kContentType);
  EXPECT_THAT(response.body, HasSubstr("buurtbot_http_requests_total{route=\"/healthz\",status=\"200\"} 1"));
}

TEST_F(MetricsRoute, AnAddressNotListedNeedsTheToken) {
  serve(MetricsAccess{{"10.9.9.9"}, kToken, ""});
  auto asked = scrape();
  EXPECT_EQ(asked.status, 401);
  EXPECT_EQ(header(asked, "www-authenticate"), "Bearer");
  EXPECT_THAT(asked.body, ::testing::Not(HasSubstr("buurtbot_")));
  EXPECT_EQ(scrape({bearer("not-the-token")}).status, 403);
  EXPECT_EQ(scrape({bearer(std::string(kToken) + "x")}).status, 403);
  EXPECT_EQ(scrape({{"Authorization", "Basic bWV0cmljczp0b2tlbg=="}}).status, 401) << "only a bearer token counts";
  EXPECT_EQ(scrape({bearer(kToken)}).status, 200);
}

TEST_F(MetricsRoute, WithoutATokenAnAddressNotListedIsForbidden) {
  serve(MetricsAccess{{"10.9.9.9"}, "", ""});
  EXPECT_EQ(scrape().status, 403);
  EXPECT_EQ(scrape({bearer("")}).status, 403);
  EXPECT_EQ(scrape({bearer("anything")}).status, 403);
}

TEST_F(MetricsRoute, BehindTheTrustedProxyTheForwardedAddressCounts) {
  serve(MetricsAccess{{"127.0.0.1", "::1"}, kToken, "127.0.0.1"});
  EXPECT_EQ(scrape().status, 200) << "the monitoring on the proxy's machine, not through it";
  EXPECT_EQ(scrape({kOutsider}).status, 401);
  EXPECT_EQ(scrape({kOutsider, bearer(kToken)}).status, 200);
}

TEST_F(MetricsRoute, AForwardedAddressFromAnyoneButTheTrustedProxyProvesNothing) {
  serve(MetricsAccess{{"10.9.9.9"}, "", ""});
  EXPECT_EQ(scrape({{"X-Forwarded-For", "10.9.9.9"}}).status, 403);
}

TEST_F(MetricsRoute, AnIpv4AddressMatchesItsIpv6MappedForm) {
  serve(MetricsAccess{{"::ffff:127.0.0.1"}, "", ""});
  EXPECT_EQ(scrape().status, 200);
}

TEST_F(MetricsRoute, AnEntryThatIsNoAddressStopsTheStart) {
  EXPECT_THROW(metrics_route(metrics_, MetricsAccess{{"127.0.0.1", "999.0.0.1"}, "", ""}), StartupError);
}

TEST(MetricsAccessFromConfig, TheTokenComesFromTheVariableTheConfigNames) {
  config::ServerConfig server;
  server.metrics_token_env = "MY_METRICS_TOKEN";
  server.trusted_proxy = "127.0.0.1";
  const auto access = metrics_access(server, [](const std::string& name) -> std::optional<std::string> {
    if (name == "MY_METRICS_TOKEN") return kToken;
    return std::nullopt;
  });
  EXPECT_EQ(access.token, kToken);
  EXPECT_EQ(access.allow, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(access.trusted_proxy, "127.0.0.1");
}

}  // namespace
}  // namespace buurtbot
