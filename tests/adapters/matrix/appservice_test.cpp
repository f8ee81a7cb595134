// The Application Service API's door: the hs_token first, then the route, with Matrix's own errors.
#include "adapters/matrix/appservice.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace buurtbot::adapters::matrix {
namespace {

constexpr const char* kToken = "hs-token-0123456789abcdef";

http::Request request(std::string method, std::string path, std::string query = {}, std::string bearer = {}) {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path + (query.empty() ? "" : "?" + query);
  r.query = std::move(query);
  if (!bearer.empty()) r.headers["authorization"] = "Bearer " + bearer;
  return r;
}

std::string errcode(const std::optional<http::Response>& response) {
  if (!response) return "(let through)";
  return nlohmann::json::parse(response->body).value("errcode", "");
}

std::optional<http::Response> check(const http::Request& r) { return refuse(r, route_of(r.path), kToken); }

TEST(MatrixAppService, RoutesAreFoundWithTheirIds) {
  EXPECT_EQ(route_of("/_matrix/app/v1/transactions/35").route, AppRoute::transaction);
  EXPECT_EQ(route_of("/_matrix/app/v1/transactions/35").id, "35");
  EXPECT_EQ(route_of("/_matrix/app/v1/users/@alice:example.com").id, "@alice:example.com");
  EXPECT_EQ(route_of("/_matrix/app/v1/rooms/#magicforest:example.com").route, AppRoute::room);
  EXPECT_EQ(route_of("/_matrix/app/v1/ping").route, AppRoute::ping);
  for (const char* path : {"/_matrix/app/v1/transactions/", "/_matrix/app/v1/transactions/1/2", "/_matrix/app/v2/ping",
                           "/_matrix/app/v1/thirdparty/protocol/irc", "/_matrix/app/v1/"})
    EXPECT_EQ(route_of(path).route, AppRoute::unknown) << path;
}

TEST(MatrixAppService, TheRightTokenLetsTheRequestThrough) {
  EXPECT_FALSE(check(request("PUT", "/_matrix/app/v1/transactions/1", {}, kToken)));
  EXPECT_FALSE(check(request("PUT", "/_matrix/app/v1/transactions/1", std::string("access_token=") + kToken)));
  EXPECT_FALSE(check(request("PUT", "/_matrix/app/v1/transactions/1", std::string("access_token=") + kToken, kToken)));
}

TEST(MatrixAppService, AMissingTokenIs401MissingToken) {
  const auto refused = check(request("PUT", "/_matrix/app/v1/transactions/1"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(refused->content_type, "application/json");
  EXPECT_EQ(errcode(refused), "M_MISSING_TOKEN");
  auto basic = request("PUT", "/_matrix/app/v1/transactions/1");
  basic.headers["authorization"] = std::string("Basic ") + kToken;
  EXPECT_EQ(errcode(check(basic)), "M_MISSING_TOKEN") << "only a Bearer token is a token";
}

TEST(MatrixAppService, AWrongTokenIs403Forbidden) {
  std::string almost(kToken);
  almost.back() = 'x';
  for (const auto& r : {request("PUT", "/_matrix/app/v1/transactions/1", {}, almost),
                        request("PUT", "/_matrix/app/v1/transactions/1", "access_token=" + almost),
                        request("PUT", "/_matrix/app/v1/transactions/1", {}, std::string(kToken) + "x"),
                        request("PUT", "/_matrix/app/v1/transactions/1", {}, "hs")}) {
    const auto refused = check(r);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_EQ(errcode(refused), "M_FORBIDDEN");
  }
}

TEST(MatrixAppService, BothTokensGivenMustBothBeRight) {
  EXPECT_EQ(errcode(check(request("PUT", "/_matrix/app/v1/transactions/1", "access_token=wrong", kToken))), "M_FORBIDDEN");
  EXPECT_EQ(errcode(check(request("PUT", "/_matrix/app/v1/transactions/1", std::string("access_token=") + kToken, "wrong"))),
            "M_FORBIDDEN");
}

TEST(MatrixAppService, AnUnknownRouteIs404Unrecognized) {
  const auto refused = check(request("GET", "/_matrix/app/v1/thirdparty/protocol/irc", {}, kToken));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 404);
  EXPECT_EQ(errcode(refused), "M_UNRECOGNIZED");
}

TEST(MatrixAppService, AnotherMethodIs405Unrecognized) {
  const auto refused = check(request("GET", "/_matrix/app/v1/transactions/1", {}, kToken));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 405);
  EXPECT_EQ(errcode(refused), "M_UNRECOGNIZED");
  EXPECT_EQ(check(request("POST", "/_matrix/app/v1/users/@a:b", {}, kToken))->status, 405);
  EXPECT_FALSE(check(request("HEAD", "/_matrix/app/v1/users/@a:b", {}, kToken)));
}

TEST(MatrixAppService, TheTokenIsCheckedBeforeTheRoute) {
  EXPECT_EQ(check(request("GET", "/_matrix/app/v1/nothing-here"))->status, 401);
  EXPECT_EQ(check(request("GET", "/_matrix/app/v1/nothing-here", {}, "wrong"))->status, 403);
}

TEST(MatrixAppService, QueryParametersArePercentDecoded) {
  EXPECT_EQ(query_parameter("a=1&access_token=ab%2Bc%3D&b=2", "access_token"), "ab+c=");
  EXPECT_EQ(query_parameter("access_token=", "access_token"), "");
  EXPECT_FALSE(query_parameter("token=x", "access_token"));
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
