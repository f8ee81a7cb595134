// Report figures: counted by creation day within an inclusive range, medians of answer times.
#include "storage/reports.hpp"

#include "tests/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace buurtbot::storage::testing {
namespace {

class StorageReports : public TempDatabaseTest {
 protected:
  Id initiative_on(const std::string& title, const std::string& created_at) {
    auto added = Initiatives(db()).create(draft(title), 2026);
    db().prepare("UPDATE initiatives SET created_at = ?2 WHERE id = ?1").bind(1, added.id).bind(2, created_at).run();
    return added.id;
  }

  Id thread_on(const std::string& name, const std::string& created_at) {
    const Id id = Inbox(db()).open_thread(resident(name), "terminal", name, "Vraag");
    db().prepare("UPDATE inbox_threads SET created_at = ?2 WHERE id = ?1").bind(1, id).bind(2, created_at).run();
    return id;
  }

  void answered_after(Id thread, int seconds, std::optional<int> resolved_seconds = std::nullopt) {
    db().prepare("UPDATE inbox_threads SET first_response_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, ?2 || "
                 "' seconds'), resolved_at = CASE WHEN ?3 IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', "
                 "created_at, ?3 || ' seconds') END WHERE id = ?1")
        .bind(1, thread)
        .bind(2, seconds)
        .bind(3, resolved_seconds ? std::optional<std::int64_t>(*resolved_seconds) : std::nullopt)
        .run();
  }
};

TEST_F(StorageReports, CountsWhatWasCreatedWithinTheRangeWithTheLastDayIncluded) {
  initiative_on("Te vroeg", "2026-02-28T23:59:59Z");
  const Id first = initiative_on("Eerste", "2026-03-01T00:00:00Z");
  initiative_on("Laatste", "2026-03-31T23:59:59Z");
  initiative_on("Te laat", "2026-04-01T00:00:00Z");
  Initiatives(db()).support(first, resident("joke"));
  db().exec("UPDATE supports SET created_at = '2026-03-02T10:00:00Z'");
  thread_on("karel", "2026-03-15T12:00:00Z");

  const auto march = Reports(db()).summary({"2026-03-01", "2026-03-31"});
  EXPECT_EQ(march.initiatives, 2);
  EXPECT_EQ(march.initiatives_by_status.at("submitted"), 2);
  EXPECT_EQ(march.initiatives_by_theme.at("groen"), 2);
  EXPECT_EQ(march.initiatives_by_neighbourhood.at("centrum"), 2);
  EXPECT_EQ(march.supports, 1);
  EXPECT_EQ(march.questions, 1);
  EXPECT_EQ(march.questions_by_channel.at("terminal"), 1);

  EXPECT_EQ(Reports(db()).summary({}).initiatives, 4);
  EXPECT_EQ(Reports(db()).summary({"2026-04-01", std::nullopt}).initiatives, 1);
  EXPECT_EQ(Reports(db()).summary({std::nullopt, "2026-02-28"}).initiatives, 1);
  const auto rows = Reports(db()).initiatives({"2026-03-01", "2026-03-31"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].title, "Eerste");
  EXPECT_EQ(rows[0].supports, 1);
  EXPECT_EQ(rows[1].title, "Laatste");
}

TEST_F(StorageReports, MediansAreEmptyWithoutAnswersAndTheMiddleOtherwise) {
  const Id a = thread_on("a", "2026-03-01T10:00:00Z");
  EXPECT_FALSE(Reports(db()).summary({}).median_first_response_seconds);
  EXPECT_FALSE(Reports(db()).summary({}).median_resolution_seconds);
  const Id b = thread_on("b", "2026-03-01T10:00:00Z");
  const Id c = thread_on("c", "2026-03-01T10:00:00Z");
  answered_after(a, 60, 600);
  answered_after(b, 3600);
  answered_after(c, 120, 1000);
  const auto report = Reports(db()).summary({});
  EXPECT_EQ(report.median_first_response_seconds, 120);
  EXPECT_EQ(report.median_resolution_seconds, 800);
}

}  // namespace
}  // namespace buurtbot::storage::testing
