#include "bot/civic/mail_left.hpp"

#include "bot/civic/notify.hpp"
#include "storage/repositories.hpp"

namespace buurtbot {

std::string leave_mail_address(storage::Database& db, const config::Config& config, const flows::FlowSet& texts,
                               const InboundMessage& event, flows::Lang fallback) {
  storage::Residents residents(db);
  const auto resident = residents.find_or_create(event.channel, event.sender_id, event.conversation, event.sender_name,
                                                 std::string(flows::to_string(fallback)));
  const auto lang = lang_of(resident.language);
  if (event.event == "mail_resume") {
    // The adapter limits these mails per address; the link inside works once, for minutes.
    enqueue_text(db, "email", event.mail_to,
                 texts.text("mail_resume_mail", lang, {{"municipality", config.municipality.name}, {"link", event.text}}),
                 kPriorityReply);
    return texts.text("mail_resume_sent", lang, {{"address", event.mail_to}});
  }
  const auto identity = residents.identity_by_address(event.channel, event.conversation);
  if (identity) residents.set_answer_email(identity->id, event.mail_to);
  if (event.mail_to.empty()) return texts.text("mail_answers_stopped", lang);
  return texts.text("mail_answers_set", lang, {{"address", event.mail_to}});
}

}  // namespace buurtbot
