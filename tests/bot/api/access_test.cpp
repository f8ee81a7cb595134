// Who may call every endpoint but the session's own:
// nobody without credentials, no browser write without its CSRF token, and the admin ones only for admins.
#include "tests/bot/api/api_fixture.hpp"

namespace buurtbot::api::testing {
namespace {

struct Endpoint {
  std::string method;
  std::string path;
  bool admin_only;
};

const std::vector<Endpoint> kEndpoints = {
    {"GET", "/api/v1/threads", false},
    {"GET", "/api/v1/threads/1", false},
    {"POST", "/api/v1/threads/1/replies", false},
    {"POST", "/api/v1/threads/1/notes", false},
    {"PATCH", "/api/v1/threads/1", false},
    {"GET", "/api/v1/initiatives", false},
    {"GET", "/api/v1/initiatives/BI-2026-0001", false},
    {"PATCH", "/api/v1/initiatives/BI-2026-0001", false},
    {"GET", "/api/v1/audit", true},
    {"GET", "/api/v1/canned", false},
    {"POST", "/api/v1/canned", false},
    {"PUT", "/api/v1/canned/1", false},
    {"DELETE", "/api/v1/canned/1", false},
    {"GET", "/api/v1/workgroups", false},
    {"POST", "/api/v1/workgroups", false},
    {"PATCH", "/api/v1/workgroups/1", false},
    {"POST", "/api/v1/workgroups/1/link-code", false},
    {"POST", "/api/v1/workgroups/1/broadcasts", false},
    {"DELETE", "/api/v1/workgroups/1/chats/telegram/-1001", false},
    {"GET", "/api/v1/reports/summary", false},
    {"GET", "/api/v1/reports/initiatives.csv", false},
    {"GET", "/api/v1/municipality", false},
    {"GET", "/api/v1/outbox?status=dead", true},
    {"POST", "/api/v1/outbox/1/retry", true},
    {"GET", "/api/v1/officers", true},
    {"PATCH", "/api/v1/officers/anna", true},
    {"DELETE", "/api/v1/officers/anna/tokens", true},
};

class ApiAccess : public ApiTest {};

TEST_F(ApiAccess, EveryEndpointNeedsCredentials) {
  for (const auto& endpoint : kEndpoints) {
    auto response = send(endpoint.method, endpoint.path, "{}");
    EXPECT_EQ(response.status, 401) << endpoint.method << " " << endpoint.path;
    EXPECT_TRUE(json_of(response).contains("error")) << endpoint.path;
  }
}

TEST_F(ApiAccess, AnUnknownTokenIsRefused) {
  for (const auto& endpoint : kEndpoints)
    EXPECT_EQ(as("not-a-token", endpoint.method, endpoint.path, "{}").status, 401) << endpoint.path;
}

TEST_F(ApiAccess, AdminEndpointsRefuseOfficers) {
  for (const auto& endpoint : kEndpoints) {
    if (!endpoint.admin_only) continue;
    auto response = as(anna_token_, endpoint.method, endpoint.path, "{}");
    EXPECT_EQ(response.status, 403) << endpoint.method << " " << endpoint.path;
    EXPECT_EQ(json_of(response)["error"], "this needs the admin role");
  }
}

TEST_F(ApiAccess, BrowserWritesNeedTheCsrfToken) {
  const auto browser = sign_in("bert");
  for (const auto& endpoint : kEndpoints) {
    if (endpoint.method == "GET") continue;
    auto response = send(endpoint.method, endpoint.path, "{}", {browser.cookie});
    EXPECT_EQ(response.status, 403) << endpoint.method << " " << endpoint.path;
  }
  EXPECT_EQ(send("GET", "/api/v1/canned", "", {browser.cookie}).status, 200);
}

TEST_F(ApiAccess, TheMunicipalityGivesTheLabelsOfItsThemesAndNeighbourhoods) {
  auto response = as(anna_token_, "GET", "/api/v1/municipality");
  ASSERT_EQ(response.status, 200);
  auto body = json_of(response);
  EXPECT_EQ(body["name"], config_.municipality.name);
  ASSERT_EQ(body["themes"].size(), config_.municipality.themes.size());
  EXPECT_EQ(body["themes"][0]["key"], config_.municipality.themes[0].key);
  EXPECT_EQ(body["themes"][0]["nl"], config_.municipality.themes[0].nl);
  EXPECT_EQ(body["themes"][0]["en"], config_.municipality.themes[0].en);
  EXPECT_EQ(body["neighbourhoods"].size(), config_.municipality.neighbourhoods.size());
}

TEST_F(ApiAccess, QueryParametersAnEndpointDoesNotReadAreRefused) {
  for (const char* path : {"/api/v1/canned?x=1", "/api/v1/workgroups?theme=groen", "/api/v1/threads/1?full=true",
                           "/api/v1/municipality?lang=en"}) {
    auto response = as(anna_token_, "GET", path);
    EXPECT_EQ(response.status, 400) << path;
    EXPECT_EQ(json_of(response)["error"], "this endpoint takes no query parameters") << path;
  }
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads?x=1").status, 400) << "a list refuses what it does not know";
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads?status=open").status, 200);
}

TEST_F(ApiAccess, AnEndpointWithoutABodyRefusesOne) {
  const auto made = as(anna_token_, "POST", "/api/v1/workgroups", R"({"name": "Spelen Noord", "theme": "spelen"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = std::to_string(json_of(made)["id"].get<long long>());
  auto response = as(anna_token_, "POST", "/api/v1/workgroups/" + id + "/link-code", R"({"expires": 5})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json_of(response)["error"], "this endpoint takes no body");
  EXPECT_EQ(as(anna_token_, "DELETE", "/api/v1/canned/1", R"({"force": true})").status, 400);
  EXPECT_EQ(as(anna_token_, "POST", "/api/v1/workgroups/" + id + "/link-code", " { } ").status, 201)
      << "an empty object is no body";
  EXPECT_EQ(as(anna_token_, "POST", "/api/v1/workgroups/" + id + "/link-code").status, 201);
}

TEST_F(ApiAccess, WrongMethodsAre405WithAllow) {
  auto response = as(anna_token_, "DELETE", "/api/v1/canned");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(header(response, "allow"), "GET, POST");
}

}  // namespace
}  // namespace buurtbot::api::testing
