#include "adapters/telegram/cli.hpp"

#include "adapters/telegram/bot_api.hpp"
#include "adapters/telegram/channel.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace buurtbot::adapters::telegram {
namespace {

// The update types the flows handle; Telegram sends no others to the webhook.
const nlohmann::json kAllowedUpdates = {"message", "edited_message", "callback_query", "my_chat_member"};

int call(const config::Config& config, const std::string& method, const nlohmann::json& body) {
  const TelegramSettings settings = settings_of(config);
  const char* token = std::getenv(settings.token_env.c_str());
  if (!token || !*token) {
    std::cerr << "Set the bot token in the environment variable " << settings.token_env << ".\n";
    return 2;
  }
  BotApi api(settings.api_url, token);
  auto answer = api.call(method, body);
  std::cout << answer.json().dump(2) << "\n";
  return answer.status == 200 ? 0 : 1;
}

int set_webhook(const config::Config& config, const std::string& url) {
  const std::string variable = settings_of(config).secret_env;
  const char* secret = std::getenv(variable.c_str());
  if (!secret || !*secret) {
    std::cerr << "Set the webhook secret in the environment variable " << variable << ".\n";
    return 2;
  }
  return call(config, "setWebhook", {{"url", url}, {"secret_token", secret}, {"allowed_updates", kAllowedUpdates}});
}

}  // namespace

void add_commands(CLI::App& cli, std::function<config::Config()> load_config, std::function<int()>& command) {
  auto url = std::make_shared<std::string>();
  auto* telegram = cli.add_subcommand("telegram", "The Telegram bot's webhook")->require_subcommand(1);
  auto* set = telegram->add_subcommand("set-webhook", "Tell Telegram to post updates to URL (with the secret token)");
  set->add_option("URL", *url, std::string("https://your.host") + kWebhookPath)->required();
  set->callback([&command, load_config, url] {
    command = [load_config, url] { return set_webhook(load_config(), *url); };
  });
  telegram->add_subcommand("delete-webhook", "Stop the webhook (for polling mode)")->callback([&command, load_config] {
    command = [load_config] { return call(load_config(), "deleteWebhook", nlohmann::json::object()); };
  });
  telegram->add_subcommand("info", "Show the webhook's state as Telegram sees it")->callback([&command, load_config] {
    command = [load_config] { return call(load_config(), "getWebhookInfo", nlohmann::json::object()); };
  });
}

}  // namespace buurtbot::adapters::telegram
