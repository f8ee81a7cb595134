// Reports through the API: the summary of a period and the initiatives as a safe spreadsheet.
#include "tests/bot/api/api_fixture.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;

class ApiReports : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    on_writer([](storage::Database& db) {
      storage::Residents residents(db);
      auto sanne = residents.find_or_create("telegram", "8001", "8001", "Sanne", "nl");
      auto ahmed = residents.find_or_create("telegram", "8002", "8002", "Ahmed", "nl");
      storage::Initiatives initiatives(db);
      auto add = [&](const std::string& title, const std::string& theme, const std::string& created_at) {
        auto draft = storage::testing::TempDatabaseTest::draft(title, sanne.id);
        draft.theme = theme;
        auto created = initiatives.create(draft, 2026);
        db.prepare("UPDATE initiatives SET created_at = ?2 WHERE id = ?1").bind(1, created.id).bind(2, created_at).run();
        return created;
      };
      auto garden = add("Moestuin, \"groot\"", "groen", "2026-03-01T09:00:00Z");
      add("=1+1", "verkeer", "2026-03-31T23:00:00Z");
      add("Te laat", "groen", "2026-04-01T00:00:00Z");
      initiatives.support(garden.id, ahmed.id);
      initiatives.follow(garden.id, ahmed.id);
      db.exec("UPDATE supports SET created_at = '2026-03-02T10:00:00Z'");
      const auto thread = storage::Inbox(db).open_thread(ahmed.id, "telegram", "8002", "Vraag");
      db.prepare("UPDATE inbox_threads SET created_at = '2026-03-10T10:00:00Z', "
                 "first_response_at = '2026-03-10T11:00:00Z', resolved_at = '2026-03-11T10:00:00Z' WHERE id = ?1")
          .bind(1, thread)
          .run();
    });
  }
};

TEST_F(ApiReports, TheSummaryCountsWhatWasCreatedInThePeriod) {
  auto response = as(anna_token_, "GET", "/api/v1/reports/summary?from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto report = json_of(response);
  EXPECT_EQ(report["from"], "2026-03-01");
  EXPECT_EQ(report["to"], "2026-03-31");
  EXPECT_EQ(report["initiatives"]["total"], 2);
  EXPECT_EQ(report["initiatives"]["by_status"], nlohmann::json({{"submitted", 2}}));
  EXPECT_EQ(report["initiatives"]["by_theme"], nlohmann::json({{"groen", 1}, {"verkeer", 1}}));
  EXPECT_EQ(report["initiatives"]["by_neighbourhood"], nlohmann::json({{"centrum", 2}}));
  EXPECT_EQ(report["supports"], 1);
  EXPECT_EQ(report["questions"]["total"], 1);
  EXPECT_EQ(report["questions"]["by_channel"], nlohmann::json({{"telegram", 1}}));
  EXPECT_EQ(report["median_first_response_seconds"], 3600);
  EXPECT_EQ(report["median_resolution_seconds"], 86400);
}

TEST_F(ApiReports, WithoutDatesTheSummaryCoversEverything) {
  const auto report = json_of(as(anna_token_, "GET", "/api/v1/reports/summary"));
  EXPECT_TRUE(report["from"].is_null());
  EXPECT_TRUE(report["to"].is_null());
  EXPECT_EQ(report["initiatives"]["total"], 3);
}

TEST_F(ApiReports, AnEmptyPeriodHasZerosEmptyObjectsAndNullMedians) {
  const auto report = json_of(as(anna_token_, "GET", "/api/v1/reports/summary?from=2025-01-01&to=2025-01-31"));
  EXPECT_EQ(report["initiatives"]["total"], 0);
  EXPECT_TRUE(report["initiatives"]["by_status"].is_object());
  EXPECT_TRUE(report["initiatives"]["by_status"].empty());
  EXPECT_TRUE(report["questions"]["by_channel"].is_object());
  EXPECT_TRUE(report["median_first_response_seconds"].is_null());
  EXPECT_TRUE(report["median_resolution_seconds"].is_null());
}

TEST_F(ApiReports, BadDatesAre400) {
  for (const std::string query : {"?from=2026-3-1", "?from=2026-02-30", "?to=yesterday", "?from=2026-13-01",
                                  "?from=2026-04-01&to=2026-03-01", "?since=2026-01-01", "?from=2026-01-01T00:00",
                                  "?from=%2B026-01-01"}) {
    for (const std::string path : {"/api/v1/reports/summary", "/api/v1/reports/initiatives.csv"}) {
      auto response = as(anna_token_, "GET", path + query);
      EXPECT_EQ(response.status, 400) << path << query;
      EXPECT_TRUE(json_of(response).contains("error")) << path << query;
    }
  }
}

TEST_F(ApiReports, TheCsvIsADownloadWithOneQuotedRowPerInitiative) {
  auto response = as(anna_token_, "GET", "/api/v1/reports/initiatives.csv?from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(header(response, "content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(header(response, "content-disposition"),
            "attachment; filename=\"initiatives-from-2026-03-01-to-2026-03-31.csv\"");
  const std::string expected =
      "reference,title,theme,neighbourhood,status,supports,followers,created_at\r\n"
      "BI-2026-0001,\"Moestuin, \"\"groot\"\"\",groen,centrum,submitted,1,1,2026-03-01T09:00:00Z\r\n"
      "BI-2026-0002,'=1+1,verkeer,centrum,submitted,0,0,2026-03-31T23:00:00Z\r\n";
  EXPECT_EQ(response.body, expected);
  auto all = as(anna_token_, "GET", "/api/v1/reports/initiatives.csv");
  EXPECT_EQ(header(all, "content-disposition"), "attachment; filename=\"initiatives.csv\"");
  EXPECT_THAT(all.body, HasSubstr("Te laat"));
}

}  // namespace
}  // namespace buurtbot::api::testing
