// The `telegram:` config section: declared by the channel, documented in its folder, read back typed.

#include "adapters/telegram/settings.hpp"
#include "tests/config/fixtures.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

namespace buurtbot::adapters::telegram {
namespace {

const std::filesystem::path kFolder = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "adapters/telegram";

bool has_path(const YAML::Node& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return node.IsMap() && node[path].IsDefined();
  const YAML::Node child = node[path.substr(0, dot)];
  return child.IsMap() && has_path(child, path.substr(dot + 1));
}

TEST(TelegramSettings, TheFolderDocumentsEveryKey) {
  const YAML::Node example = YAML::LoadFile((kFolder / "example.yaml").string());
  const config::SectionSpec spec = settings_section();
  for (const config::Setting& setting : spec.settings) {
    EXPECT_TRUE(has_path(example[spec.name], setting.name)) << setting.name << " is missing from example.yaml";
  }
}

TEST(TelegramSettings, TheExampleShowsTheDefaults) {
  const auto loaded = config::load_file(kFolder / "example.yaml", config::testing::no_env(), {settings_section()});
  ASSERT_TRUE(loaded.ok()) << config::format(loaded.errors.front());
  EXPECT_EQ(loaded.config.section("telegram"), config::defaults_of(settings_section()));
  const TelegramSettings read = settings_of(loaded.config);
  const TelegramSettings fallback;
  EXPECT_EQ(read.mode, fallback.mode);
  EXPECT_EQ(read.api_url, fallback.api_url);
  EXPECT_EQ(read.senders, fallback.senders);
  EXPECT_EQ(read.rate.group_per_min, fallback.rate.group_per_min);
}

TEST(TelegramSettings, ReadsWhatTheEnvironmentSets) {
  const config::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "BUURTBOT_TELEGRAM_ENABLED") return "true";
    if (name == "BUURTBOT_TELEGRAM_MODE") return "polling";
    if (name == "BUURTBOT_TELEGRAM_RATE_CHAT_PER_S") return "3";
    if (name == "BUURTBOT_TELEGRAM_BOT_USERNAME") return "dorpsbot";
    return std::nullopt;
  };
  const auto loaded = config::load_defaults(env, config::testing::with_demo_sections(settings_section()));
  ASSERT_TRUE(loaded.ok());
  const TelegramSettings read = settings_of(loaded.config);
  EXPECT_TRUE(read.enabled);
  EXPECT_EQ(read.mode, "polling");
  EXPECT_EQ(read.rate.chat_per_s, 3);
  EXPECT_EQ(read.bot_username, "dorpsbot");
}

}  // namespace
}  // namespace buurtbot::adapters::telegram
