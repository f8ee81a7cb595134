// The `webchat:` config section: declared by the channel, documented in its folder, read back typed.

#include "adapters/web/settings.hpp"
#include "tests/config/fixtures.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

namespace buurtbot::adapters::web {
namespace {

const std::filesystem::path kFolder = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "adapters/web";

bool has_path(const YAML::Node& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return node.IsMap() && node[path].IsDefined();
  const YAML::Node child = node[path.substr(0, dot)];
  return child.IsMap() && has_path(child, path.substr(dot + 1));
}

TEST(WebChatSettings, TheFolderDocumentsEveryKey) {
  const YAML::Node example = YAML::LoadFile((kFolder / "example.yaml").string());
  const config::SectionSpec spec = settings_section();
  for (const config::Setting& setting : spec.settings)
    EXPECT_TRUE(has_path(example[spec.name], setting.name)) << setting.name << " is missing from example.yaml";
}

TEST(WebChatSettings, TheExampleShowsTheDefaults) {
  const auto loaded = config::load_file(kFolder / "example.yaml", config::testing::no_env(), {settings_section()});
  ASSERT_TRUE(loaded.ok()) << config::format(loaded.errors.front());
  EXPECT_EQ(loaded.config.section("webchat"), config::defaults_of(settings_section()));
  const WebChatSettings read = settings_of(loaded.config);
  const WebChatSettings fallback;
  EXPECT_FALSE(read.enabled);
  EXPECT_EQ(read.session_days, fallback.session_days);
  EXPECT_EQ(read.limits.posts_per_minute, fallback.limits.posts_per_minute);
  EXPECT_EQ(read.limits.streams_per_session, fallback.limits.streams_per_session);
}

TEST(WebChatSettings, TheDemoServesTheChat) {
  const auto loaded = config::load_file(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "config/demo.yaml",
                                        config::testing::no_env(), {settings_section()});
  ASSERT_TRUE(loaded.ok()) << config::format(loaded.errors.front());
  EXPECT_TRUE(settings_of(loaded.config).enabled);
}

}  // namespace
}  // namespace buurtbot::adapters::web
