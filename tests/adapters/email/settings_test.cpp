// The `email:` config section: declared by the channel, documented in its folder, read back typed.
#include "adapters/email/settings.hpp"

#include "adapters/email/channel.hpp"
#include "bot/core/startup_error.hpp"
#include "flows/definition.hpp"
#include "tests/config/fixtures.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

namespace buurtbot::adapters::email {
namespace {

const flows::FlowSet kNoFlows;
const std::filesystem::path kFolder = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "adapters/email";

bool has_path(const YAML::Node& node, const std::string& path) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) return node.IsMap() && node[path].IsDefined();
  const YAML::Node child = node[path.substr(0, dot)];
  return child.IsMap() && has_path(child, path.substr(dot + 1));
}

config::Config loaded(const std::map<std::string, std::string>& values) {
  const config::EnvLookup env = [values](const std::string& name) -> std::optional<std::string> {
    if (auto it = values.find(name); it != values.end()) return it->second;
    return std::nullopt;
  };
  auto result = config::load_defaults(env, config::testing::with_demo_sections(settings_section()));
  EXPECT_TRUE(result.ok());
  return result.config;
}

TEST(EmailSettings, TheFolderDocumentsEveryKey) {
  const YAML::Node example = YAML::LoadFile((kFolder / "example.yaml").string());
  const config::SectionSpec spec = settings_section();
  for (const config::Setting& setting : spec.settings)
    EXPECT_TRUE(has_path(example[spec.name], setting.name)) << setting.name << " is missing from example.yaml";
}

TEST(EmailSettings, TheExampleShowsTheDefaults) {
  const auto result = config::load_file(kFolder / "example.yaml", config::testing::no_env(), {settings_section()});
  ASSERT_TRUE(result.ok()) << config::format(result.errors.front());
  EXPECT_EQ(result.config.section("email"), config::defaults_of(settings_section()));
}

TEST(EmailSettings, ReadsWhatTheEnvironmentSets) {
  const auto read = settings_of(loaded({{"BUURTBOT_EMAIL_ENABLED", "true"},
                                        {"BUURTBOT_EMAIL_ADDRESS", "participatie@dorp.example"},
                                        {"BUURTBOT_EMAIL_SMTP_URL", "smtps://mail.dorp.example:465"},
                                        {"BUURTBOT_EMAIL_AUTO_REPLY_LIMIT_PER_HOUR", "3"}}));
  EXPECT_TRUE(read.enabled);
  EXPECT_EQ(read.domain(), "dorp.example");
  EXPECT_EQ(read.smtp_url, "smtps://mail.dorp.example:465");
  EXPECT_EQ(read.auto_reply_limit_per_hour, 3);
}

TEST(EmailSettings, AMissingWebhookSecretIsAStartupError) {
  const auto config = loaded({{"BUURTBOT_EMAIL_ENABLED", "true"}, {"BUURTBOT_EMAIL_WEBHOOK_SECRET_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"}});
  EXPECT_THROW(build(config, kNoFlows), StartupError);
  EXPECT_EQ(build(loaded({}), kNoFlows), nullptr) << "disabled: nothing built";
}

TEST(EmailSettings, AnSmtpUrlOfAnotherSchemeIsAStartupError) {
  setenv("BUURTBOT_TEST_EMAIL_SECRET", "s3cret-of-the-test", 1);
  const auto config = loaded({{"BUURTBOT_EMAIL_ENABLED", "true"}, {"BUURTBOT_EMAIL_WEBHOOK_SECRET_ENV", "BUURTBOT_TEST_EMAIL_SECRET"},
                              {"BUURTBOT_EMAIL_SMTP_URL", "http://mail.example"}});
  EXPECT_THROW(build(config, kNoFlows), StartupError);
}

// News by mail carries unsubscribe links wherever buurtbot has a public address; they need their key.
TEST(EmailSettings, APublicUrlWithoutTheUnsubscribeKeyIsAStartupError) {
  setenv("BUURTBOT_TEST_EMAIL_SECRET", "s3cret-of-the-test", 1);
  const auto config = loaded({{"BUURTBOT_EMAIL_ENABLED", "true"}, {"BUURTBOT_EMAIL_WEBHOOK_SECRET_ENV", "BUURTBOT_TEST_EMAIL_SECRET"},
                              {"BUURTBOT_MUNICIPALITY_PUBLIC_URL", "https://bot.gemeente.example"},
                              {"BUURTBOT_EMAIL_UNSUBSCRIBE_SECRET_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"}});
  EXPECT_THROW(build(config, kNoFlows), StartupError);
}

TEST(EmailSettings, ReadsTheImapKeys) {
  const auto read = settings_of(loaded({{"BUURTBOT_EMAIL_IMAP_ENABLED", "true"},
                                        {"BUURTBOT_EMAIL_IMAP_HOST", "imap.dorp.example"},
                                        {"BUURTBOT_EMAIL_IMAP_USER", "participatie"},
                                        {"BUURTBOT_EMAIL_IMAP_AFTER_IMPORT", "move"},
                                        {"BUURTBOT_EMAIL_IMAP_MOVE_TO", "Afgehandeld"},
                                        {"BUURTBOT_EMAIL_IMAP_POLL_SECONDS", "5"}}));
  EXPECT_TRUE(read.imap.enabled);
  EXPECT_EQ(read.imap.host, "imap.dorp.example");
  EXPECT_EQ(read.imap.port, 993);
  EXPECT_EQ(read.imap.mailbox, "INBOX");
  EXPECT_EQ(read.imap.after_import, "move");
  EXPECT_EQ(read.imap.move_to, "Afgehandeld");
  EXPECT_EQ(read.imap.poll_seconds, 5);
  EXPECT_EQ(settings_of(loaded({})).imap.after_import, "seen") << "the default changes nothing but the read mark";
}

TEST(EmailSettings, ImapWithoutHostUserPasswordOrFolderIsAStartupError) {
  setenv("BUURTBOT_TEST_IMAP_PASSWORD", "imap-password-of-the-test", 1);
  const std::map<std::string, std::string> imap{{"BUURTBOT_EMAIL_ENABLED", "true"},
                                                {"BUURTBOT_EMAIL_WEBHOOK_SECRET_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"},
                                                {"BUURTBOT_EMAIL_IMAP_ENABLED", "true"},
                                                {"BUURTBOT_EMAIL_IMAP_HOST", "imap.dorp.example"},
                                                {"BUURTBOT_EMAIL_IMAP_USER", "participatie"},
                                                {"BUURTBOT_EMAIL_IMAP_PASSWORD_ENV", "BUURTBOT_TEST_IMAP_PASSWORD"}};
  const auto channel = build(loaded(imap), kNoFlows);
  ASSERT_NE(channel, nullptr) << "IMAP alone: the webhook's secret is not needed";
  struct NoJournal final : JournalSink {
    void journal(InboundMessage, std::function<void(Journaled)> done) override { done(Journaled::failed); }
    bool backlogged() const override { return false; }
  } sink;
  EXPECT_TRUE(channel->routes(sink).empty()) << "and no webhook is served without it";
  auto without = [&](const std::string& key, const std::string& value) {
    auto changed = imap;
    changed[key] = value;
    return loaded(changed);
  };
  EXPECT_THROW(build(without("BUURTBOT_EMAIL_IMAP_HOST", ""), kNoFlows), StartupError);
  EXPECT_THROW(build(without("BUURTBOT_EMAIL_IMAP_USER", ""), kNoFlows), StartupError);
  EXPECT_THROW(build(without("BUURTBOT_EMAIL_IMAP_PASSWORD_ENV", "BUURTBOT_TEST_NO_SUCH_VARIABLE"), kNoFlows), StartupError);
  EXPECT_THROW(build(without("BUURTBOT_EMAIL_IMAP_AFTER_IMPORT", "move"), kNoFlows), StartupError) << "move needs move_to";
  EXPECT_THROW(build(without("BUURTBOT_EMAIL_IMAP_CA_FILE", "/no/such/ca.pem"), kNoFlows), StartupError);
}

}  // namespace
}  // namespace buurtbot::adapters::email
