// The officers' page as the server hands it out: the embedded files of web/, with headers that keep
// other origins out, a redirect to the slash, and 404 for anything else.
#include "bot/api/page/inbox_page.hpp"

#include "bot/http/client.hpp"
#include "tests/bot/http/running_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

namespace buurtbot::web {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(BUURTBOT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

http::Response get(const http::Router& router, std::string path) {
  http::Request request;
  request.method = "GET";
  request.path = std::move(path);
  std::optional<http::Response> answer;
  router.dispatch(std::move(request), [&](http::Response response) { answer = std::move(response); });
  EXPECT_TRUE(answer.has_value());
  return answer.value_or(http::Response{});
}

void expect_page_headers(const http::Response& response) {
  const auto csp = header(response, "Content-Security-Policy");
  EXPECT_THAT(csp, StartsWith("default-src 'self'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'self';"));
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(csp, ::testing::Not(HasSubstr("unsafe-inline")));
  EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(response, "X-Frame-Options"), "DENY");
  EXPECT_EQ(header(response, "Referrer-Policy"), "no-referrer");
}

TEST(InboxPage, ServesTheIndexAtTheSlashAsHtml) {
  auto response = inbox_response("/inbox/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response.body, source_file("web/index.html"));
  expect_page_headers(response);
}

TEST(InboxPage, ServesScriptAndStyleWithTheirContentTypes) {
  auto script = inbox_response("/inbox/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, source_file("web/app.js"));
  expect_page_headers(script);
  auto style = inbox_response("/inbox/app.css");
  EXPECT_EQ(style.status, 200);
  EXPECT_EQ(style.content_type, "text/css; charset=utf-8");
  expect_page_headers(style);
}

TEST(InboxPage, RedirectsThePathWithoutSlash) {
  auto response = inbox_response("/inbox");
  EXPECT_EQ(response.status, 308);
  EXPECT_EQ(header(response, "Location"), "/inbox/");
}

TEST(InboxPage, AnswersNotFoundForUnknownFilesAndPathsThatClimb) {
  for (const char* path : {"/inbox/missing.js", "/inbox/../bot/app/serve.cpp", "/inbox/web/app.js", "/inbox/app.js/",
                           "/inbox/index.html/x", "/inboxes"}) {
    auto response = inbox_response(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.content_type, "text/plain; charset=utf-8") << path;
    expect_page_headers(response);
  }
}

// Every page's files are embedded together; /inbox/ serves only its own three, under its own CSP.
TEST(InboxPage, ServesOnlyTheOfficersPagesOwnFiles) {
  for (const char* path : {"/inbox/chat.js", "/inbox/chat.css", "/inbox/widget.js", "/inbox/site.css", "/inbox/nlds.css"}) {
    EXPECT_EQ(inbox_response(path).status, 404) << path;
  }
  for (const char* path : {"/inbox/", "/inbox/index.html", "/inbox/app.js", "/inbox/app.css"}) {
    EXPECT_EQ(inbox_response(path).status, 200) << path;
  }
}

TEST(InboxPage, RoutesBothPathsForGetOnly) {
  http::Router router;
  add_inbox_routes(router);
  EXPECT_EQ(get(router, "/inbox").status, 308);
  EXPECT_EQ(get(router, "/inbox/").status, 200);
  EXPECT_EQ(get(router, "/inbox/app.css").status, 200);
  EXPECT_EQ(get(router, "/inbox/nope").status, 404);
  http::Request post;
  post.method = "POST";
  post.path = "/inbox/";
  std::optional<http::Response> answer;
  router.dispatch(std::move(post), [&](http::Response response) { answer = std::move(response); });
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 405);
}

TEST(InboxPage, HeadersArriveOverHttp) {
  http::Router router;
  add_inbox_routes(router);
  http::testing::RunningServer running(router);
  auto response = http::Client(running.url()).get("/inbox/app.js");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(response.body, source_file("web/app.js"));
  auto has = [&](const std::string& name, const std::string& value) {
    for (const auto& [key, v] : response.headers) {
      if (key == name) return v == value;
    }
    return false;
  };
  EXPECT_TRUE(has("x-frame-options", "DENY"));
  EXPECT_TRUE(has("x-content-type-options", "nosniff"));
  EXPECT_TRUE(has("content-security-policy", std::string(kContentSecurityPolicy)));
}

}  // namespace
}  // namespace buurtbot::web
