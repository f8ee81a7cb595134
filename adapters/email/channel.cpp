#include "adapters/email/channel.hpp"

#include "adapters/email/inbound.hpp"
#include "adapters/email/render.hpp"
#include "adapters/email/thread.hpp"
#include "adapters/email/unsubscribe.hpp"
#include "bot/core/startup_error.hpp"
#include "bot/http/headers.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>

namespace buurtbot::adapters::email {
namespace {

std::shared_ptr<spdlog::logger> log() {
  static auto logger = spdlog::get("email") ? spdlog::get("email") : spdlog::default_logger()->clone("email");
  return logger;
}

http::Response text(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {status, "text/plain; charset=utf-8", std::move(body), std::move(headers)};
}

std::string env(const std::string& variable) {
  const char* value = std::getenv(variable.c_str());
  return value ? value : "";
}

std::string secret_from(const std::string& variable, const std::string& what) {
  auto value = env(variable);
  if (value.empty()) throw StartupError(what + " needs the environment variable " + variable);
  return value;
}

std::string nonce() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random()));
  return hex;
}

std::unique_ptr<ImapPoller> build_imap(const EmailSettings& e, MailRules rules) {
  const auto& i = e.imap;
  if (!i.enabled) return nullptr;
  if (i.host.empty()) throw StartupError("email.imap.enabled needs email.imap.host");
  if (i.user.empty()) throw StartupError("email.imap.enabled needs email.imap.user");
  if (!valid_mailbox_name(i.mailbox))
    throw StartupError("email.imap.mailbox must be a printable ASCII name without quotes, backslashes or '&', not " + i.mailbox);
  const auto after = after_import_of(i.after_import);
  if (after == AfterImport::move && (!valid_mailbox_name(i.move_to) || i.move_to == i.mailbox))
    throw StartupError("email.imap.after_import: move needs email.imap.move_to, a folder other than the mailbox");
  if (!i.ca_file.empty() && !std::filesystem::is_regular_file(i.ca_file))
    throw StartupError("email.imap.ca_file is no file: " + i.ca_file);
  ImapServer server{.host = i.host, .port = i.port, .starttls = i.starttls, .user = i.user,
                    .password = secret_from(i.password_env, "email.imap.enabled"), .ca_file = i.ca_file,
                    .timeout = std::chrono::seconds(i.timeout_s)};
  ImapOptions options;
  options.mailbox = i.mailbox;
  options.after_import = after;
  options.move_to = i.move_to;
  options.poll_interval = std::chrono::seconds(i.poll_seconds);
  options.max_message_bytes = static_cast<std::size_t>(e.max_message_bytes);
  options.batch = static_cast<std::size_t>(i.batch);
  options.rules = std::move(rules);
  return std::make_unique<ImapPoller>(std::move(server), std::move(options));
}

// News mail carries a link that stops it (RFC 8058) wherever buurtbot has a public address.
UnsubscribeLinks unsubscribe_links(const config::Config& config, const EmailSettings& e, const flows::FlowSet& flows) {
  const auto& url = config.municipality.public_url;
  if (url.empty()) {
    log()->warn("municipality.public_url is not set: news by e-mail goes without an unsubscribe link");
    return {};
  }
  return {.public_url = url,
          .secret = secret_from(e.unsubscribe_secret_env, "email.enabled with municipality.public_url"),
          .texts = {.flows = {}, .messages = flows.messages},
          .municipality = config.municipality.name};
}

}  // namespace

EmailChannel::EmailChannel(const EmailSettings& config, std::string webhook_secret, SmtpServer smtp,
                           MailCommands commands, std::unique_ptr<ImapPoller> imap, UnsubscribeLinks unsubscribe)
    : config_(config),
      webhook_secret_(std::move(webhook_secret)),
      smtp_(std::move(smtp)),
      limit_(config.auto_reply_limit_per_hour),
      imap_(std::move(imap)),
      unsubscribe_(std::move(unsubscribe)),
      rules_{.our_address = config.address, .commands = std::move(commands), .unsubscribe_secret = unsubscribe_.secret} {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });  // before any send thread uses libcurl
}

EmailChannel::~EmailChannel() { stop(); }

std::string_view EmailChannel::name() const { return kChannel; }

void EmailChannel::start(JournalSink& journal) {
  if (imap_) imap_->start(journal);
}

void EmailChannel::stop() {
  if (imap_) imap_->stop();
}

std::vector<InboundRoute> EmailChannel::routes(JournalSink& journal) {
  std::vector<InboundRoute> routes;
  if (!webhook_secret_.empty())
    routes.push_back({.method = "POST",
                      .path = kWebhookPath,
                      .handler = [this, &journal](http::Request request, http::Respond respond) {
                        on_webhook(journal, std::move(request), std::move(respond));
                      },
                      .prefix = false,
                      .max_body_bytes = static_cast<std::size_t>(config_.max_message_bytes),
                      .before_body = [this](const http::Request& head) -> std::optional<http::Response> {
                        const auto refused = wrong_secret(http::header(head, kSecretHeader), webhook_secret_);
                        if (!refused) return std::nullopt;
                        log()->info("webhook {} before its body: {}", refused->status, refused->reason);
                        return text(refused->status, refused->reason + "\n");
                      }});
  if (unsubscribe_.enabled()) {
    for (const char* method : {"GET", "POST"})
      routes.push_back({method, kUnsubscribePath, [this, &journal](http::Request request, http::Respond respond) {
                          on_unsubscribe(journal, std::move(request), std::move(respond));
                        }});
  }
  return routes;
}

// GET only asks (link scanners fetch every URL in a mail); POST with List-Unsubscribe=One-Click stops the
// news, answered once the stop is journaled, as a webhook is.
void EmailChannel::on_unsubscribe(JournalSink& journal, http::Request request, http::Respond respond) const {
  const auto token = token_in_query(request.query);
  const auto what = read_unsubscribe_token(unsubscribe_.secret, token);
  const auto lang = page_language(request.query, http::header(request, "accept-language").value_or(""));
  auto page = [&, lang](int status, UnsubscribeView view) {
    return http::Response{status, "text/html; charset=utf-8",
                          unsubscribe_page(unsubscribe_.texts, unsubscribe_.municipality, lang, view, what, token),
                          {{"Content-Security-Policy", kUnsubscribePagePolicy}, {"Cache-Control", "no-store"},
                           {"Referrer-Policy", "no-referrer"}, {"Vary", "Accept-Language"}}};
  };
  if (!what) return respond(page(400, UnsubscribeView::invalid));
  if (request.method != "POST") return respond(page(200, UnsubscribeView::question));
  if (!is_one_click(request.body)) return respond(page(400, UnsubscribeView::question));
  if (journal.backlogged()) return respond(text(503, "busy, try again\n", {{"Retry-After", "1"}}));
  auto done = page(200, UnsubscribeView::done);
  journal.journal(unsubscribe_event(*what, token), [respond = std::move(respond), done = std::move(done)](Journaled result) {
    respond(result == Journaled::failed ? text(503, "not stored, try again\n") : done);
  });
}

std::pair<std::string, std::string> EmailChannel::unsubscribe_ways(const std::string& address, const std::string& list) const {
  if (list.empty() || !unsubscribe_.enabled()) return {};
  const auto& base = unsubscribe_.public_url;
  const auto token = unsubscribe_token(unsubscribe_.secret, {.address = address, .list = list});
  return {(base.ends_with('/') ? base.substr(0, base.size() - 1) : base) + kUnsubscribePath + "?t=" + token,
          unsubscribe_mailto(config_.address, token)};
}

// Answered only after the journal commit: a mail server's pipe retries (or bounces) on anything but 2xx.
void EmailChannel::on_webhook(JournalSink& journal, http::Request request, http::Respond respond) const {
  std::optional<std::string> secret;
  if (auto it = request.headers.find(kSecretHeader); it != request.headers.end()) secret = it->second;
  auto verdict = check_webhook(secret, request.body, webhook_secret_, rules_);
  if (!verdict.reason.empty()) log()->info("webhook {}: {}", verdict.status, verdict.reason);
  if (!verdict.message) return respond(text(verdict.status, verdict.status == 200 ? "ok\n" : verdict.reason + "\n"));
  if (journal.backlogged()) return respond(text(503, "busy, try again\n", {{"Retry-After", "1"}}));
  journal.journal(std::move(*verdict.message), [respond = std::move(respond)](Journaled result) {
    respond(result == Journaled::failed ? text(503, "not stored, try again\n") : text(200, "ok\n"));
  });
}

// Mail has no rate limits of its own that the outbox keeps; the hourly limit per address is kept in send().
DeliveryPolicy EmailChannel::delivery() const {
  DeliveryPolicy policy;
  policy.senders = config_.senders;
  return policy;
}

// The Message-ID names the outbox row, so a resident's reply to it can be traced to what we sent.
SendResult EmailChannel::send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) {
  if (auto wait = limit_.take(address, HourlyLimit::Clock::now()); wait.count() > 0)
    return SendError{.status = 429, .retry_after = wait, .network = false, .unreachable = false, .detail = "hourly limit of this address"};
  auto [link, mailto] = unsubscribe_ways(address, message.list);
  const Envelope envelope{.from_address = config_.address, .from_name = config_.display_name, .to_address = address,
                          .message_id = our_message_id(idempotency_key, nonce(), config_.domain()),
                          .date = std::chrono::system_clock::now(),
                          .unsubscribe_url = std::move(link),
                          .unsubscribe_mailto = std::move(mailto)};
  return send_result_of(smtp_send(smtp_, config_.address, address, render_mail(message, envelope)));
}

std::unique_ptr<Channel> build(const config::Config& config, const flows::FlowSet& flows) {
  const EmailSettings e = settings_of(config);
  if (!e.enabled) return nullptr;
  // With IMAP the webhook is a second way in, served only when its secret is set.
  auto secret = e.imap.enabled ? env(e.webhook_secret_env) : secret_from(e.webhook_secret_env, "email.enabled");
  if (!e.smtp_url.starts_with("smtp://") && !e.smtp_url.starts_with("smtps://"))
    throw StartupError("email.smtp_url must start with smtp:// or smtps://, not " + e.smtp_url);
  SmtpServer smtp{.url = e.smtp_url, .user = env(e.smtp_user_env), .password = env(e.smtp_password_env),
                  .timeout = std::chrono::seconds(e.smtp_timeout_s)};
  MailCommands commands(flows);
  auto unsubscribe = unsubscribe_links(config, e, flows);
  auto imap = build_imap(e, {.our_address = e.address, .commands = commands, .unsubscribe_secret = unsubscribe.secret});
  return std::make_unique<EmailChannel>(e, std::move(secret), std::move(smtp), std::move(commands), std::move(imap),
                                        std::move(unsubscribe));
}

}  // namespace buurtbot::adapters::email
