// Workgroups through the API: listing with members and chats, creating and editing, link codes,
// broadcasts through the outbox, and unlinking chats.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/core/message.hpp"
#include "bot/civic/notify.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class ApiWorkgroups : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    green_ = on_writer([](storage::Database& db) { return storage::Workgroups(db).find_by_name("Groen Centrum")->id; });
  }

  static std::string path_of(storage::Id workgroup, const std::string& rest = "") {
    return "/api/v1/workgroups/" + std::to_string(workgroup) + rest;
  }

  void link(storage::Id workgroup, const std::string& address) {
    on_writer([&](storage::Database& db) { storage::Workgroups(db).link_chat(workgroup, "telegram", address); });
  }

  // A resident on Telegram (and, when `email` is set, also by email) who joins the workgroup.
  void member(storage::Id workgroup, const std::string& chat, const std::string& email = "") {
    on_writer([&](storage::Database& db) {
      auto resident = storage::Residents(db).find_or_create("telegram", chat, chat, "Lid " + chat, "nl");
      if (!email.empty()) {
        db.prepare("INSERT INTO identities (resident_id, channel, external_id, address) VALUES (?1, 'email', ?2, ?2)")
            .bind(1, resident.id)
            .bind(2, email)
            .run();
      }
      storage::Workgroups(db).join(workgroup, resident.id);
    });
  }

  std::vector<storage::OutboxRow> outbox() {
    return on_writer([](storage::Database& db) { return storage::Outbox(db).list(); });
  }

  nlohmann::json listed(const std::string& name) {
    for (const auto& workgroup : json_of(as(anna_token_, "GET", "/api/v1/workgroups")))
      if (workgroup["name"] == name) return workgroup;
    return nullptr;
  }

  std::string last_audit_action() { return json_of(as(bert_token_, "GET", "/api/v1/audit?limit=1"))[0]["action"]; }

  storage::Id green_ = 0;
};

TEST_F(ApiWorkgroups, ListShowsMembersAndLinkedChats) {
  link(green_, "-1001");
  member(green_, "8001");
  member(green_, "8002");
  auto response = as(anna_token_, "GET", "/api/v1/workgroups");
  ASSERT_EQ(response.status, 200);
  const auto all = json_of(response);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["name"], "Groen Centrum");
  EXPECT_EQ(all[1]["name"], "Veilig Verkeer");
  const auto& green = all[0];
  EXPECT_EQ(green["id"], green_);
  EXPECT_EQ(green["theme"], "groen");
  EXPECT_THAT(green["description"].get<std::string>(), HasSubstr("groener"));
  EXPECT_EQ(green["members"], 2);
  ASSERT_EQ(green["chats"].size(), 1u);
  EXPECT_EQ(green["chats"][0]["channel"], "telegram");
  EXPECT_EQ(green["chats"][0]["address"], "-1001");
  EXPECT_TRUE(green["chats"][0]["title"].is_null());
  EXPECT_TRUE(green["chats"][0]["linked_at"].is_string());
  EXPECT_TRUE(all[1]["chats"].empty());
}

TEST_F(ApiWorkgroups, CreateAnswersTheWorkgroupAndAudits) {
  auto response =
      as(anna_token_, "POST", "/api/v1/workgroups", R"({"name":"Spelen Oost","theme":"spelen","description":"Speeltuin"})");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto created = json_of(response);
  EXPECT_GT(created["id"].get<storage::Id>(), 0);
  EXPECT_EQ(created["name"], "Spelen Oost");
  EXPECT_EQ(created["theme"], "spelen");
  EXPECT_EQ(created["description"], "Speeltuin");
  EXPECT_EQ(created["members"], 0);
  EXPECT_TRUE(created["chats"].empty());
  EXPECT_EQ(last_audit_action(), "workgroup.add");
  auto without_description = as(anna_token_, "POST", "/api/v1/workgroups", R"({"name":"Ouderen","theme":"ouderen"})");
  ASSERT_EQ(without_description.status, 201);
  EXPECT_EQ(json_of(without_description)["description"], "");
}

TEST_F(ApiWorkgroups, CreateRefusesUnknownThemesBadBodiesAndDuplicates) {
  for (const std::string body :
       {R"({"name":"X","theme":"ruimtevaart"})", R"({"name":"X"})", R"({"theme":"groen"})", R"({"name":" ","theme":"groen"})",
        R"({"name":"X","theme":"groen","description":null})", R"({"name":"X","theme":"groen","leader":"Joke"})",
        R"({"name":1,"theme":"groen"})", "[]", "naam"}) {
    auto response = as(anna_token_, "POST", "/api/v1/workgroups", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_TRUE(json_of(response).contains("error")) << body;
  }
  auto duplicate = as(anna_token_, "POST", "/api/v1/workgroups", R"({"name":"Groen Centrum","theme":"groen"})");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_THAT(json_of(duplicate)["error"].get<std::string>(), HasSubstr("exists already"));
  EXPECT_EQ(json_of(as(anna_token_, "GET", "/api/v1/workgroups")).size(), 2u);
}

TEST_F(ApiWorkgroups, ANameWithControlCharactersIs400) {
  for (const std::string name : {"Groen\\u001b]0;pwned\\u0007", "Groen\\nOost", "Groen\\tOost", "Groen\\u009b2J"}) {
    const auto body = R"({"name":")" + name + R"(","theme":"groen"})";
    EXPECT_EQ(as(anna_token_, "POST", "/api/v1/workgroups", body).status, 400) << body;
    EXPECT_EQ(as(anna_token_, "PATCH", path_of(green_), R"({"name":")" + name + R"("})").status, 400) << body;
  }
  EXPECT_EQ(listed("Groen Centrum")["theme"], "groen");
}

TEST_F(ApiWorkgroups, PatchChangesOnlyWhatItSends) {
  auto response = as(anna_token_, "PATCH", path_of(green_), R"({"description":"Bomen en bloemen"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["name"], "Groen Centrum");
  EXPECT_EQ(json_of(response)["description"], "Bomen en bloemen");
  response = as(anna_token_, "PATCH", path_of(green_), R"({"name":"Groen Noord","theme":"duurzaamheid"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["name"], "Groen Noord");
  EXPECT_EQ(json_of(response)["theme"], "duurzaamheid");
  EXPECT_EQ(json_of(response)["description"], "Bomen en bloemen");
  EXPECT_EQ(last_audit_action(), "workgroup.update");
  // Its own name is no conflict.
  EXPECT_EQ(as(anna_token_, "PATCH", path_of(green_), R"({"name":"Groen Noord"})").status, 200);
}

TEST_F(ApiWorkgroups, PatchRefusesWhatItCannotDo) {
  for (const std::string body : {R"({})", R"({"theme":"ruimtevaart"})", R"({"name":""})", R"({"name":null})",
                                 R"({"members":3})", R"({"description":5})"}) {
    EXPECT_EQ(as(anna_token_, "PATCH", path_of(green_), body).status, 400) << body;
  }
  EXPECT_EQ(as(anna_token_, "PATCH", path_of(green_), R"({"name":"Veilig Verkeer"})").status, 409);
  EXPECT_EQ(as(anna_token_, "PATCH", path_of(999), R"({"name":"X"})").status, 404);
  EXPECT_EQ(as(anna_token_, "PATCH", "/api/v1/workgroups/abc", R"({"name":"X"})").status, 404);
  EXPECT_EQ(listed("Groen Centrum")["theme"], "groen");
}

TEST_F(ApiWorkgroups, ALinkCodeLinksAGroupChatLikeTheCommandLineOne) {
  auto response = as(anna_token_, "POST", path_of(green_, "/link-code"));
  ASSERT_EQ(response.status, 201) << response.body;
  const auto code = json_of(response)["code"].get<std::string>();
  EXPECT_EQ(code.size(), 8u);
  EXPECT_EQ(code.find_first_not_of("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"), std::string::npos);
  const auto expires_at = json_of(response)["expires_at"].get<std::string>();
  EXPECT_EQ(expires_at.size(), 20u);
  EXPECT_EQ(expires_at, on_writer([](storage::Database& db) {
              auto row = db.prepare("SELECT expires_at FROM workgroup_link_codes");
              row.step();
              return row.text_at(0);
            }));
  EXPECT_EQ(on_writer([&](storage::Database& db) { return storage::Workgroups(db).redeem_link_code(code); }), green_);
  EXPECT_EQ(last_audit_action(), "workgroup.link_code");
  EXPECT_EQ(as(anna_token_, "POST", path_of(999, "/link-code")).status, 404);
}

TEST_F(ApiWorkgroups, ABroadcastReachesEveryLinkedChatAndEachMemberOnceOnTheChannelUsedLast) {
  link(green_, "-1001");
  link(green_, "-1002");
  member(green_, "8001", "lid@example.org");
  member(green_, "8002");
  const auto traffic = on_writer([](storage::Database& db) { return storage::Workgroups(db).find_by_name("Veilig Verkeer")->id; });
  link(traffic, "-2001");
  member(traffic, "9001");
  const int wakes_before = wakes_;
  auto response = as(anna_token_, "POST", path_of(green_, "/broadcasts"), R"({"text":"Zaterdag planten we bomen!"})");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(json_of(response)["recipients"], 4);
  std::vector<std::string> recipients;
  for (const auto& row : outbox()) {
    recipients.push_back(row.channel + ":" + row.address);
    EXPECT_EQ(row.priority, kPriorityBroadcast);
    EXPECT_EQ(nlohmann::json::parse(row.payload).get<OutboundMessage>().text, "Zaterdag planten we bomen!");
  }
  EXPECT_THAT(recipients, UnorderedElementsAre("telegram:-1001", "telegram:-1002", "telegram:8001", "telegram:8002"))
      << "a member with e-mail too gets it once, on Telegram, the channel they used last";
  EXPECT_GT(wakes_.load(), wakes_before);
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit?limit=1"))[0];
  EXPECT_EQ(audit["action"], "workgroup.broadcast");
  EXPECT_EQ(audit["subject"], "Groen Centrum");
  EXPECT_EQ(audit["actor"], "officer:anna");
}

TEST_F(ApiWorkgroups, ABroadcastSkipsMembersWhoBlockedTheBot) {
  member(green_, "8001");
  member(green_, "8002");
  on_writer([](storage::Database& db) { storage::Residents(db).mark_unreachable("telegram", "8002"); });
  auto response = as(anna_token_, "POST", path_of(green_, "/broadcasts"), R"({"text":"Hallo"})");
  ASSERT_EQ(response.status, 201);
  EXPECT_EQ(json_of(response)["recipients"], 1);
  ASSERT_EQ(outbox().size(), 1u);
  EXPECT_EQ(outbox()[0].address, "8001");
}

TEST_F(ApiWorkgroups, ABroadcastNeedsTextAndAWorkgroup) {
  member(green_, "8001");
  for (const std::string body : {R"({})", R"({"text":""})", R"({"text":" "})", R"({"text":1})",
                                 R"({"text":"x","urgent":true})", "Hallo"}) {
    EXPECT_EQ(as(anna_token_, "POST", path_of(green_, "/broadcasts"), body).status, 400) << body;
  }
  EXPECT_EQ(as(anna_token_, "POST", path_of(green_, "/broadcasts"),
               nlohmann::json{{"text", std::string(10001, 'a')}}.dump())
                .status,
            400);
  EXPECT_EQ(as(anna_token_, "POST", path_of(999, "/broadcasts"), R"({"text":"Hallo"})").status, 404);
  EXPECT_TRUE(outbox().empty());
}

TEST_F(ApiWorkgroups, UnlinkingAChatRemovesItFromThatWorkgroupOnly) {
  link(green_, "-1001");
  link(green_, "-1002");
  auto response = as(anna_token_, "DELETE", path_of(green_, "/chats/telegram/-1001"));
  EXPECT_EQ(response.status, 204);
  const auto chats = listed("Groen Centrum")["chats"];
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(chats[0]["address"], "-1002");
  EXPECT_EQ(last_audit_action(), "workgroup.unlink");
  const auto traffic = listed("Veilig Verkeer")["id"].get<storage::Id>();
  EXPECT_EQ(as(anna_token_, "DELETE", path_of(traffic, "/chats/telegram/-1002")).status, 404);
  EXPECT_EQ(as(anna_token_, "DELETE", path_of(green_, "/chats/telegram/-1001")).status, 404);
  EXPECT_EQ(as(anna_token_, "DELETE", path_of(green_, "/chats/matrix/-1002")).status, 404);
  EXPECT_EQ(as(anna_token_, "DELETE", path_of(999, "/chats/telegram/-1002")).status, 404);
  EXPECT_EQ(listed("Groen Centrum")["chats"].size(), 1u);
}

}  // namespace
}  // namespace buurtbot::api::testing
