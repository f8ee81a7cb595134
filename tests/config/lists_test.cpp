// Themes, neighbourhoods and workgroup seeds: the two entry forms and the mistakes people make in them.

#include "config/config.hpp"
#include "tests/config/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::config {
namespace {

using testing::no_env;
using testing::load_fixture;
using testing::reported;

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigThemes, PlainStringEntryDerivesBothLabelsFromTheKey) {
  const LoadResult result = load_fixture("themes.yaml");
  EXPECT_THAT(reported(result), IsEmpty());
  EXPECT_EQ(result.config.municipality.themes.at(0), (Listed{"groen", "Groen", "Groen"}));
  EXPECT_EQ(result.config.municipality.themes.at(2), (Listed{"oude_haven", "Oude haven", "Oude haven"}));
  EXPECT_EQ(result.config.municipality.neighbourhoods.at(0), (Listed{"centrum", "Centrum", "Centrum"}));
}

TEST(ConfigThemes, MapEntryKeepsItsLabelsAndEnglishFallsBackToDutch) {
  const LoadResult result = load_fixture("themes.yaml");
  EXPECT_EQ(result.config.municipality.themes.at(1), (Listed{"verkeer", "Verkeer", "Traffic"}));
  EXPECT_EQ(result.config.municipality.themes.at(3), (Listed{"spelen", "Spelen en bewegen", "Spelen en bewegen"}));
  EXPECT_EQ(result.config.municipality.neighbourhoods.at(1), (Listed{"noord", "Noord", "North"}));
}

TEST(ConfigThemes, WorkgroupSeedOnAListedThemeIsRead) {
  const LoadResult result = load_fixture("themes.yaml");
  EXPECT_THAT(result.config.workgroups,
              ElementsAre(WorkgroupSeed{"Groen Centrum", "groen", "Wij maken het centrum groener."}));
}

TEST(ConfigThemes, MistakesInsideEntriesAreReportedAtTheirLines) {
  const LoadResult result = load_fixture("theme_entries_wrong.yaml");
  EXPECT_THAT(reported(result),
              ElementsAre("theme_entries_wrong.yaml:3: unknown key 'nll' in a theme (did you mean 'nl'?)",
                          "theme_entries_wrong.yaml:4: a theme needs a key, for example {key: groen, nl: Groen, "
                          "en: Greenery}",
                          "theme_entries_wrong.yaml:5: a theme must be a key like 'groen' or a map like "
                          "{key: groen, nl: Groen, en: Greenery}",
                          "theme_entries_wrong.yaml:7: workgroup 'Groen Centrum' needs a theme, one of "
                          "municipality.themes",
                          "theme_entries_wrong.yaml:8: unknown key 'thema' in a workgroup (did you mean 'theme'?)",
                          "theme_entries_wrong.yaml:9: a workgroup must be a map with a name, a theme and a "
                          "description"));
  EXPECT_THAT(result.config.municipality.themes, ElementsAre(Listed{"groen", "Groen", "Groen"}));
}

TEST(ConfigMetricsAllow, IsAListOfIpAddressesAndAMistakeIsReportedAtItsLine) {
  const LoadResult result = load_fixture("metrics_allow.yaml");
  EXPECT_THAT(reported(result), ElementsAre("metrics_allow.yaml:5: server.metrics_allow lists something that is not "
                                            "an IP address like 127.0.0.1 or ::1"));
  EXPECT_THAT(result.config.server.metrics_allow, ElementsAre("10.0.0.5", "::1"));
}

TEST(ConfigHolidays, AreIsoDatesAndAMistakeIsReportedAtItsLine) {
  const LoadResult result = load_fixture("holidays.yaml");
  EXPECT_THAT(reported(result),
              ElementsAre("holidays.yaml:5: inbox.holidays lists something that is not a date like 2026-12-25",
                          "holidays.yaml:6: inbox.holidays lists something that is not a date like 2026-12-25"));
  EXPECT_THAT(result.config.inbox.holidays, ElementsAre("2026-12-25", "2026-12-26"));
  using namespace std::chrono;
  EXPECT_THAT(holiday_dates(result.config.inbox),
              ElementsAre(sys_days(year(2026) / 12 / 25), sys_days(year(2026) / 12 / 26)));
}

TEST(ConfigHolidays, NoneByDefault) { EXPECT_THAT(Config{}.inbox.holidays, IsEmpty()); }

TEST(ConfigHolidays, IsoDatesAreReadStrictly) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), std::chrono::sys_days(std::chrono::year(2024) / 2 / 29));
  for (const char* wrong : {"2026-02-30", "25-12-2026", "2026-1-05", "2026-12-25T00:00", "2026-13-01", "+026-12-25"})
    EXPECT_FALSE(parse_iso_date(wrong)) << wrong;
}

}  // namespace
}  // namespace buurtbot::config
