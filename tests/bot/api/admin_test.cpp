// Administrators' endpoints: given-up outbox rows and retrying them, and officers' accounts.
#include "tests/bot/api/api_fixture.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;

class ApiOutbox : public ApiTest {
 protected:
  storage::Id queued(const std::string& address, int priority) {
    return on_writer([&](storage::Database& db) {
      return storage::Outbox(db).enqueue("telegram", address, R"({"text":"Hallo"})", priority);
    });
  }

  storage::Id dead(const std::string& address, const std::string& reason) {
    const auto id = queued(address, 1);
    on_writer([&](storage::Database& db) {
      storage::Outbox outbox(db);
      outbox.reschedule(id, 3, 0, 1, reason);
      outbox.mark_dead(id, reason);
    });
    return id;
  }
};

TEST_F(ApiOutbox, DeadRowsAreListedNewestFirstWithWhyTheyGaveUp) {
  const auto first = dead("7001", "Forbidden: bot was blocked by the user");
  queued("7002", 0);
  const auto second = dead("7003", "timeout");
  auto response = as(bert_token_, "GET", "/api/v1/outbox?status=dead");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto rows = json_of(response);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["id"], second);
  EXPECT_EQ(rows[1]["id"], first);
  EXPECT_EQ(rows[1]["channel"], "telegram");
  EXPECT_EQ(rows[1]["address"], "7001");
  EXPECT_EQ(rows[1]["kind"], "notification");
  EXPECT_EQ(rows[1]["status"], "dead");
  EXPECT_EQ(rows[1]["attempts"], 3);
  EXPECT_EQ(rows[1]["last_error"], "Forbidden: bot was blocked by the user");
  EXPECT_TRUE(rows[1]["created_at"].is_string());
  EXPECT_FALSE(rows[1].contains("payload"));
}

TEST_F(ApiOutbox, TheListNeedsStatusDead) {
  for (const std::string query : {"", "?status=pending", "?status=dead&limit=0", "?status=dead&order=id"})
    EXPECT_EQ(as(bert_token_, "GET", "/api/v1/outbox" + query).status, 400) << query;
  EXPECT_EQ(as(bert_token_, "GET", "/api/v1/outbox?status=dead&limit=5").status, 200);
}

TEST_F(ApiOutbox, RetryPutsADeadRowBackInTheQueueAndWakesTheOutbox) {
  const auto id = dead("7001", "timeout");
  const int wakes_before = wakes_;
  auto response = as(bert_token_, "POST", "/api/v1/outbox/" + std::to_string(id) + "/retry");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["status"], "pending");
  EXPECT_EQ(json_of(response)["attempts"], 0);
  EXPECT_GT(wakes_.load(), wakes_before);
  EXPECT_TRUE(json_of(as(bert_token_, "GET", "/api/v1/outbox?status=dead")).empty());
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit?limit=1"))[0];
  EXPECT_EQ(audit["action"], "outbox.retry");
  EXPECT_EQ(audit["subject"], std::to_string(id));
  EXPECT_EQ(audit["actor"], "officer:bert");
}

TEST_F(ApiOutbox, RetryRefusesUnknownRowsAndRowsThatAreNotDead) {
  const auto pending = queued("7001", 0);
  EXPECT_EQ(as(bert_token_, "POST", "/api/v1/outbox/999/retry").status, 404);
  EXPECT_EQ(as(bert_token_, "POST", "/api/v1/outbox/x/retry").status, 404);
  auto response = as(bert_token_, "POST", "/api/v1/outbox/" + std::to_string(pending) + "/retry");
  EXPECT_EQ(response.status, 409);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("pending"));
}

class ApiOfficers : public ApiTest {
 protected:
  nlohmann::json officer(const std::string& login) {
    for (const auto& listed : json_of(as(bert_token_, "GET", "/api/v1/officers")))
      if (listed["login"] == login) return listed;
    return nullptr;
  }

  std::string last_audit_action() { return json_of(as(bert_token_, "GET", "/api/v1/audit?limit=1"))[0]["action"]; }
};

TEST_F(ApiOfficers, TheListShowsRoleStateAndTokensButNoSecrets) {
  add_officer("carla", "Carla", "officer");
  add_officer("carla2", "Carla", "officer");
  auto response = as(bert_token_, "GET", "/api/v1/officers");
  ASSERT_EQ(response.status, 200);
  const auto all = json_of(response);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0], nlohmann::json({{"login", "anna"},
                                    {"name", "Anna de Vries"},
                                    {"role", "officer"},
                                    {"disabled", false},
                                    {"tokens", 1}}));
  EXPECT_EQ(all[1]["login"], "bert");
  EXPECT_EQ(all[1]["role"], "admin");
  EXPECT_THAT(response.body, ::testing::Not(HasSubstr("scrypt")));
}

TEST_F(ApiOfficers, DisablingLocksTheOfficerOutAndEnablingLetsThemBackIn) {
  auto response = as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"disabled":true})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["disabled"], true);
  EXPECT_EQ(last_audit_action(), "officer.disable");
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads").status, 401);
  response = as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"disabled":false})");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(json_of(response)["disabled"], false);
  EXPECT_EQ(last_audit_action(), "officer.enable");
  EXPECT_EQ(send("GET", "/api/v1/threads", "", {sign_in("anna").cookie}).status, 200);
}

TEST_F(ApiOfficers, EnablingAgainDoesNotBringBackTheOldTokenOrSession) {
  const auto browser = sign_in("anna");
  ASSERT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"disabled":true})").status, 200);
  ASSERT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"disabled":false})").status, 200);
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads").status, 401);
  EXPECT_EQ(send("GET", "/api/v1/threads", "", {browser.cookie}).status, 401);
  EXPECT_EQ(officer("anna")["tokens"], 0);
}

TEST_F(ApiOfficers, TheRoleCanChangeWithOrWithoutTheState) {
  auto response = as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"disabled":false,"role":"admin"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["role"], "admin");
  EXPECT_EQ(last_audit_action(), "officer.role");
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/officers").status, 200);
  EXPECT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/anna", R"({"role":"officer"})").status, 200);
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/officers").status, 403);
}

TEST_F(ApiOfficers, AnAdminCannotDisableOrDemoteThemself) {
  for (const std::string body : {R"({"disabled":true})", R"({"role":"officer"})"}) {
    auto response = as(bert_token_, "PATCH", "/api/v1/officers/bert", body);
    EXPECT_EQ(response.status, 409) << body;
    EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("yourself"));
  }
  EXPECT_EQ(officer("bert")["disabled"], false);
  EXPECT_EQ(officer("bert")["role"], "admin");
  EXPECT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/bert", R"({"disabled":false})").status, 200);
}

TEST_F(ApiOfficers, PatchRefusesBadBodiesAndUnknownOfficers) {
  for (const std::string body : {R"({})", R"({"disabled":"yes"})", R"({"disabled":1})", R"({"role":"king"})",
                                 R"({"role":null})", R"({"disabled":true,"name":"x"})", "true"}) {
    EXPECT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/anna", body).status, 400) << body;
  }
  EXPECT_EQ(as(bert_token_, "PATCH", "/api/v1/officers/nobody", R"({"disabled":true})").status, 404);
  EXPECT_EQ(officer("anna")["disabled"], false);
}

TEST_F(ApiOfficers, RevokingTokensEndsThemAll) {
  const auto second = random_token();
  on_writer([&](storage::Database& db) {
    storage::Officers officers(db);
    officers.add_token(officers.find_by_login("anna")->id, auth::sha256_hex(second));
  });
  EXPECT_EQ(officer("anna")["tokens"], 2);
  auto response = as(bert_token_, "DELETE", "/api/v1/officers/anna/tokens");
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(officer("anna")["tokens"], 0);
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads").status, 401);
  EXPECT_EQ(as(second, "GET", "/api/v1/threads").status, 401);
  EXPECT_EQ(last_audit_action(), "officer.revoke_tokens");
  EXPECT_EQ(as(bert_token_, "DELETE", "/api/v1/officers/nobody/tokens").status, 404);
}

TEST_F(ApiOfficers, RevokingEndsTheBrowserSessionsToo) {
  const auto browser = sign_in("anna");
  ASSERT_EQ(send("GET", "/api/v1/threads", "", {browser.cookie}).status, 200);
  EXPECT_EQ(as(bert_token_, "DELETE", "/api/v1/officers/anna/tokens").status, 204);
  EXPECT_EQ(send("GET", "/api/v1/threads", "", {browser.cookie}).status, 401);
}

}  // namespace
}  // namespace buurtbot::api::testing
