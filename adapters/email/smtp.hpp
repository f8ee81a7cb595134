#pragma once
// Sending one rendered mail over SMTP with libcurl (smtps:// with TLS from the start, smtp:// with
// STARTTLS when the server offers it; AUTH when a user is given), and what its answer means to the outbox.

#include "bot/core/channel.hpp"

#include <chrono>
#include <string>

namespace buurtbot::adapters::email {

/// Where and as whom to send.
struct SmtpServer {
  std::string url;       ///< smtps://host:465 or smtp://host:587
  std::string user;      ///< empty: no AUTH
  std::string password;  ///< never logged
  std::chrono::seconds timeout{30};
};

/// What became of one SMTP session, as libcurl tells it.
struct SmtpOutcome {
  bool delivered = false;  ///< the server accepted the mail
  bool reached = false;    ///< the server answered at all (false: could not connect, TLS failed, timed out)
  long code = 0;           ///< the last SMTP reply code
  std::string detail;      ///< libcurl's description, for officers
};

/// The outbox's terms: 4xx is tried again later, a 5xx refusal of the recipient (550, 551, 553) marks the
/// address unreachable, any other 5xx gives up, no answer is a network failure.
SendResult send_result_of(const SmtpOutcome& outcome);

/// Sends `mail` (RFC 5322, CRLF) from `from` to `to`; blocks for at most the server's timeout.
SmtpOutcome smtp_send(const SmtpServer& server, const std::string& from, const std::string& to, const std::string& mail);

}  // namespace buurtbot::adapters::email
