// Canned responses through the API, and replies that use them or name the resident.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/core/message.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;

class ApiCanned : public ApiTest {
 protected:
  http::Response create(const std::string& title, const std::string& text) {
    return as(anna_token_, "POST", "/api/v1/canned", nlohmann::json{{"title", title}, {"text", text}}.dump());
  }

  storage::Id created(const std::string& title, const std::string& text) {
    auto response = create(title, text);
    EXPECT_EQ(response.status, 201) << response.body;
    return json_of(response)["id"].get<storage::Id>();
  }

  std::string last_audit_action() { return json_of(as(bert_token_, "GET", "/api/v1/audit?limit=1"))[0]["action"]; }

  std::vector<std::string> sent_texts() {
    std::vector<std::string> texts;
    for (const auto& row : on_writer([](storage::Database& db) { return storage::Outbox(db).list(); }))
      texts.push_back(nlohmann::json::parse(row.payload).get<OutboundMessage>().text);
    return texts;
  }

  http::Response reply(storage::Id thread, const nlohmann::json& body) {
    return as(anna_token_, "POST", "/api/v1/threads/" + std::to_string(thread) + "/replies", body.dump());
  }
};

TEST_F(ApiCanned, CreateAnswersTheRecordAndTheListIsByTitle) {
  auto response = create("Vuilnis", "De vuilniswagen komt op dinsdag.");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto record = json_of(response);
  EXPECT_GT(record["id"].get<storage::Id>(), 0);
  EXPECT_EQ(record["title"], "Vuilnis");
  EXPECT_EQ(record["text"], "De vuilniswagen komt op dinsdag.");
  EXPECT_EQ(record["updated_by"], "officer:anna");
  EXPECT_TRUE(record["updated_at"].is_string());
  EXPECT_EQ(last_audit_action(), "canned.add");
  created("Bomen", "Een boom aanvragen kan bij het loket.");
  auto listed = json_of(as(bert_token_, "GET", "/api/v1/canned"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["title"], "Bomen");
  EXPECT_EQ(listed[1]["title"], "Vuilnis");
}

TEST_F(ApiCanned, PutReplacesTitleAndTextAndRecordsWho) {
  const auto id = created("Vuilnis", "Oud");
  auto response = as(bert_token_, "PUT", "/api/v1/canned/" + std::to_string(id),
                     R"({"title":"Afval","text":"Nieuw"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["title"], "Afval");
  EXPECT_EQ(json_of(response)["text"], "Nieuw");
  EXPECT_EQ(json_of(response)["updated_by"], "officer:bert");
  EXPECT_EQ(last_audit_action(), "canned.update");
  // Keeping its own title is no conflict.
  EXPECT_EQ(as(bert_token_, "PUT", "/api/v1/canned/" + std::to_string(id), R"({"title":"afval","text":"x"})").status,
            200);
}

TEST_F(ApiCanned, DeleteAnswers204AndThenItIsGone) {
  const auto id = created("Vuilnis", "Tekst");
  auto response = as(anna_token_, "DELETE", "/api/v1/canned/" + std::to_string(id));
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(last_audit_action(), "canned.delete");
  EXPECT_TRUE(json_of(as(anna_token_, "GET", "/api/v1/canned")).empty());
  EXPECT_EQ(as(anna_token_, "DELETE", "/api/v1/canned/" + std::to_string(id)).status, 404);
}

TEST_F(ApiCanned, ADuplicateTitleIs409WhateverItsCase) {
  const auto waste = created("Vuilnis", "Tekst");
  const auto trees = created("Bomen", "Tekst");
  auto duplicate = create("VUILNIS", "Andere tekst");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_THAT(json_of(duplicate)["error"].get<std::string>(), HasSubstr("exists already"));
  EXPECT_EQ(as(anna_token_, "PUT", "/api/v1/canned/" + std::to_string(trees), R"({"title":"vuilnis","text":"x"})")
                .status,
            409);
  EXPECT_EQ(json_of(as(anna_token_, "GET", "/api/v1/canned")).size(), 2u);
  (void)waste;
}

TEST_F(ApiCanned, BadBodiesAre400) {
  const auto id = created("Vuilnis", "Tekst");
  for (const std::string body :
       {"", "Vuilnis", R"([])", R"({})", R"({"title":"Bomen"})", R"({"text":"Tekst"})", R"({"title":" ","text":"x"})",
        R"({"title":"Bomen","text":"\n\t"})", R"({"title":7,"text":"x"})", R"({"title":"Bomen","text":null})",
        R"({"title":"Bomen","text":"x","tags":[]})"}) {
    for (const auto& [method, path] : {std::pair<std::string, std::string>{"POST", "/api/v1/canned"},
                                       {"PUT", "/api/v1/canned/" + std::to_string(id)}}) {
      auto response = as(anna_token_, method, path, body);
      EXPECT_EQ(response.status, 400) << method << " " << body;
      EXPECT_TRUE(json_of(response).contains("error")) << body;
    }
  }
  EXPECT_EQ(create("Lang", std::string(4000, 'a')).status, 201);
  EXPECT_EQ(create("Te lang", std::string(4001, 'a')).status, 400);
  std::string accented;
  for (int i = 0; i < 4000; ++i) accented += "\xC3\xA9";  // é: two bytes, one character
  EXPECT_EQ(create("Lang in tekens", accented).status, 201);
}

TEST_F(ApiCanned, ATitleWithControlCharactersIs400AndATextMayHaveLines) {
  EXPECT_EQ(create("Vuilnis\x1b[2J", "Tekst").status, 400);
  EXPECT_EQ(create("Vuilnis\nGroen", "Tekst").status, 400);
  EXPECT_EQ(create("Vuilnis", "Eerste regel.\nTweede regel.\tMet een tab.").status, 201);
}

TEST_F(ApiCanned, AnUnknownCannedResponseIs404) {
  for (const std::string id : {"999", "abc", "0"}) {
    EXPECT_EQ(as(anna_token_, "PUT", "/api/v1/canned/" + id, R"({"title":"x","text":"y"})").status, 404) << id;
    EXPECT_EQ(as(anna_token_, "DELETE", "/api/v1/canned/" + id).status, 404) << id;
  }
}

TEST_F(ApiCanned, AReplyNamesTheResidentWhereThePlaceholdersAre) {
  const auto thread = question("7001", "Joke", "Vraag");
  auto response = reply(thread, {{"text", "Beste {{naam}}, dank je. Groet aan {{name}}! {{naam}}"}});
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(json_of(response)["text"], "Beste Joke, dank je. Groet aan Joke! Joke");
  EXPECT_THAT(sent_texts(), ::testing::ElementsAre("Beste Joke, dank je. Groet aan Joke! Joke"));
}

TEST_F(ApiCanned, AResidentWithoutANameIsCalledResidentInTheirLanguage) {
  const auto dutch = question("7001", "", "Vraag");
  const auto english = on_writer([](storage::Database& db) {
    auto resident = storage::Residents(db).find_or_create("telegram", "7002", "7002", "  ", "en");
    return storage::Inbox(db).open_thread(resident.id, "telegram", "7002", "Question");
  });
  EXPECT_EQ(json_of(reply(dutch, {{"text", "Beste {{naam}},"}}))["text"], "Beste bewoner,");
  EXPECT_EQ(json_of(reply(english, {{"text", "Dear {{name}},"}}))["text"], "Dear resident,");
}

TEST_F(ApiCanned, AReplyCanBeACannedResponseWithItsPlaceholdersFilledIn) {
  const auto thread = question("7001", "Joke", "Wanneer komt de vuilniswagen?");
  const auto id = created("Vuilnis", "Hallo {{naam}}, de vuilniswagen komt op dinsdag.");
  auto response = reply(thread, {{"canned_id", id}});
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(json_of(response)["text"], "Hallo Joke, de vuilniswagen komt op dinsdag.");
  EXPECT_THAT(sent_texts(), ::testing::ElementsAre("Hallo Joke, de vuilniswagen komt op dinsdag."));
  auto shown = json_of(as(anna_token_, "GET", "/api/v1/threads/" + std::to_string(thread)));
  EXPECT_EQ(shown["messages"][1]["text"], "Hallo Joke, de vuilniswagen komt op dinsdag.");
}

TEST_F(ApiCanned, AReplyTakesTextOrCannedIdButNotBoth) {
  const auto thread = question("7001", "Joke", "Vraag");
  const auto id = created("Vuilnis", "Tekst");
  for (const auto& body : {nlohmann::json{{"text", "x"}, {"canned_id", id}}, nlohmann::json::object(),
                           nlohmann::json{{"canned_id", "1"}}, nlohmann::json{{"canned_id", 1.5}},
                           nlohmann::json{{"canned_id", nullptr}}}) {
    auto response = reply(thread, body);
    EXPECT_EQ(response.status, 400) << body.dump();
  }
  auto unknown = reply(thread, {{"canned_id", 999}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_THAT(json_of(unknown)["error"].get<std::string>(), HasSubstr("no canned response"));
  EXPECT_TRUE(sent_texts().empty());
}

}  // namespace
}  // namespace buurtbot::api::testing
