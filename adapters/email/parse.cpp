#include "adapters/email/parse.hpp"

#include "adapters/email/reply_text.hpp"
#include "bot/core/digest.hpp"
#include "bot/text/text.hpp"

#include <gmime/gmime.h>

#include <memory>
#include <mutex>
#include <regex>

namespace buurtbot::adapters::email {
namespace {

// GMime keeps global tables (charsets, iconv cache); it is set up once for the process, never torn down.
void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const { if (object) g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(char* text) const { g_free(text); }
};
using GString = std::unique_ptr<char, GFree>;

std::string or_empty(const char* text) { return text ? text : ""; }

std::string bracketed(std::string id) {
  id = trim(id);
  if (id.empty()) return id;
  return id.front() == '<' ? id : "<" + id + ">";
}

// The headers the loop guards and the threading read: the first of each, decoded.
std::map<std::string, std::string> headers_of(GMimeObject* object) {
  std::map<std::string, std::string> headers;
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  for (int i = 0, n = g_mime_header_list_get_count(list); i < n; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
    headers.emplace(lower(or_empty(g_mime_header_get_name(header))), trim(or_empty(g_mime_header_get_value(header))));
  }
  return headers;
}

std::vector<std::string> references_of(const char* text) {
  std::vector<std::string> ids;
  if (!text) return ids;
  GMimeReferences* refs = g_mime_references_parse(nullptr, text);
  if (!refs) return ids;
  for (int i = 0, n = g_mime_references_length(refs); i < n; ++i)
    ids.push_back(bracketed(or_empty(g_mime_references_get_message_id(refs, i))));
  g_mime_references_free(refs);
  return ids;
}

// The decoded bytes of a leaf part (base64 and quoted-printable undone), without charset conversion.
std::string content_of(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The part's text as UTF-8 with "\n" line ends (mail travels with CRLF).
std::string text_of(GMimePart* part) {
  GString text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
  std::string out;
  for (const char* c = text ? text.get() : ""; *c; ++c)
    if (!(*c == '\r' && c[1] == '\n')) out += *c;
  return valid_utf8(out);
}

// What a walk over the parts collects: the first plain and HTML text, attachments, a DSN's report.
struct Walk {
  std::string plain;
  std::string html;
  std::vector<Attachment> attachments;
  std::string delivery_status;
  std::string message_id;
};

void visit(GMimeObject* parent, GMimeObject* object, gpointer data) {
  (void)parent;
  auto& walk = *static_cast<Walk*>(data);
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (g_mime_content_type_is_type(type, "message", "delivery-status")) {
    walk.delivery_status = content_of(part);
    return;
  }
  const bool attached = g_mime_part_is_attachment(part);
  if (GMIME_IS_TEXT_PART(object) && !attached) {
    if (g_mime_content_type_is_type(type, "text", "plain") && walk.plain.empty()) walk.plain = text_of(part);
    else if (g_mime_content_type_is_type(type, "text", "html") && walk.html.empty()) walk.html = text_of(part);
    return;
  }
  if (!attached && !g_mime_content_type_is_type(type, "image", "*")) return;
  const int index = static_cast<int>(walk.attachments.size()) + 1;
  // The mail's own address of the part names it; no mail server keeps it for us, so its bytes go along.
  GString declared(g_mime_content_type_get_mime_type(type));
  walk.attachments.push_back({.kind = g_mime_content_type_is_type(type, "image", "*") ? "photo" : "document",
                              .ref = walk.message_id + "#" + std::to_string(index),
                              .name = valid_utf8(or_empty(g_mime_part_get_filename(part))),
                              .content_type = or_empty(declared.get()),
                              .size = 0,
                              .digest = {},
                              .not_kept = {},
                              .bytes = content_of(part)});
}

// The field's value in a DSN block, folded lines unfolded (RFC 5322: the line break and the indent are one
// space); "" when absent.
std::string dsn_field(const std::string& block, const std::regex& field) {
  static const std::regex kFold(R"(\r?\n[ \t]+)");
  std::smatch value;
  return std::regex_search(block, value, field) ? one_line(std::regex_replace(value[1].str(), kFold, " ")) : "";
}

// Why delivery failed, short, for officers: "5.1.1: 550 5.1.1 <x>: Recipient address rejected: …" (the
// Status, then the Diagnostic-Code without its type, "smtp;").
std::string failure_reason_of(const std::string& block) {
  static const std::regex kStatus(R"(\nStatus:\s*([^\r\n]*))", std::regex::icase);
  static const std::regex kDiagnostic(R"(Diagnostic-Code:\s*(?:[A-Za-z-]+\s*;)?\s*([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*))",
                                      std::regex::icase);
  const auto status = dsn_field("\n" + block, kStatus);
  const auto diagnostic = dsn_field(block, kDiagnostic);
  const auto reason = status.empty() || diagnostic.empty() ? status + diagnostic : status + ": " + diagnostic;
  return std::string(cut_utf8(reason, kMaxFailureReason));
}

// A DSN's failed recipients: per-recipient fields "Final-Recipient: rfc822; x" with "Action: failed",
// and the first one's reason.
void read_failures(const std::string& status, ParsedMail& mail) {
  static const std::regex kBlock(R"(\r?\n\r?\n)");
  static const std::regex kRecipient(R"(Final-Recipient:\s*rfc822\s*;\s*<?([^\s>]+)>?)", std::regex::icase);
  static const std::regex kFailed(R"(Action:\s*failed)", std::regex::icase);
  for (std::sregex_token_iterator it(status.begin(), status.end(), kBlock, -1), end; it != end; ++it) {
    const std::string block = *it;
    std::smatch recipient;
    if (!std::regex_search(block, recipient, kRecipient) || !std::regex_search(block, kFailed)) continue;
    if (mail.failed_recipients.empty()) mail.failure_reason = failure_reason_of(block);
    mail.failed_recipients.push_back(lower(recipient[1].str()));
  }
}

bool sender_of(GMimeMessage* message, ParsedMail& mail) {
  InternetAddressList* from = g_mime_message_get_from(message);
  if (!from || internet_address_list_length(from) < 1) return false;
  InternetAddress* address = internet_address_list_get_address(from, 0);
  if (!INTERNET_ADDRESS_IS_MAILBOX(address)) return false;
  mail.from_address = lower(trim(or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)))));
  mail.from_name = valid_utf8(trim(or_empty(internet_address_get_name(address))));
  return mail.from_address.find('@') != std::string::npos;
}

}  // namespace

ParseResult parse_mail(std::string_view raw) {
  init_gmime();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message || !g_mime_message_get_mime_part(message.get())) return {std::nullopt, "not a mail: no headers and body"};

  ParsedMail mail;
  if (!sender_of(message.get(), mail)) return {std::nullopt, "not a mail we can answer: no sender address in From"};
  mail.headers = headers_of(GMIME_OBJECT(message.get()));
  const auto id = or_empty(g_mime_message_get_message_id(message.get()));
  mail.message_id = id.empty() ? "<" + sha256_hex(raw) + "@synthesised.invalid>" : bracketed(id);
  mail.subject = valid_utf8(trim(or_empty(g_mime_message_get_subject(message.get()))));
  const auto in_reply_to = references_of(g_mime_object_get_header(GMIME_OBJECT(message.get()), "In-Reply-To"));
  if (!in_reply_to.empty()) mail.in_reply_to = in_reply_to.front();
  mail.references = references_of(g_mime_object_get_header(GMIME_OBJECT(message.get()), "References"));
  mail.report = g_mime_content_type_is_type(g_mime_object_get_content_type(g_mime_message_get_mime_part(message.get())),
                                            "multipart", "report");

  Walk walk{.plain = {}, .html = {}, .attachments = {}, .delivery_status = {}, .message_id = mail.message_id};
  g_mime_message_foreach(message.get(), visit, &walk);
  mail.body = !walk.plain.empty() ? walk.plain : html_to_text(walk.html);
  mail.new_text = new_text_of(mail.body);
  mail.attachments = std::move(walk.attachments);
  read_failures(walk.delivery_status, mail);
  return {std::move(mail), ""};
}

bool is_mail_address(std::string_view address) {
  const auto at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() && address.find('@', at + 1) == std::string_view::npos &&
         address.find_first_of(" \t\r\n<>,;") == std::string_view::npos;
}

}  // namespace buurtbot::adapters::email
