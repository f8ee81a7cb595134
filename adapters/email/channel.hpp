#pragma once
// The e-mail channel: mail comes in through POST /webhook/email (a mail server's pipe or a provider's
// raw-MIME route) or from an IMAP mailbox the channel polls, and goes out over SMTP, one outbox row a
// mail, each a reply in the resident's thread.

#include "adapters/email/hourly_limit.hpp"
#include "adapters/email/imap_poller.hpp"
#include "adapters/email/inbound.hpp"
#include "adapters/email/parse.hpp"
#include "adapters/email/settings.hpp"
#include "adapters/email/smtp.hpp"
#include "bot/core/channel.hpp"
#include "flows/definition.hpp"

#include <memory>

namespace buurtbot::adapters::email {

/// The unsubscribe links of news: where buurtbot is reached, the key that signs them, and the page's texts.
struct UnsubscribeLinks {
  std::string public_url;    ///< "https://bot.gemeente.nl"; empty: news goes without links
  std::string secret;        ///< never logged
  flows::FlowSet texts;      ///< the message files' texts (no flows)
  std::string municipality;  ///< its name, in the page's header

  bool enabled() const { return !public_url.empty() && !secret.empty(); }
};

class EmailChannel final : public Channel {
 public:
  /// An empty `webhook_secret` serves no webhook (mail then comes from `imap` alone); no `imap`: no polling.
  EmailChannel(const EmailSettings& config, std::string webhook_secret, SmtpServer smtp, MailCommands commands,
               std::unique_ptr<ImapPoller> imap = nullptr, UnsubscribeLinks unsubscribe = {});
  ~EmailChannel() override;

  std::string_view name() const override;
  std::vector<InboundRoute> routes(JournalSink& journal) override;
  void start(JournalSink& journal) override;
  void stop() override;
  Capabilities capabilities() const override { return {.buttons = false, .replies_in_thread = true, .join_notice_and_question = true}; }
  bool valid_address(std::string_view address) const override { return is_mail_address(address); }
  DeliveryPolicy delivery() const override;
  SendResult send(const std::string& address, const OutboundMessage& message, std::int64_t idempotency_key) override;

 private:
  void on_webhook(JournalSink& journal, http::Request request, http::Respond respond) const;
  void on_unsubscribe(JournalSink& journal, http::Request request, http::Respond respond) const;
  /// The link and the mailto: address that stop `list` for `address`; empty without links.
  std::pair<std::string, std::string> unsubscribe_ways(const std::string& address, const std::string& list) const;

  EmailSettings config_;
  std::string webhook_secret_;  ///< never logged
  SmtpServer smtp_;             ///< its password never logged
  HourlyLimit limit_;
  std::unique_ptr<ImapPoller> imap_;
  UnsubscribeLinks unsubscribe_;
  MailRules rules_;
};

/// The channel when the config enables it, else nullptr; throws StartupError for a missing webhook
/// secret (needed unless IMAP is enabled), a missing unsubscribe secret (needed with municipality.public_url), an SMTP URL that is not smtp:// or smtps://, or an IMAP setup
/// that lacks its host, user, password or folder.
/// `flows` give the words that start a flow in a mail.
std::unique_ptr<Channel> build(const config::Config& config, const flows::FlowSet& flows);

}  // namespace buurtbot::adapters::email
