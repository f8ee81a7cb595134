// Sections declared outside config/, the way a channel declares its own keys: read, checked,
// overridden from the environment and reported like config/'s own, with config/ knowing nothing of them.

#include "config/config.hpp"
#include "config/section.hpp"
#include "tests/config/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <stdexcept>

namespace buurtbot::config {
namespace {

using testing::no_env;
using testing::reported;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/config";

/// A channel that carries messages by pigeon, declared here and nowhere in config/.
SectionSpec pigeon() {
  return {"duif",
          {flag_setting("enabled", false), text_setting("loft", "Stadhuis"), whole_setting("rate.per_min", 6, 1, 60),
           one_of_setting("mode", "day", {"day", "night"}), optional_text_setting("ring")}};
}

EnvLookup env_from(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConfigSection, ReadsTheDeclaredKeysFromTheFile) {
  const LoadResult result = load_file(kFixtures / "declared_section.yaml", no_env(), {pigeon()});
  ASSERT_THAT(reported(result), IsEmpty());
  const Settings& duif = result.config.section("duif");
  EXPECT_TRUE(duif.flag("enabled"));
  EXPECT_EQ(duif.text("loft"), "Dorpsplein");
  EXPECT_EQ(duif.whole("rate.per_min"), 12);
  EXPECT_EQ(duif.text("mode"), "day") << "a key left out keeps its default";
  EXPECT_EQ(duif.text("ring"), "");
}

TEST(ConfigSection, HasItsDefaultsWhenTheFileLeavesItOut) {
  const LoadResult result = load_file(kFixtures / "partial.yaml", no_env(), {pigeon()});
  ASSERT_THAT(reported(result), IsEmpty());
  EXPECT_EQ(result.config.section("duif"), defaults_of(pigeon()));
  EXPECT_FALSE(result.config.section("duif").flag("enabled"));
  EXPECT_EQ(result.config.section("duif").whole("rate.per_min"), 6);
}

TEST(ConfigSection, IsUnknownWhenNobodyDeclaresIt) {
  const LoadResult result = load_file(kFixtures / "declared_section.yaml", no_env());
  EXPECT_THAT(reported(result), ElementsAre("declared_section.yaml:4: unknown key 'duif'"));
  EXPECT_THROW(result.config.section("duif"), std::logic_error);
}

TEST(ConfigSection, ReportsItsMistakesWithLinesAndSuggestions) {
  const LoadResult result = load_file(kFixtures / "declared_section_wrong.yaml", no_env(), {pigeon()});
  EXPECT_THAT(reported(result),
              ElementsAre("declared_section_wrong.yaml:3: duif.enabled must be true or false, not 'perhaps'",
                          "declared_section_wrong.yaml:4: unknown key 'lof' in duif (did you mean 'loft'?)",
                          "declared_section_wrong.yaml:6: duif.rate.per_min must be a whole number from 1 to 60, "
                          "not '100000'",
                          "declared_section_wrong.yaml:7: 'duif.secret' looks like a secret, and secrets never go in "
                          "the config file: put it in an environment variable and name that variable with "
                          "'duif.secret_env'"));
}

TEST(ConfigSection, TakesEnvironmentOverrides) {
  const LoadResult result = load_file(kFixtures / "partial.yaml",
                                      env_from({{"BUURTBOT_DUIF_RATE_PER_MIN", "30"}, {"BUURTBOT_DUIF_MODE", "dusk"}}),
                                      {pigeon()});
  EXPECT_THAT(reported(result),
              ElementsAre("environment: BUURTBOT_DUIF_MODE must be day or night, not 'dusk'"));
  EXPECT_EQ(result.config.section("duif").whole("rate.per_min"), 30);
  EXPECT_EQ(result.config.section("duif").text("mode"), "day") << "a refused value changes nothing";
}

TEST(ConfigSection, AnUndeclaredNameIsAProgrammingError) {
  const LoadResult result = load_file(kFixtures / "partial.yaml", no_env(), {pigeon()});
  EXPECT_THROW(result.config.section("duif").text("wings"), std::logic_error);
}

}  // namespace
}  // namespace buurtbot::config
