#pragma once
// One OutboundMessage as an RFC 5322 mail: threading headers from the message's thread, the loop marks
// (Auto-Submitted, X-Loop), the unsubscribe link of news (RFC 2369, RFC 8058), plain text as UTF-8 quoted-printable with a simple HTML alternative, and
// choices as numbered options the resident answers with the number. Pure: the id and date are given.

#include "bot/core/message.hpp"

#include <chrono>
#include <string>

namespace buurtbot::adapters::email {

/// Who sends, and the values that are not the message's own.
struct Envelope {
  std::string from_address;  ///< the municipality's address, also X-Loop
  std::string from_name;
  std::string to_address;
  std::string message_id;    ///< "<…>", from our_message_id()
  std::chrono::system_clock::time_point date;
  /// For news (OutboundMessage::list): the https link that stops it; empty: no List-Unsubscribe.
  std::string unsubscribe_url;
  /// Next to the link: the mailto: address that stops it too, for programs that only send mail.
  std::string unsubscribe_mailto;
};

/// The whole mail, CRLF line ends, ready for SMTP DATA.
std::string render_mail(const OutboundMessage& message, const Envelope& envelope);

/// `text` as quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends.
std::string quoted_printable(std::string_view text);

}  // namespace buurtbot::adapters::email
