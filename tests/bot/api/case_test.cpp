// Officers see the whole case: who submitted a plan and what was asked and answered about it, who
// wrote last in a thread and when its first answer is due, officers by name, and the municipality's
// own words, name and logo.
#include "tests/bot/api/api_fixture.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

namespace buurtbot::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ApiCase : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    thread_ = question("7001", "Sanne", "Wanneer wordt het gras gemaaid?");
    plan_ = on_writer([](storage::Database& db) {
      auto sanne = storage::Residents(db).find_or_create("telegram", "7001", "7001", "Sanne", "nl");
      auto ahmed = storage::Residents(db).find_or_create("telegram", "7002", "7002", "Ahmed", "en");
      auto draft = storage::testing::TempDatabaseTest::draft("Bankje bij de speeltuin", sanne.id);
      draft.theme = "groen";
      storage::Initiatives initiatives(db);
      auto created = initiatives.create(draft, 2026);
      initiatives.follow(created.id, ahmed.id);
      return created.ref;
    });
  }

  static std::string thread_path(storage::Id thread, const std::string& rest = "") {
    return "/api/v1/threads/" + std::to_string(thread) + rest;
  }

  nlohmann::json get(const std::string& path) {
    auto response = as(anna_token_, "GET", path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return json_of(response);
  }

  http::Response change(const nlohmann::json& body) {
    return as(anna_token_, "PATCH", "/api/v1/initiatives/" + plan_, body.dump());
  }

  nlohmann::json plan() { return get("/api/v1/initiatives/" + plan_); }

  storage::Id thread_ = 0;
  std::string plan_;
};

TEST_F(ApiCase, APlanShowsItsSubmitterWithTheirChannelsAndTheirInboxThreads) {
  const auto shown = plan();
  EXPECT_EQ(shown["submitter"]["name"], "Sanne");
  EXPECT_EQ(shown["submitter"]["channels"], nlohmann::json::parse(R"(["telegram"])"));
  ASSERT_EQ(shown["threads"].size(), 1u);
  EXPECT_EQ(shown["threads"][0]["id"], thread_);
  EXPECT_EQ(shown["threads"][0]["first_question"], "Wanneer wordt het gras gemaaid?");
}

TEST_F(ApiCase, APlanOfAForgottenSubmitterShowsNobody) {
  exec("UPDATE initiatives SET submitter_id = NULL");
  const auto shown = plan();
  EXPECT_TRUE(shown["submitter"].is_null());
  EXPECT_TRUE(shown["threads"].empty());
}

TEST_F(ApiCase, TheHistoryNamesOfficersByNameAndResidentsAsTheSubmitter) {
  ASSERT_EQ(change({{"status", "in_review"}}).status, 200);
  const auto history = plan()["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["by"], nlohmann::json::parse(R"({"kind": "submitter", "name": null})"));
  EXPECT_EQ(history[1]["by"], nlohmann::json::parse(R"({"kind": "officer", "name": "Anna de Vries"})"));
  EXPECT_EQ(history[1]["actor"], "officer:anna") << "the actor as stored stays for scripts";
}

TEST_F(ApiCase, TheMunicipalitysQuestionsAndTheSubmittersAnswersComeInOrder) {
  exec("UPDATE initiative_status_history SET at = '2020-01-01T09:00:00Z'");
  exec("UPDATE inbox_messages SET created_at = '2020-01-01T09:30:00Z'");
  ASSERT_EQ(change({{"status", "in_review"}}).status, 200);
  ASSERT_EQ(change({{"status", "needs_info"}, {"answer", "Waar komt het bankje?"}, {"answer_en", "Where does it go?"}})
                .status,
            200);
  // The answer lands on the plan's own thread; what the submitter asks elsewhere is no answer.
  const auto plans_thread = on_writer([this](storage::Database& db) {
    const auto bankje = *storage::Initiatives(db).find(plan_);
    const auto own = storage::Inbox(db).open_thread(*bankje.submitter_id, "terminal", "anna", "Naast de zandbak.",
                                                    {.due_at = "", .initiative_id = bankje.id});
    storage::Inbox(db).add_message(thread_, "in", "resident", "Mag er ook een prullenbak bij?");
    return own;
  });
  const auto questions = plan()["questions"];
  ASSERT_EQ(questions.size(), 2u) << questions.dump();
  EXPECT_EQ(questions[0]["kind"], "question");
  EXPECT_EQ(questions[0]["text"], "Waar komt het bankje?");
  EXPECT_EQ(questions[0]["text_en"], "Where does it go?");
  EXPECT_EQ(questions[0]["by"]["name"], "Anna de Vries");
  EXPECT_EQ(questions[1]["kind"], "answer");
  EXPECT_EQ(questions[1]["text"], "Naast de zandbak.");
  EXPECT_EQ(questions[1]["thread_id"], plans_thread);
}

TEST_F(ApiCase, APlanSaysWhoHearsOfAStatusChange) {
  EXPECT_EQ(plan()["notifies"], nlohmann::json::parse(R"({"submitter": true, "followers": 1, "group_chats": 0})"));
}

TEST_F(ApiCase, ARefusedStatusNamesTheStatusesThatMayFollow) {
  auto response = change({{"status", "done"}});
  ASSERT_EQ(response.status, 409);
  const auto body = json_of(response);
  EXPECT_EQ(body["allowed"], nlohmann::json::parse(R"(["in_review"])"));
  EXPECT_THAT(body["error"].get<std::string>(), HasSubstr("in_review"));
  EXPECT_EQ(plan()["next_statuses"], body["allowed"]);
}

TEST_F(ApiCase, AnAnswerInEnglishIsKeptNextToTheDutchOne) {
  ASSERT_EQ(change({{"status", "in_review"}}).status, 200);
  auto response = change({{"status", "rejected"}, {"answer", "Er staat al een bankje."}, {"answer_en", "There is one."}});
  ASSERT_EQ(response.status, 200) << response.body;
  const auto last = json_of(response)["history"].back();
  EXPECT_EQ(last["answer"], "Er staat al een bankje.");
  EXPECT_EQ(last["answer_en"], "There is one.");
}

TEST_F(ApiCase, TheThreadListShowsTheFirstQuestionAndWhoWroteLast) {
  auto listed = get("/api/v1/threads");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["last_from"], nlohmann::json::parse(R"({"kind": "resident", "name": "Sanne"})"));
  ASSERT_EQ(as(anna_token_, "POST", thread_path(thread_, "/replies"), R"({"text":"Volgende week."})").status, 201);
  listed = get("/api/v1/threads");
  EXPECT_EQ(listed[0]["first_question"], "Wanneer wordt het gras gemaaid?");
  EXPECT_EQ(listed[0]["last_message"], "Volgende week.");
  EXPECT_EQ(listed[0]["last_from"], nlohmann::json::parse(R"({"kind": "officer", "name": "Anna de Vries"})"));
}

TEST_F(ApiCase, TheFirstResponseIsDueAtTheStoredDeadlineInListAndView) {
  EXPECT_FALSE(get(thread_path(thread_))["overdue"].get<bool>()) << "no deadline stored: never overdue";
  exec("UPDATE inbox_threads SET created_at = '2026-01-05T08:00:00Z', due_at = '2026-01-08T08:00:00Z'");
  const auto listed = get("/api/v1/threads")[0];
  const auto shown = get(thread_path(thread_));
  EXPECT_EQ(listed["first_response_due"], "2026-01-08T08:00:00Z");
  EXPECT_EQ(shown["first_response_due"], listed["first_response_due"]);
  EXPECT_TRUE(shown["overdue"].get<bool>());
  EXPECT_EQ(shown["overdue"], listed["overdue"]);
}

TEST_F(ApiCase, AThreadShowsTheResidentsLanguageOtherQuestionsAndPlans) {
  const auto older = on_writer([](storage::Database& db) {
    auto sanne = storage::Residents(db).find_or_create("telegram", "7001", "7001", "Sanne", "nl");
    return storage::Inbox(db).open_thread(sanne.id, "telegram", "7001", "Mag ik een container neerzetten?");
  });
  const auto shown = get(thread_path(thread_));
  EXPECT_EQ(shown["language"], "nl");
  ASSERT_EQ(shown["other_threads"].size(), 1u);
  EXPECT_EQ(shown["other_threads"][0]["id"], older);
  EXPECT_EQ(shown["other_threads"][0]["first_question"], "Mag ik een container neerzetten?");
  ASSERT_EQ(shown["initiatives"].size(), 1u);
  EXPECT_EQ(shown["initiatives"][0]["ref"], plan_);
}

TEST_F(ApiCase, OfficersAreShownByNameInTheThread) {
  ASSERT_EQ(as(anna_token_, "PATCH", thread_path(thread_), R"({"assignee":"bert"})").status, 200);
  ASSERT_EQ(as(anna_token_, "POST", thread_path(thread_, "/replies"), R"({"text":"Volgende week."})").status, 201);
  ASSERT_EQ(as(anna_token_, "POST", thread_path(thread_, "/notes"), R"({"text":"Gebeld."})").status, 201);
  const auto shown = get(thread_path(thread_));
  EXPECT_EQ(shown["assignee"], "bert");
  EXPECT_EQ(shown["assignee_name"], "Bert Jansen");
  EXPECT_EQ(shown["messages"].back()["author_name"], "Anna de Vries");
  EXPECT_TRUE(shown["messages"].front()["author_name"].is_null()) << "a resident's message has no officer";
  EXPECT_EQ(shown["notes"].back()["author_name"], "Anna de Vries");
}

TEST_F(ApiCase, TheMunicipalityNamesChannelsAndStatusesInTheBotsWords) {
  const auto municipality = get("/api/v1/municipality");
  EXPECT_EQ(municipality["name"], config_.municipality.name);
  EXPECT_TRUE(municipality["logo"].is_null());
  nlohmann::json telegram;
  for (const auto& channel : municipality["channels"])
    if (channel["key"] == "telegram" || channel["key"] == "email") telegram[channel["key"].get<std::string>()] = channel;
  EXPECT_EQ(telegram["telegram"]["nl"], "Telegram");
  EXPECT_EQ(telegram["email"]["nl"], "e-mail");
  std::vector<std::string> statuses;
  for (const auto& status : municipality["statuses"]) statuses.push_back(status["key"]);
  EXPECT_THAT(statuses, ElementsAre("draft", "submitted", "in_review", "needs_info", "accepted", "rejected",
                                    "in_progress", "done", "withdrawn"));
  EXPECT_EQ(municipality["statuses"][2]["nl"], "in behandeling");
}

TEST_F(ApiCase, TheLogoIsServedWithItsTypeWhenConfigured) {
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/municipality/logo").status, 404);
  const auto logo = dir_ / "logo.svg";
  std::filesystem::create_directories(dir_);
  std::ofstream(logo) << R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>)";
  config_.municipality.logo_file = logo.string();
  EXPECT_EQ(get("/api/v1/municipality")["logo"], "/api/v1/municipality/logo");
  auto response = as(anna_token_, "GET", "/api/v1/municipality/logo");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "image/svg+xml");
  EXPECT_THAT(response.body, HasSubstr("<svg"));
}

TEST_F(ApiCase, ALogoThatIsTooLargeOrOfAnotherKindIsNotServed) {
  std::filesystem::create_directories(dir_);
  const auto large = dir_ / "logo.png";
  std::ofstream(large) << std::string(600 * 1024, 'x');
  config_.municipality.logo_file = large.string();
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/municipality/logo").status, 404);
  const auto page = dir_ / "logo.html";
  std::ofstream(page) << "<script>alert(1)</script>";
  config_.municipality.logo_file = page.string();
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/municipality/logo").status, 404);
}

}  // namespace
}  // namespace buurtbot::api::testing
