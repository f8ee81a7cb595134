// BUURTBOT_* environment overrides, driven by the key table and read through an injected lookup.

#include "config/config.hpp"
#include "config/keys.hpp"
#include "tests/config/fixtures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace buurtbot::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::demo_sections;

const std::filesystem::path kDemo = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "config/demo.yaml";
const std::filesystem::path kFixtures = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/config";

EnvLookup env_from(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> formatted(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Issue& issue : result.errors) lines.push_back(format(issue));
  return lines;
}

std::vector<std::string> keys_of(const std::vector<Listed>& items) {
  std::vector<std::string> keys;
  for (const Listed& item : items) keys.push_back(item.key);
  return keys;
}

TEST(ConfigEnvironment, NamesAreTheDottedKeyInUpperCase) {
  EXPECT_EQ(env_name("storage.path"), "BUURTBOT_STORAGE_PATH");
  EXPECT_EQ(env_name("server.listen"), "BUURTBOT_SERVER_LISTEN");
  EXPECT_EQ(env_name("conversation.idle_minutes"), "BUURTBOT_CONVERSATION_IDLE_MINUTES");
}

TEST(ConfigEnvironment, OverridesAStringAnIntAndABool) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_STORAGE_PATH", "/tmp/other.db"},
                                                      {"BUURTBOT_SERVER_THREADS", "8"},
                                                      {"BUURTBOT_TERMINAL_ENABLED", "false"}}), demo_sections());
  EXPECT_THAT(formatted(result), IsEmpty());
  EXPECT_EQ(result.config.storage.path, "/tmp/other.db");
  EXPECT_EQ(result.config.server.threads, 8);
  EXPECT_FALSE(result.config.terminal.enabled);
  EXPECT_EQ(result.config.server.listen, "127.0.0.1:8080") << "keys without a variable keep the file's value";
}

TEST(ConfigEnvironment, OverridesAListWithCommaSeparatedKeysKeepingKnownLabels) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_MUNICIPALITY_THEMES", "groen, verkeer,markt"}}), demo_sections());
  EXPECT_THAT(formatted(result), IsEmpty());
  EXPECT_THAT(result.config.municipality.themes,
              ElementsAre(Listed{"groen", "Groen", "Greenery"}, Listed{"verkeer", "Verkeer", "Traffic"},
                          Listed{"markt", "Markt", "Markt"}));
}

TEST(ConfigEnvironment, OverridesTheBuiltInDefault) {
  const LoadResult result = load_defaults(env_from({{"BUURTBOT_MUNICIPALITY_NEIGHBOURHOODS", "centrum,haven"},
                                                    {"BUURTBOT_LOCALE_DEFAULT", "en"}}), demo_sections());
  EXPECT_THAT(formatted(result), IsEmpty());
  EXPECT_THAT(keys_of(result.config.municipality.neighbourhoods), ElementsAre("centrum", "haven"));
  EXPECT_EQ(result.config.locale.default_language, "en");
}

TEST(ConfigEnvironment, BadValueIsReportedNamingTheVariableAndKeepsTheFileValue) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_SERVER_THREADS", "veel"},
                                                      {"BUURTBOT_SERVER_LISTEN", "8080"}}), demo_sections());
  EXPECT_THAT(formatted(result),
              ElementsAre("environment: BUURTBOT_SERVER_LISTEN must be host:port, for example 127.0.0.1:8080, "
                          "not '8080'",
                          "environment: BUURTBOT_SERVER_THREADS must be a whole number from 1 to 64, not 'veel'"));
  EXPECT_EQ(result.config.server.threads, 2);
  EXPECT_EQ(result.config.server.listen, "127.0.0.1:8080");
}

TEST(ConfigEnvironment, TheOfficersChatIsAChannelAndAnAddress) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_INBOX_ANNOUNCE_CHANNEL", "telegram"},
                                                      {"BUURTBOT_INBOX_ANNOUNCE_ADDRESS", "-1001234567890"}}), demo_sections());
  EXPECT_THAT(formatted(result), IsEmpty());
  EXPECT_EQ(result.config.inbox.announce_channel, "telegram");
  EXPECT_EQ(result.config.inbox.announce_address, "-1001234567890");
}

TEST(ConfigEnvironment, TheTrustedProxyIsAnIpAddress) {
  for (const std::string address : {"127.0.0.1", "::1", "2001:db8::7", "10.0.0.254"}) {
    const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_SERVER_TRUSTED_PROXY", address}}), demo_sections());
    EXPECT_THAT(formatted(result), IsEmpty()) << address;
    EXPECT_EQ(result.config.server.trusted_proxy, address);
  }
  for (const std::string address : {"nginx", "127.0.0.1:8080", "[::1]", "10.0.0"}) {
    const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_SERVER_TRUSTED_PROXY", address}}), demo_sections());
    EXPECT_THAT(formatted(result), ElementsAre("environment: BUURTBOT_SERVER_TRUSTED_PROXY must be an IP address like "
                                               "127.0.0.1 or ::1, or empty, not '" + address + "'"))
        << address;
  }
}

TEST(ConfigEnvironment, MetricsAreForLoopbackUnlessTheListSaysOtherwise) {
  const LoadResult defaults = load_file(kDemo, env_from({}), demo_sections());
  EXPECT_THAT(defaults.config.server.metrics_allow, ElementsAre("127.0.0.1", "::1"));
  EXPECT_EQ(defaults.config.server.metrics_token_env, "BUURTBOT_METRICS_TOKEN");
  const LoadResult listed = load_file(kDemo, env_from({{"BUURTBOT_SERVER_METRICS_ALLOW", "10.0.0.5, 2001:db8::7"}}), demo_sections());
  EXPECT_THAT(formatted(listed), IsEmpty());
  EXPECT_THAT(listed.config.server.metrics_allow, ElementsAre("10.0.0.5", "2001:db8::7"));
  const LoadResult none = load_file(kDemo, env_from({{"BUURTBOT_SERVER_METRICS_ALLOW", ""}}), demo_sections());
  EXPECT_THAT(none.config.server.metrics_allow, IsEmpty()) << "the token alone then reads /metrics";
  const LoadResult bad = load_file(kDemo, env_from({{"BUURTBOT_SERVER_METRICS_ALLOW", "127.0.0.1,prometheus"}}), demo_sections());
  EXPECT_THAT(formatted(bad), ElementsAre("environment: BUURTBOT_SERVER_METRICS_ALLOW has 'prometheus', which is not "
                                          "an IP address like 127.0.0.1 or ::1"));
}

TEST(ConfigEnvironment, BadListIsReportedNamingTheVariable) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_MUNICIPALITY_THEMES", "groen,Verkeer"}}), demo_sections());
  EXPECT_THAT(formatted(result),
              ElementsAre("environment: BUURTBOT_MUNICIPALITY_THEMES has theme key 'Verkeer', which may only use "
                          "lowercase letters, digits, '-' and '_'"));
}

TEST(ConfigEnvironment, ListThatDropsAWorkgroupsThemeIsReportedAtTheWorkgroup) {
  const LoadResult result = load_file(kDemo, env_from({{"BUURTBOT_MUNICIPALITY_THEMES", "groen,spelen"}}), demo_sections());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_GT(result.errors[0].line, 0);
  EXPECT_EQ(result.errors[0].message,
            "workgroup 'Veilig Verkeer' has theme 'verkeer', which is not in municipality.themes");
}

TEST(ConfigEnvironment, FileErrorsComeFirstInLineOrderThenTheEnvironmentsErrors) {
  const EnvLookup env = env_from({{"BUURTBOT_CONVERSATION_IDLE_MINUTES", "-5"}});
  const LoadResult result = load_file(kFixtures / "bad_values.yaml", env);
  ASSERT_GE(result.errors.size(), 2u);
  for (std::size_t i = 0; i + 2 < result.errors.size(); ++i) {
    EXPECT_LE(result.errors[i].line, result.errors[i + 1].line);
  }
  EXPECT_EQ(format(result.errors.back()),
            "environment: BUURTBOT_CONVERSATION_IDLE_MINUTES must be a whole number from 1 to 1440, not '-5'");
}

// Reading the environment the other way round (scanning BUURTBOT_*) would accept typos silently.
TEST(ConfigEnvironment, AsksOnlyForTheVariablesOfTheKeyTable) {
  std::vector<std::string> asked;
  const EnvLookup recording = [&](const std::string& name) -> std::optional<std::string> {
    asked.push_back(name);
    return std::nullopt;
  };
  ASSERT_TRUE(load_file(kDemo, recording, demo_sections()).ok());
  std::set<std::string> expected;
  for (const detail::Key& key : detail::keys()) {
    if (key.from_text) expected.insert(env_name(key.path));
  }
  for (const SectionSpec& section : demo_sections())
    for (const Setting& setting : section.settings) expected.insert(env_name(section.name + "." + setting.name));
  EXPECT_EQ(std::set<std::string>(asked.begin(), asked.end()), expected);
  EXPECT_EQ(asked.size(), expected.size()) << "every key has its own variable name";
  EXPECT_TRUE(expected.contains("BUURTBOT_MUNICIPALITY_THEMES"));
  EXPECT_FALSE(expected.contains("BUURTBOT_WORKGROUPS")) << "workgroups have no text form";
}

}  // namespace
}  // namespace buurtbot::config
