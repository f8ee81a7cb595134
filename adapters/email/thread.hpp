#pragma once
// Threads on mail: the context a reply needs (the mail's Message-ID, References and subject), carried
// through the journal and the outbox as InboundMessage::thread; our own Message-IDs; the reference in a
// subject ("[BI-2026-0042]"); and the text the flows read, with the commands a mail can start. Pure.

#include "adapters/email/parse.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::email {

/// What a reply needs of the mail it answers.
struct MailThread {
  std::string message_id;               ///< becomes In-Reply-To
  std::vector<std::string> references;  ///< the mail's References and its own id: the reply's References
  std::string subject;                  ///< the reply's subject is "Re: " and this
};

/// `mail`'s thread as InboundMessage::thread keeps it (JSON).
std::string thread_of(const ParsedMail& mail);

/// A thread read back from InboundMessage::thread / OutboundMessage::thread; empty when there is none.
MailThread read_thread(const std::string& thread);

/// The reference a subject carries in brackets ("Re: [BI-2026-0042] Bankje" → "BI-2026-0042"), or "".
std::string reference_in_subject(std::string_view subject);

/// Our Message-ID for outbox row `outbox_id`: "<buurtbot.<id>.<nonce>@<domain>>", unique because the nonce
/// is random, and naming the row it came from.
std::string our_message_id(std::int64_t outbox_id, std::string_view nonce, std::string_view domain);

/// The text the flows read. A command in the subject or on the first line ("steun BI-2026-0042",
/// "mijn gegevens") becomes the typed command ("/steun BI-2026-0042"), a first mail with free text a
/// question ("/vraag …") unless it is only a greeting ("Hoi!", which gets the welcome); a reply is the
/// new text as written.
std::string flow_text_of(const ParsedMail& mail);

}  // namespace buurtbot::adapters::email
