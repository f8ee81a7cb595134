#include "adapters/email/inbound.hpp"

#include "adapters/email/loop_guard.hpp"
#include "adapters/email/thread.hpp"
#include "bot/core/digest.hpp"

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

MailVerdict check_mail(std::string_view raw, const std::string& our_address, const MailCommands& commands) {
  auto parsed = parse_mail(raw);
  if (!parsed.mail) return {.message = std::nullopt, .reason = parsed.error, .unreadable = true};
  if (auto reason = automatic_reason(*parsed.mail, our_address)) {
    if (auto bounce = bounce_of(*parsed.mail)) return {.message = std::move(bounce), .reason = "bounce: " + *reason, .unreadable = false};
    return {.message = std::nullopt, .reason = "ignored, automatic mail: " + *reason, .unreadable = false};
  }
  return {.message = to_inbound(*parsed.mail, commands), .reason = "", .unreadable = false};
}

WebhookVerdict check_webhook(const std::optional<std::string>& secret_header, std::string_view body,
                             const std::string& expected_secret, const std::string& our_address,
                             const MailCommands& commands) {
  if (!secret_header) return {401, "missing secret", {}};
  if (!same_secret(*secret_header, expected_secret)) return {403, "wrong secret", {}};
  auto verdict = check_mail(body, our_address, commands);
  if (verdict.unreadable) return {400, verdict.reason, {}};
  return {200, verdict.reason, std::move(verdict.message)};
}

}  // namespace buurtbot::adapters::email
