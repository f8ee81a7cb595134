#include "adapters/telegram/channel.hpp"

#include "adapters/telegram/render.hpp"
#include "adapters/telegram/webhook.hpp"
#include "bot/core/startup_error.hpp"
#include "bot/http/headers.hpp"

#include <cstdlib>

namespace buurtbot::adapters::telegram {
namespace {

http::Response text(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {status, "text/plain; charset=utf-8", std::move(body), std::move(headers)};
}

std::string secret_from(const std::string& variable, const std::string& what) {
  const char* value = std::getenv(variable.c_str());
  if (!value || !*value) throw StartupError(what + " needs the environment variable " + variable);
  return value;
}

}  // namespace

bool is_group_chat(std::string_view address) { return address.size() > 1 && address.front() == '-'; }

bool is_chat_address(std::string_view address) {
  if (address.size() > 5 && address.starts_with('@')) return true;
  if (address.starts_with('-')) address.remove_prefix(1);
  return !address.empty() && address.find_first_not_of("0123456789") == std::string_view::npos;
}

TelegramChannel::TelegramChannel(const TelegramSettings& config, std::string token, std::string webhook_secret)
    : config_(config), token_(std::move(token)), webhook_secret_(std::move(webhook_secret)) {
  parse_options_.bot_username = config_.bot_username;
  send_options_.read_timeout = std::chrono::seconds(config_.api_timeout_s);
  idle_.push_back(BotApi(config_.api_url, token_, send_options_));  // a bad address or CA file fails at start, not at the first send
}

TelegramChannel::~TelegramChannel() { stop(); }

std::vector<InboundRoute> TelegramChannel::routes(JournalSink& journal) {
  if (config_.mode != "webhook") return {};
  return {{.method = "POST",
           .path = kWebhookPath,
           .handler = [this, &journal](http::Request request, http::Respond respond) {
             on_webhook(journal, std::move(request), std::move(respond));
           },
           .before_body = [this](const http::Request& head) -> std::optional<http::Response> {
             const auto refused = wrong_secret(http::header(head, kSecretHeader), webhook_secret_);
             if (!refused) return std::nullopt;
             return text(refused->status, refused->reason + "\n");
           }}};
}

// Answered only after the journal commit: Telegram retries anything but 2xx, so a failed commit is 503.
void TelegramChannel::on_webhook(JournalSink& journal, http::Request request, http::Respond respond) const {
  std::optional<std::string> secret;
  if (auto it = request.headers.find(kSecretHeader); it != request.headers.end()) secret = it->second;
  auto verdict = check_webhook(secret, request.body, webhook_secret_, parse_options_);
  if (!verdict.message) return respond(text(verdict.status, verdict.status == 200 ? "ok\n" : verdict.reason + "\n"));
  if (journal.backlogged()) return respond(text(503, "busy, try again\n", {{"Retry-After", "1"}}));
  journal.journal(std::move(*verdict.message), [respond = std::move(respond)](Journaled result) {
    respond(result == Journaled::failed ? text(503, "not stored, try again\n") : text(200, "ok\n"));
  });
}

void TelegramChannel::start(JournalSink& journal) {
  if (config_.mode != "polling" || poller_) return;
  http::ClientOptions options;
  options.read_timeout = std::chrono::seconds(config_.poll_timeout_s + 15);
  poller_ = std::make_unique<Poller>(BotApi(config_.api_url, token_, options), parse_options_,
                                     PollOptions{.timeout_s = config_.poll_timeout_s},
                                     [&journal](auto messages) { return journal.journal_all(std::move(messages)); });
  poller_->start();
}

void TelegramChannel::stop() {
  if (poller_) poller_->stop();
}

std::optional<StartLink> TelegramChannel::start_link(std::string_view command) const {
  return deep_link(config_.bot_username, command);
}

DeliveryPolicy TelegramChannel::delivery() const {
  DeliveryPolicy policy;
  policy.limits.global_per_second = config_.rate.global_per_s;
  policy.limits.chat_per_second = config_.rate.chat_per_s;
  policy.limits.group_per_minute = config_.rate.group_per_min;
  policy.limits.is_group = is_group_chat;
  policy.senders = config_.senders;
  return policy;
}

SendResult TelegramChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t) {
  auto api = borrow();
  SendResult result;
  try {
    // A stale button press only leaves a spinner; it never holds up the message itself.
    if (!message.answers_callback.empty()) api.call(kAnswerCallbackQuery, answer_callback_query(message.answers_callback));
    // A long text goes in parts; a retry after a failed part sends the earlier parts again, which
    // Telegram offers no way to avoid (sendMessage has no idempotency key).
    for (const auto& request : send_message_requests(address, message)) {
      auto answer = api.call(kSendMessage, request);
      if ((result = result_from_response(answer.status, answer.body))) break;
    }
  } catch (const http::NetworkError& e) {
    result = SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = e.what()};
  }
  give_back(std::move(api));
  return result;
}

BotApi TelegramChannel::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto api = std::move(idle_.back());
      idle_.pop_back();
      return api;
    }
  }
  return BotApi(config_.api_url, token_, send_options_);
}

void TelegramChannel::give_back(BotApi api) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(api));
}

std::unique_ptr<Channel> build(const config::Config& config) {
  const TelegramSettings t = settings_of(config);
  if (!t.enabled) return nullptr;
  auto token = secret_from(t.token_env, "telegram.enabled");
  auto secret = t.mode == "webhook" ? secret_from(t.secret_env, "telegram.mode webhook") : std::string();
  return std::make_unique<TelegramChannel>(t, std::move(token), std::move(secret));
}

}  // namespace buurtbot::adapters::telegram
