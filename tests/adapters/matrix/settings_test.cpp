// The `matrix:` config section: declared by the channel, documented in its folder, read back typed.
#include "adapters/matrix/settings.hpp"

#include "adapters/matrix/channel.hpp"
#include "bot/core/startup_error.hpp"
#include "tests/config/fixtures.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

namespace buurtbot::adapters::matrix {
namespace {

const std::filesystem::path kFolder = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "adapters/matrix";

bool has_path(const YAML::Node& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return node.IsMap() && node[path].IsDefined();
  const YAML::Node child = node[path.substr(0, dot)];
  return child.IsMap() && has_path(child, path.substr(dot + 1));
}

struct JournalSinkThatStoresNothing final : JournalSink {
  void journal(InboundMessage, std::function<void(Journaled)> done) override { done(Journaled::failed); }
  bool backlogged() const override { return false; }
};

config::Config loaded(const std::map<std::string, std::string>& values) {
  const config::EnvLookup env = [values](const std::string& name) -> std::optional<std::string> {
    if (auto it = values.find(name); it != values.end()) return it->second;
    return std::nullopt;
  };
  auto result = config::load_defaults(env, config::testing::with_demo_sections(settings_section()));
  EXPECT_TRUE(result.ok());
  return result.config;
}

TEST(MatrixSettings, TheFolderDocumentsEveryKey) {
  const YAML::Node example = YAML::LoadFile((kFolder / "example.yaml").string());
  const config::SectionSpec spec = settings_section();
  for (const config::Setting& setting : spec.settings)
    EXPECT_TRUE(has_path(example[spec.name], setting.name)) << setting.name << " is missing from example.yaml";
}

TEST(MatrixSettings, TheExampleShowsTheDefaults) {
  const auto result = config::load_file(kFolder / "example.yaml", config::testing::no_env(), {settings_section()});
  ASSERT_TRUE(result.ok()) << config::format(result.errors.front());
  EXPECT_EQ(result.config.section("matrix"), config::defaults_of(settings_section()));
}

TEST(MatrixSettings, ReadsWhatTheEnvironmentSets) {
  const auto read = settings_of(loaded({{"BUURTBOT_MATRIX_ENABLED", "true"},
                                        {"BUURTBOT_MATRIX_SERVER_NAME", "gemeente.example"},
                                        {"BUURTBOT_MATRIX_SENDER_LOCALPART", "dorpsbot"},
                                        {"BUURTBOT_MATRIX_ALLOWED_HOMESERVERS", "gemeente.example, Matrix.Org"},
                                        {"BUURTBOT_MATRIX_RATE_ROOM_PER_S", "2"}}));
  EXPECT_TRUE(read.enabled);
  EXPECT_EQ(read.user_id(), "@dorpsbot:gemeente.example");
  EXPECT_EQ(read.allowed_servers(), (std::vector<std::string>{"gemeente.example", "matrix.org"}));
  EXPECT_EQ(read.rate.room_per_s, 2);
}

TEST(MatrixSettings, WithoutAnAllowListOnlyTheOwnHomeserverInvites) {
  MatrixSettings settings;
  settings.server_name = "Gemeente.Example";
  EXPECT_EQ(settings.allowed_servers(), std::vector<std::string>{"gemeente.example"});
}

TEST(MatrixSettings, SyncModeNeedsTheAccountsAccessTokenAndServesNoRoutes) {
  const auto config = loaded({{"BUURTBOT_MATRIX_ENABLED", "true"}, {"BUURTBOT_MATRIX_MODE", "sync"},
                              {"BUURTBOT_MATRIX_ACCESS_TOKEN_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"}});
  try {
    build(config);
    FAIL() << "sync mode started without a token";
  } catch (const StartupError& e) {
    EXPECT_NE(std::string(e.what()).find("BUURTBOT_TEST_NO_SUCH_VARIABLE"), std::string::npos) << e.what();
  }
  ::setenv("BUURTBOT_TEST_SYNC_TOKEN", "a-token", 1);
  auto channel = build(loaded({{"BUURTBOT_MATRIX_ENABLED", "true"}, {"BUURTBOT_MATRIX_MODE", "sync"},
                               {"BUURTBOT_MATRIX_ACCESS_TOKEN_ENV", "BUURTBOT_TEST_SYNC_TOKEN"}}));
  ::unsetenv("BUURTBOT_TEST_SYNC_TOKEN");
  ASSERT_NE(channel, nullptr);
  JournalSinkThatStoresNothing journal;
  EXPECT_TRUE(channel->routes(journal).empty()) << "an ordinary account is not pushed to";
}

TEST(MatrixSettings, AMissingTokenIsAStartupError) {
  const auto config = loaded({{"BUURTBOT_MATRIX_ENABLED", "true"}, {"BUURTBOT_MATRIX_AS_TOKEN_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"}});
  EXPECT_THROW(build(config), StartupError);
  EXPECT_EQ(build(loaded({})), nullptr) << "disabled: nothing built";
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
