// Initiatives through the API: lists, details, and status changes that notify through the outbox.
#include "tests/bot/api/api_fixture.hpp"
#include "storage/attachments.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ApiInitiatives : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    garden_ = create("Moestuin bij de school", "groen", "centrum");
    crossing_ = create("Zebrapad Dorpsstraat", "verkeer", "noord");
  }

  // An initiative by a resident on Telegram, supported and followed by a neighbour.
  std::string create(const std::string& title, const std::string& theme, const std::string& neighbourhood) {
    return on_writer([&](storage::Database& db) {
      storage::Residents residents(db);
      auto submitter = residents.find_or_create("telegram", "8001", "8001", "Sanne", "nl");
      auto neighbour = residents.find_or_create("telegram", "8002", "8002", "Ahmed", "nl");
      auto draft = storage::testing::TempDatabaseTest::draft(title, submitter.id);
      draft.theme = theme;
      draft.neighbourhood = neighbourhood;
      storage::Initiatives initiatives(db);
      auto created = initiatives.create(draft, 2026);
      initiatives.support(created.id, neighbour.id);
      initiatives.follow(created.id, neighbour.id);
      return created.ref;
    });
  }

  std::vector<std::string> listed(const std::string& query) {
    auto response = as(anna_token_, "GET", "/api/v1/initiatives" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::string> refs;
    for (const auto& initiative : json_of(response)) refs.push_back(initiative["ref"].get<std::string>());
    return refs;
  }

  http::Response change(const std::string& ref, const nlohmann::json& body) {
    return as(anna_token_, "PATCH", "/api/v1/initiatives/" + ref, body.dump());
  }

  std::size_t outbox_rows() {
    return on_writer([](storage::Database& db) { return storage::Outbox(db).list().size(); });
  }

  std::string garden_;
  std::string crossing_;
};

TEST_F(ApiInitiatives, ListFiltersByStatusThemeAndNeighbourhood) {
  EXPECT_THAT(listed(""), ElementsAre(garden_, crossing_));
  EXPECT_THAT(listed("?theme=groen"), ElementsAre(garden_));
  EXPECT_THAT(listed("?neighbourhood=noord"), ElementsAre(crossing_));
  EXPECT_THAT(listed("?status=submitted&theme=verkeer"), ElementsAre(crossing_));
  EXPECT_THAT(listed("?status=accepted"), ElementsAre());
  const auto first = json_of(as(anna_token_, "GET", "/api/v1/initiatives"))[0];
  EXPECT_EQ(first["title"], "Moestuin bij de school");
  EXPECT_EQ(first["supports"], 1);
  EXPECT_EQ(first["followers"], 1);
}

TEST_F(ApiInitiatives, ListRefusesUnknownStatusesAndParameters) {
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/initiatives?status=maybe").status, 400);
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/initiatives?title=x").status, 400);
}

TEST_F(ApiInitiatives, OneInitiativeShowsThePhotosAndFilesSentWithIt) {
  on_writer([&](storage::Database& db) {
    const auto id = storage::Initiatives(db).find(garden_)->id;
    storage::Attachments(db).add_to_initiative(
        id, {.channel = "telegram", .kind = "document", .ref = "BQAC-doc", .name = "tekening.pdf"});
    return 0;
  });
  auto shown = json_of(as(anna_token_, "GET", "/api/v1/initiatives/" + garden_));
  ASSERT_EQ(shown["attachments"].size(), 1u);
  EXPECT_EQ(shown["attachments"][0]["name"], "tekening.pdf");
  EXPECT_EQ(json_of(as(anna_token_, "GET", "/api/v1/initiatives/" + crossing_))["attachments"].size(), 0u);
}

TEST_F(ApiInitiatives, OneInitiativeComesWithHistoryCountsAndNextStatuses) {
  auto response = as(anna_token_, "GET", "/api/v1/initiatives/" + garden_);
  ASSERT_EQ(response.status, 200);
  const auto body = json_of(response);
  EXPECT_EQ(body["ref"], garden_);
  EXPECT_EQ(body["status"], "submitted");
  EXPECT_EQ(body["description"], "Beschrijving van Moestuin bij de school");
  EXPECT_EQ(body["supports"], 1);
  EXPECT_EQ(body["followers"], 1);
  ASSERT_EQ(body["history"].size(), 1u);
  EXPECT_EQ(body["history"][0]["to"], "submitted");
  EXPECT_EQ(body["next_statuses"], nlohmann::json::array({"in_review"}));
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/initiatives/BI-1999-0001").status, 404);
}

TEST_F(ApiInitiatives, AStatusChangeIsStoredAuditedAndTold) {
  auto response = change(garden_, {{"status", "in_review"}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["status"], "in_review");
  const int wakes_before = wakes_;
  const auto rows_before = outbox_rows();
  response = change(garden_, {{"status", "accepted"}, {"answer", "Goed plan, we helpen met de grond."}});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto body = json_of(response);
  EXPECT_EQ(body["status"], "accepted");
  EXPECT_EQ(body["history"].back()["answer"], "Goed plan, we helpen met de grond.");
  EXPECT_EQ(body["history"].back()["actor"], "officer:anna");
  EXPECT_EQ(outbox_rows(), rows_before + 2);  // the submitter and the follower
  EXPECT_GT(wakes_.load(), wakes_before);
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit"));
  EXPECT_EQ(audit[0]["action"], "initiative.status");
  EXPECT_EQ(audit[0]["subject"], garden_);
  EXPECT_EQ(audit[0]["detail"], "in_review -> accepted");
}

TEST_F(ApiInitiatives, RejectingOrAskingForInformationNeedsAnAnswer) {
  ASSERT_EQ(change(garden_, {{"status", "in_review"}}).status, 200);
  for (const auto& status : {"rejected", "needs_info"}) {
    for (const auto& body : {nlohmann::json{{"status", status}}, nlohmann::json{{"status", status}, {"answer", " "}}}) {
      auto response = change(garden_, body);
      EXPECT_EQ(response.status, 400) << body;
      EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("answer")) << body;
    }
  }
  EXPECT_EQ(change(garden_, {{"status", "needs_info"}, {"answer", "Waar precies?"}}).status, 200);
}

TEST_F(ApiInitiatives, AnIllegalTransitionIsAConflict) {
  auto response = change(garden_, {{"status", "done"}});
  EXPECT_EQ(response.status, 409);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("cannot follow"));
  EXPECT_EQ(json_of(as(anna_token_, "GET", "/api/v1/initiatives/" + garden_))["status"], "submitted");
}

TEST_F(ApiInitiatives, BadChangesAreRefused) {
  EXPECT_EQ(change(garden_, {{"status", "finished"}}).status, 400);
  EXPECT_EQ(change(garden_, {{"answer", "Zonder status"}}).status, 400);
  EXPECT_EQ(change(garden_, {{"status", "in_review"}, {"priority", "high"}}).status, 400);
  EXPECT_EQ(change(garden_, {{"status", 3}}).status, 400);
  EXPECT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, "in_review").status, 400);
  EXPECT_EQ(change("BI-1999-0001", {{"status", "in_review"}}).status, 404);
}

}  // namespace
}  // namespace buurtbot::api::testing
