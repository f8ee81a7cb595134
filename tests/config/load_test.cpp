// Loading whole files: the demo, the example, the built-in default, and defaults for absent sections.

#include "config/config.hpp"
#include "tests/config/fixtures.hpp"
#include "config/keys.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::config {
namespace {

using testing::demo_sections;
using testing::no_env;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::filesystem::path kSourceDir = BUURTBOT_SOURCE_DIR;

std::vector<std::string> formatted(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Issue& issue : result.errors) lines.push_back(format(issue));
  return lines;
}

TEST(ConfigDemo, LoadsWithoutErrors) {
  const LoadResult result = load_file(kSourceDir / "config/demo.yaml", no_env(), demo_sections());
  EXPECT_THAT(formatted(result), IsEmpty());
  const Config& config = result.config;
  EXPECT_EQ(config.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(config.storage.path, "data/buurtbot.db");
  EXPECT_EQ(config.flows.dir, "flows");
  EXPECT_EQ(config.municipality.name, "Gemeente Voorbeeld");
  EXPECT_GE(config.municipality.themes.size(), 6u);
  EXPECT_EQ(config.municipality.themes.front(), (Listed{"groen", "Groen", "Greenery"}));
  ASSERT_EQ(config.workgroups.size(), 2u);
  EXPECT_EQ(config.workgroups[0].name, "Groen Centrum");
  EXPECT_EQ(config.workgroups[1].theme, "verkeer");
}

TEST(ConfigDemo, HasEveryRequiredThemeInBothLanguages) {
  const Config config = load_file(kSourceDir / "config/demo.yaml", no_env(), demo_sections()).config;
  for (const std::string key : {"groen", "verkeer", "spelen", "ouderen", "duurzaamheid", "cultuur"}) {
    const auto& themes = config.municipality.themes;
    const auto it = std::find_if(themes.begin(), themes.end(), [&](const Listed& theme) { return theme.key == key; });
    ASSERT_NE(it, themes.end()) << key;
    EXPECT_FALSE(it->nl.empty());
    EXPECT_FALSE(it->en.empty());
  }
}

TEST(ConfigDefaults, BuiltInDefaultIsTheDemo) {
  const LoadResult defaults = load_defaults(no_env(), demo_sections());
  EXPECT_THAT(formatted(defaults), IsEmpty());
  EXPECT_EQ(defaults.config, load_file(kSourceDir / "config/demo.yaml", no_env(), demo_sections()).config);
}

TEST(ConfigDefaults, AbsentSectionsKeepTheirDefaults) {
  const LoadResult result = load_file(kSourceDir / "tests/fixtures/config/partial.yaml", no_env());
  EXPECT_THAT(formatted(result), IsEmpty());
  Config expected;
  expected.storage.path = "/var/lib/buurtbot/buurtbot.db";
  EXPECT_EQ(result.config, expected);
  EXPECT_EQ(result.config.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(result.config.server.threads, 2);
  EXPECT_EQ(result.config.locale.default_language, "nl");
  EXPECT_EQ(result.config.conversation.idle_minutes, 30);
  EXPECT_TRUE(result.config.terminal.enabled);
}

TEST(ConfigExample, LoadsWithoutErrors) {
  const LoadResult result = load_file(kSourceDir / "config/buurtbot.example.yaml", no_env());
  EXPECT_THAT(formatted(result), IsEmpty());
}

bool has_path(const YAML::Node& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return node.IsMap() && node[path].IsDefined();
  const YAML::Node child = node[path.substr(0, dot)];
  return child.IsMap() && has_path(child, path.substr(dot + 1));
}

// The example documents every key, so a key added to the table must be added there too.
TEST(ConfigExample, ShowsEveryKeyOfTheTable) {
  const YAML::Node example = YAML::LoadFile((kSourceDir / "config/buurtbot.example.yaml").string());
  for (const detail::Key& key : detail::keys()) {
    EXPECT_TRUE(has_path(example, key.path)) << key.path << " is missing from buurtbot.example.yaml";
  }
}

TEST(ConfigFile, MissingFileIsAnErrorWithoutLine) {
  const LoadResult result = load_file(kSourceDir / "tests/fixtures/config/no_such_file.yaml", no_env());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 0);
  EXPECT_THAT(format(result.errors[0]), HasSubstr("no_such_file.yaml: cannot read the config file"));
}

TEST(ConfigFile, FolderIsAnErrorRatherThanAnEmptyConfig) {
  const LoadResult result = load_file(kSourceDir / "tests/fixtures/config", no_env());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].message, HasSubstr("folder"));
}

TEST(ConfigFormat, ShowsFileLineAndMessage) {
  EXPECT_EQ(format(Issue{"config/demo.yaml", 12, "unknown key 'sever' (did you mean 'server'?)"}),
            "config/demo.yaml:12: unknown key 'sever' (did you mean 'server'?)");
  EXPECT_EQ(format(Issue{"environment", 0, "BUURTBOT_SERVER_THREADS must be a whole number from 1 to 64, not 'x'"}),
            "environment: BUURTBOT_SERVER_THREADS must be a whole number from 1 to 64, not 'x'");
}

TEST(ConfigKeys, NoKeyInTheTableLooksLikeASecret) {
  for (const detail::Key& key : detail::keys()) EXPECT_FALSE(detail::looks_secret(key.path)) << key.path;
}

TEST(ConfigKeys, SectionsAndNamesComeFromTheTable) {
  const detail::KeyTable table({});
  EXPECT_TRUE(table.is_section("server"));
  EXPECT_FALSE(table.is_section("server.listen"));
  EXPECT_THAT(table.names_below("server"),
              ElementsAre("listen", "threads", "max_body_bytes", "max_connections", "max_connections_per_address",
                          "header_timeout_s", "idle_timeout_s", "max_waiting_updates", "tls_cert", "tls_key",
                          "trusted_proxy", "metrics_allow", "metrics_token_env"));
  EXPECT_NE(table.find("locale.default"), nullptr);
  EXPECT_EQ(table.find("locale.default_language"), nullptr);
}

}  // namespace
}  // namespace buurtbot::config
