#pragma once
// Threads on mail: the context a reply needs (the mail's Message-ID, References and subject), carried
// through the journal and the outbox as InboundMessage::thread; our own Message-IDs; the reference in a
// subject ("[BI-2026-0042]"); and the text the flows read, with the commands a mail can start. Pure.

#include "adapters/email/parse.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {
struct FlowSet;
}

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

/// What a subject says the mail is about (InboundMessage::about): a plan's reference ("BI-2026-0042") or a
/// question ("[vraag 12]", "[question 12]" → "vraag 12"); "" when it names neither.
std::string about_in_subject(std::string_view subject);

/// `subject` with "[about]" after its "Re: ", unless it carries it already; `subject` itself when `about` is empty.
std::string with_reference(const std::string& subject, const std::string& about);

/// Our Message-ID for outbox row `outbox_id`: "<buurtbot.<id>.<nonce>@<domain>>", unique because the nonce
/// is random, and naming the row it came from.
std::string our_message_id(std::int64_t outbox_id, std::string_view nonce, std::string_view domain);

/// The words that start a flow in a mail, taken from the flows themselves: each flow's commands
/// ("steun", "mijngegevens") and its titles in both languages ("Mijn gegevens", "Forget me"), compared
/// as the engine compares typed words (flows::simplify). A mail has no slash, so only these count.
class MailCommands {
 public:
  /// None at all: every first mail is a question.
  MailCommands() = default;
  explicit MailCommands(const flows::FlowSet& flows);

  /// "/steun BI-2026-0042" for the line "steun BI-2026-0042", "/mijngegevens" for "Mijn gegevens", ""
  /// when `line` is no command. Only a command word (not a title) takes an argument, and only one with
  /// a digit in it (a reference, a number): "Mijn fiets" or "Plan voor de buurt" stay the resident's words.
  std::string command_in(std::string_view line) const;
  /// The command that asks the officers a question ("vraag"): free text in a first mail.
  const std::string& question() const { return question_; }
  /// The words that link a group's chat to a workgroup ("koppel"): by mail, the address that sends
  /// "koppel CODE" (a mailing list) becomes the workgroup's chat.
  bool is_group_link(std::string_view command_word) const;

 private:
  std::map<std::string, std::string, std::less<>> titles_;    ///< simplified title → command
  std::map<std::string, std::string, std::less<>> commands_;  ///< command word → itself
  std::string question_ = "vraag";
  std::vector<std::string> group_link_;
};

/// "/koppel K7P2QX9M" for a mail whose subject or first line is the group link with its code, else "".
std::string group_link_in(const ParsedMail& mail, const MailCommands& commands);

/// The text the flows read. A command in the subject or on the first line ("steun BI-2026-0042",
/// "mijn gegevens") becomes the typed command ("/steun BI-2026-0042"), a first mail with free text a
/// question ("/vraag …") unless it is only a greeting ("Hoi!", which gets the welcome); a reply is the
/// new text as written.
std::string flow_text_of(const ParsedMail& mail, const MailCommands& commands);

}  // namespace buurtbot::adapters::email
