#pragma once
// A raw RFC 5322 message, read with GMime into what buurtbot needs of it: who wrote, about what, the
// text they wrote (UTF-8 whatever the mail's charset), what they attached, the headers that thread it
// and the headers that tell automatic mail from a person's. Pure: no I/O, no clock.

#include "bot/core/message.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::adapters::email {

/// The longest reason for a failed delivery that is kept, in bytes: enough for a server's sentence.
inline constexpr std::size_t kMaxFailureReason = 200;

/// One mail as read from its raw bytes.
struct ParsedMail {
  std::string message_id;       ///< "<…>"; synthesised from a hash of the raw bytes when the mail has none
  std::string from_address;     ///< lower case
  std::string from_name;        ///< the display name, decoded; may be empty
  std::string subject;          ///< decoded (RFC 2047)
  std::string in_reply_to;      ///< "<…>" or empty
  std::vector<std::string> references;  ///< "<…>", oldest first
  std::string body;             ///< the whole text, UTF-8; HTML-only mail turned into text
  std::string new_text;         ///< the body without the quoted history and the signature
  std::vector<Attachment> attachments;  ///< with their decoded bytes and declared content type
  bool report = false;          ///< multipart/report: a delivery status notification or the like
  std::vector<std::string> failed_recipients;  ///< a DSN's Final-Recipients whose Action is failed
  std::string failure_reason;  ///< the first one's Status and Diagnostic-Code, one line, at most kMaxFailureReason bytes
  std::map<std::string, std::string> headers;  ///< lower-case name → decoded value, the first of each
};

/// A parsed mail, or why the bytes are no mail we can read.
struct ParseResult {
  std::optional<ParsedMail> mail;
  std::string error;
};

/// Reads `raw`; broken MIME or a mail without a sender gives an error, never an exception.
ParseResult parse_mail(std::string_view raw);

/// True for a plain mail address as a conversation: "name@domain", no spaces or brackets.
bool is_mail_address(std::string_view address);

/// `html` as plain text: tags dropped, block ends as line breaks, entities decoded, scripts and styles gone.
std::string html_to_text(std::string_view html);

}  // namespace buurtbot::adapters::email
