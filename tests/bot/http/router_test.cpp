#include "bot/http/server.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace buurtbot::http {
namespace {

// A handler that answers with its own name, so a test sees which route was taken.
Handler named(std::string name) {
  return [name = std::move(name)](Request, Respond respond) {
    Response response;
    response.body = name;
    respond(std::move(response));
  };
}

Response dispatch(const Router& router, std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  std::optional<Response> answer;
  router.dispatch(std::move(request), [&](Response response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value());
  return answer.value_or(Response{});
}

std::string header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

Router sample() {
  Router router;
  router.add("POST", "/webhook/telegram", named("telegram"));
  router.add("GET", "/api/v1/threads", named("list"));
  router.add_prefix("GET", "/api/v1/threads/", named("thread"));
  router.add_prefix("GET", "/api/v1/threads/archive/", named("archived"));
  router.add("GET", "/api/v1/threads/special", named("special"));
  router.add_prefix("PUT", "/_matrix/app/v1/transactions/", named("matrix"));
  return router;
}

TEST(HttpRouter, MatchesExactPathsAndMethods) {
  auto router = sample();
  EXPECT_EQ(dispatch(router, "POST", "/webhook/telegram").body, "telegram");
  EXPECT_EQ(dispatch(router, "GET", "/api/v1/threads").body, "list");
}

TEST(HttpRouter, PrefersExactPathsThenTheLongestPrefix) {
  auto router = sample();
  EXPECT_EQ(dispatch(router, "GET", "/api/v1/threads/42").body, "thread");
  EXPECT_EQ(dispatch(router, "GET", "/api/v1/threads/archive/7").body, "archived");
  EXPECT_EQ(dispatch(router, "GET", "/api/v1/threads/special").body, "special");
  EXPECT_EQ(dispatch(router, "PUT", "/_matrix/app/v1/transactions/txn1").body, "matrix");
}

TEST(HttpRouter, AnswersNotFoundForUnknownPaths) {
  auto router = sample();
  EXPECT_EQ(dispatch(router, "GET", "/nowhere").status, 404);
  EXPECT_EQ(dispatch(router, "POST", "/webhook/telegram/extra").status, 404);
}

TEST(HttpRouter, AnswersMethodNotAllowedWithAllow) {
  auto router = sample();
  auto response = dispatch(router, "GET", "/webhook/telegram");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(header(response, "Allow"), "POST");
  EXPECT_EQ(header(dispatch(router, "DELETE", "/api/v1/threads/42"), "Allow"), "GET, HEAD");
}

TEST(HttpRouter, SendsHeadToGetRoutes) {
  auto router = sample();
  EXPECT_EQ(dispatch(router, "HEAD", "/api/v1/threads").body, "list");
  EXPECT_EQ(dispatch(router, "HEAD", "/webhook/telegram").status, 405);
}

}  // namespace
}  // namespace buurtbot::http
