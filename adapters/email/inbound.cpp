#include "adapters/email/inbound.hpp"

#include "adapters/email/loop_guard.hpp"
#include "adapters/email/thread.hpp"
#include "adapters/email/unsubscribe.hpp"
#include "bot/core/digest.hpp"
#include "bot/text/text.hpp"

namespace buurtbot::adapters::email {
namespace {

// A bounce stops the mail to the address that failed; the bounce itself is never answered.
std::optional<InboundMessage> bounce_of(const ParsedMail& mail) {
  if (!mail.report || mail.failed_recipients.empty()) return std::nullopt;
  InboundMessage m;
  m.channel = kChannel;
  m.conversation = mail.failed_recipients.front();
  m.sender_id = m.conversation;
  m.sender_address = m.conversation;
  m.event = "bot_removed";
  m.text = mail.failure_reason;  // why, for the officers
  m.external_id = mail.message_id;
  return m;
}

// Where a list is written to: its List-Post ("<mailto:groen@lijst.example>"), else who sent the mail.
std::string list_address_of(const ParsedMail& mail) {
  if (auto post = mail.headers.find("list-post"); post != mail.headers.end()) {
    const auto& value = post->second;
    const auto start = lower(value).find("mailto:");
    if (start != std::string::npos) {
      auto address = lower(value.substr(start + 7, value.find_first_of(">?, \t", start + 7) - start - 7));
      if (is_mail_address(address)) return address;
    }
  }
  return mail.from_address;
}

// "koppel CODE" from a mailing list (or any address) links that address as a workgroup's chat, as
// "/koppel CODE" does in a Telegram group: the address is the group, whoever posted is its member.
std::optional<InboundMessage> group_link_of(const ParsedMail& mail, const MailCommands& commands) {
  auto command = group_link_in(mail, commands);
  if (command.empty()) return std::nullopt;
  InboundMessage m = to_inbound(mail, commands);
  m.conversation = list_address_of(mail);
  m.sender_address.clear();  // a group is nobody's private address
  m.group = true;
  m.text = std::move(command);
  return m;
}

}  // namespace

InboundMessage to_inbound(const ParsedMail& mail, const MailCommands& commands) {
  InboundMessage m;
  m.channel = kChannel;
  m.conversation = mail.from_address;
  m.sender_id = mail.from_address;
  m.sender_address = mail.from_address;
  m.sender_name = mail.from_name;
  m.text = flow_text_of(mail, commands);
  m.attachments = mail.attachments;
  m.reply_to = mail.in_reply_to;
  m.external_id = mail.message_id;
  m.thread = thread_of(mail);
  m.about = about_in_subject(mail.subject);
  return m;
}

MailVerdict check_mail(std::string_view raw, const MailRules& rules) {
  auto parsed = parse_mail(raw);
  if (!parsed.mail) return {.message = std::nullopt, .reason = parsed.error, .unreadable = true};
  // Before the loop guards: a mail program may mark the mail it sends for the reader as automatic.
  if (auto stop = unsubscribe_by_mail(rules.unsubscribe_secret, parsed.mail->subject))
    return {.message = std::move(stop), .reason = "unsubscribe by mail, not answered", .unreadable = false};
  const auto& our_address = rules.our_address;
  const auto& commands = rules.commands;
  if (!automatic_reason_of_a_list_post(*parsed.mail, our_address))
    if (auto link = group_link_of(*parsed.mail, commands)) return {.message = std::move(link), .reason = "", .unreadable = false};
  if (auto reason = automatic_reason(*parsed.mail, our_address)) {
    if (auto bounce = bounce_of(*parsed.mail)) return {.message = std::move(bounce), .reason = "bounce: " + *reason, .unreadable = false};
    return {.message = std::nullopt, .reason = "ignored, automatic mail: " + *reason, .unreadable = false};
  }
  return {.message = to_inbound(*parsed.mail, commands), .reason = "", .unreadable = false};
}

std::optional<WebhookVerdict> wrong_secret(const std::optional<std::string>& secret_header, const std::string& expected_secret) {
  if (!secret_header) return WebhookVerdict{401, "missing secret", {}};
  if (!same_secret(*secret_header, expected_secret)) return WebhookVerdict{403, "wrong secret", {}};
  return std::nullopt;
}

WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const MailRules& rules) {
  if (auto refused = wrong_secret(secret_header, expected_secret)) return std::move(*refused);
  auto verdict = check_mail(body, rules);
  if (verdict.unreadable) return {400, verdict.reason, {}};
  return {200, verdict.reason, std::move(verdict.message)};
}

}  // namespace buurtbot::adapters::email
