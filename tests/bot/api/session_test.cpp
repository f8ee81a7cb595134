// Signing in and out, and who may call what: tokens, cookies with CSRF tokens, roles, rate limits.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/api/auth.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json credentials(const std::string& login, const std::string& password) {
  return {{"login", login}, {"password", password}};
}

class ApiSession : public ApiTest {
 protected:
  http::Response login(const std::string& login, const std::string& password, std::vector<Header> headers = {}) {
    return send("POST", "/api/v1/session", credentials(login, password).dump(), std::move(headers));
  }

  http::Response note(const std::vector<Header>& headers, storage::Id thread) {
    return send("POST", "/api/v1/threads/" + std::to_string(thread) + "/notes", R"({"text":"Bel haar terug"})",
                headers);
  }
};

TEST_F(ApiSession, LoginAnswersTheCsrfTokenAndOfficerAndSetsAStrictHttpOnlyCookie) {
  auto response = login("anna", kPassword);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
  const auto body = json_of(response);
  EXPECT_EQ(body["officer"], (nlohmann::json{{"login", "anna"}, {"name", "Anna de Vries"}, {"role", "officer"}}));
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 43u);
  const auto cookie = header(response, "set-cookie");
  EXPECT_THAT(cookie, HasSubstr("buurtbot_session="));
  EXPECT_THAT(cookie, HasSubstr("; HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("; SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("; Path=/api/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // the test server has no TLS
  EXPECT_EQ(header(response, "cache-control"), "no-store");
}

TEST_F(ApiSession, TheCookieIsSecureWhenServedOverTls) {
  EXPECT_THAT(session_cookie("abc", true), HasSubstr("; Secure"));
  EXPECT_THAT(cleared_session_cookie(true), HasSubstr("; Secure"));
  EXPECT_THAT(cleared_session_cookie(false), HasSubstr("Max-Age=0"));
}

TEST_F(ApiSession, LoginIsCaseInsensitiveAndAudited) {
  ASSERT_EQ(login("ANNA", kPassword).status, 200);
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit"));
  EXPECT_EQ(audit[0]["action"], "officer.login");
  EXPECT_EQ(audit[0]["actor"], "officer:anna");
}

TEST_F(ApiSession, WrongPasswordAndUnknownLoginLookTheSame) {
  auto wrong = login("anna", "not the password");
  auto unknown = login("nobody", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(header(wrong, "set-cookie"), "");
}

TEST_F(ApiSession, LoginBodiesMustBeJsonWithOnlyLoginAndPasswordAsStrings) {
  for (const std::string body :
       {"login=anna&password=x", "[]", R"({"login":"anna"})", R"({"login":"anna","password":12345678901234})",
        R"({"login":"anna","password":"correct horse battery","remember":true})"}) {
    auto response = send("POST", "/api/v1/session", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_TRUE(json_of(response).contains("error")) << response.body;
  }
}

TEST_F(ApiSession, LoginOnlyTakesApplicationJson) {
  http::Client client(server_->url());
  auto as_text = client.request("POST", "/api/v1/session", "text/plain", credentials("anna", kPassword).dump());
  EXPECT_EQ(as_text.status, 415);
  EXPECT_EQ(header(as_text, "set-cookie"), "");
  EXPECT_EQ(client.request("POST", "/api/v1/session", "", "").status, 415);
  EXPECT_EQ(
      client
          .request("POST", "/api/v1/session", "Application/JSON; charset=utf-8", credentials("anna", kPassword).dump())
          .status,
      200);
}

TEST_F(ApiSession, FiveFailuresBlockTheLoginEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("anna", "wrong guess " + std::to_string(i)).status, 401);
  auto blocked = login("anna", kPassword);
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(header(blocked, "retry-after"), "900");
  EXPECT_THAT(json_of(blocked)["error"].get<std::string>(), HasSubstr("too many"));
}

TEST_F(ApiSession, FailuresFromOneAddressBlockEveryLoginFromThere) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("guess" + std::to_string(i), kPassword).status, 401);
  EXPECT_EQ(login("bert", kPassword).status, 429);
}

TEST_F(ApiSession, BehindTheTrustedProxyFailuresCountForTheForwardedAddress) {
  config_.server.trusted_proxy = "127.0.0.1";
  const Header guesser{"X-Forwarded-For", "203.0.113.5"};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("guess" + std::to_string(i), kPassword, {guesser}).status, 401);
  EXPECT_EQ(login("bert", kPassword, {guesser}).status, 429);
  EXPECT_EQ(login("bert", kPassword, {{"X-Forwarded-For", "198.51.100.7"}}).status, 200)
      << "an officer behind the same proxy is not locked out";
}

TEST_F(ApiSession, StrangersGuessingAPasswordDoNotKeepItsOfficerOut) {
  config_.server.trusted_proxy = "127.0.0.1";
  for (int i = 0; i < 10; ++i) {
    const Header stranger{"X-Forwarded-For", "203.0.113." + std::to_string(i)};
    EXPECT_NE(login("anna", "guess " + std::to_string(i), {stranger}).status, 200);
  }
  EXPECT_EQ(login("anna", kPassword, {{"X-Forwarded-For", "198.51.100.7"}}).status, 200);
}

TEST_F(ApiSession, ABlockedLoginStaysClosedToTheAddressesThatFailedOnIt) {
  config_.server.trusted_proxy = "127.0.0.1";
  for (int i = 0; i < 5; ++i) {
    const Header stranger{"X-Forwarded-For", "203.0.113." + std::to_string(i)};
    EXPECT_EQ(login("anna", "guess " + std::to_string(i), {stranger}).status, 401);
  }
  EXPECT_EQ(login("anna", kPassword, {{"X-Forwarded-For", "203.0.113.0"}}).status, 429);
}

TEST_F(ApiSession, ParallelWrongPasswordsGetNoMoreChecksThanTheLimit) {
  std::vector<std::future<int>> statuses;
  for (int i = 0; i < 40; ++i)
    statuses.push_back(std::async(std::launch::async, [this, i] { return login("anna", "guess " + std::to_string(i)).status; }));
  int checked = 0;
  for (auto& status : statuses) {
    const int answer = status.get();
    if (answer == 401) ++checked;
    else EXPECT_EQ(answer, 429);
  }
  EXPECT_LE(checked, 5);
}

TEST_F(ApiSession, WithoutATrustedProxyAForwardedAddressChangesNothing) {
  for (int i = 0; i < 5; ++i) {
    const Header forged{"X-Forwarded-For", "203.0.113." + std::to_string(i)};
    EXPECT_EQ(login("guess" + std::to_string(i), kPassword, {forged}).status, 401);
  }
  EXPECT_EQ(login("bert", kPassword, {{"X-Forwarded-For", "198.51.100.7"}}).status, 429);
}

TEST_F(ApiSession, TheCookieIsSecureWhenTheTrustedProxyServedHttps) {
  config_.server.trusted_proxy = "127.0.0.1";
  EXPECT_THAT(header(login("anna", kPassword, {{"X-Forwarded-Proto", "https"}}), "set-cookie"), HasSubstr("; Secure"));
  EXPECT_THAT(header(login("bert", kPassword), "set-cookie"), Not(HasSubstr("Secure")));
}

TEST_F(ApiSession, ACorrectPasswordForgetsTheLoginsEarlierFailures) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login("anna", "wrong").status, 401);
  EXPECT_EQ(login("anna", kPassword).status, 200);
  EXPECT_EQ(login("anna", "wrong").status, 401);
  // The address still counts all five failures.
  EXPECT_EQ(login("anna", kPassword).status, 429);
}

TEST_F(ApiSession, ACookieSessionReadsWithoutTheCsrfToken) {
  auto browser = sign_in("anna");
  auto response = send("GET", "/api/v1/threads", "", {browser.cookie});
  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(ApiSession, ACookieSessionWritesOnlyWithItsCsrfToken) {
  const auto thread = question("7001", "Joke", "Waar kan ik grofvuil kwijt?");
  auto browser = sign_in("anna");
  auto other = sign_in("bert");
  auto missing = note({browser.cookie}, thread);
  EXPECT_EQ(missing.status, 403);
  EXPECT_THAT(json_of(missing)["error"].get<std::string>(), HasSubstr("X-CSRF-Token"));
  EXPECT_EQ(note({browser.cookie, {"X-CSRF-Token", "forged"}}, thread).status, 403);
  EXPECT_EQ(note({browser.cookie, {"X-CSRF-Token", other.csrf}}, thread).status, 403);
  EXPECT_EQ(note({browser.cookie, {"X-CSRF-Token", browser.csrf}}, thread).status, 201);
  auto notes = json_of(as(anna_token_, "GET", "/api/v1/threads/" + std::to_string(thread)))["notes"];
  EXPECT_EQ(notes.size(), 1u);
}

TEST_F(ApiSession, ABearerTokenWritesWithoutACsrfToken) {
  const auto thread = question("7001", "Joke", "Vraag");
  EXPECT_EQ(note({{"Authorization", "Bearer " + anna_token_}}, thread).status, 201);
}

TEST_F(ApiSession, SessionShowsTheOfficerAndTheCsrfTokenOfACookieSession) {
  auto browser = sign_in("anna");
  auto by_cookie = json_of(send("GET", "/api/v1/session", "", {browser.cookie}));
  EXPECT_EQ(by_cookie["officer"]["login"], "anna");
  EXPECT_EQ(by_cookie["csrf_token"], browser.csrf);
  auto by_token = json_of(as(bert_token_, "GET", "/api/v1/session"));
  EXPECT_EQ(by_token["officer"]["role"], "admin");
  EXPECT_TRUE(by_token["csrf_token"].is_null());
}

TEST_F(ApiSession, LogoutEndsTheSessionAndClearsTheCookie) {
  auto browser = sign_in("anna");
  EXPECT_EQ(send("DELETE", "/api/v1/session", "", {browser.cookie}).status, 403);  // CSRF applies here too
  auto response = send("DELETE", "/api/v1/session", "", {browser.cookie, {"X-CSRF-Token", browser.csrf}});
  EXPECT_EQ(response.status, 204);
  EXPECT_THAT(header(response, "set-cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(send("GET", "/api/v1/threads", "", {browser.cookie}).status, 401);
}

TEST_F(ApiSession, AnExpiredSessionIsRefused) {
  auto browser = sign_in("anna");
  exec("UPDATE officer_sessions SET expires_at = '2000-01-01T00:00:00Z'");
  auto response = send("GET", "/api/v1/threads", "", {browser.cookie});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(header(response, "www-authenticate"), "Bearer");
}

TEST_F(ApiSession, ADisabledOfficerIsRefusedEverywhere) {
  auto browser = sign_in("anna");
  on_writer([](storage::Database& db) { storage::Officers(db).disable("anna"); });
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads").status, 401);
  EXPECT_EQ(send("GET", "/api/v1/threads", "", {browser.cookie}).status, 401);
  EXPECT_EQ(login("anna", kPassword).status, 401);
}

TEST_F(ApiSession, EveryEndpointRefusesAnonymousRequests) {
  const std::vector<std::pair<std::string, std::string>> endpoints{{"GET", "/api/v1/session"},
                                                                   {"DELETE", "/api/v1/session"},
                                                                   {"GET", "/api/v1/threads"},
                                                                   {"GET", "/api/v1/threads/1"},
                                                                   {"PATCH", "/api/v1/threads/1"},
                                                                   {"POST", "/api/v1/threads/1/replies"},
                                                                   {"POST", "/api/v1/threads/1/notes"},
                                                                   {"GET", "/api/v1/initiatives"},
                                                                   {"GET", "/api/v1/initiatives/BI-2026-0001"},
                                                                   {"PATCH", "/api/v1/initiatives/BI-2026-0001"},
                                                                   {"GET", "/api/v1/audit"}};
  for (const auto& [method, path] : endpoints) {
    for (const std::vector<Header>& headers :
         {std::vector<Header>{}, std::vector<Header>{{"Authorization", "Bearer not-a-token"}},
          std::vector<Header>{{"Authorization", "Basic YW5uYTpwYXNzd29yZA=="}},
          std::vector<Header>{{"Cookie", "buurtbot_session=made-up"}}}) {
      auto response = send(method, path, R"({"text":"x"})", headers);
      EXPECT_EQ(response.status, 401) << method << " " << path;
      EXPECT_TRUE(json_of(response).contains("error")) << method << " " << path;
    }
  }
}

TEST_F(ApiSession, TheAuditLogIsForAdministratorsOnly) {
  auto refused = as(anna_token_, "GET", "/api/v1/audit");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json_of(refused)["error"], "this needs the admin role");
  EXPECT_EQ(as(bert_token_, "GET", "/api/v1/audit").status, 200);
}

TEST_F(ApiSession, UnknownPathsAndMethodsAnswerJson) {
  auto missing = as(anna_token_, "GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json_of(missing)["error"], "no such endpoint");
  auto wrong_method = as(anna_token_, "PUT", "/api/v1/threads/1");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(header(wrong_method, "allow"), "GET, PATCH");
}

}  // namespace
}  // namespace buurtbot::api::testing
