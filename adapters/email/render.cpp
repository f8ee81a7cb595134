#include "adapters/email/render.hpp"

#include "adapters/email/thread.hpp"
#include "bot/text/text.hpp"

#include <gmime/gmime.h>

#include <ctime>
#include <memory>

namespace buurtbot::adapters::email {
namespace {

constexpr const char* kBoundary = "=_buurtbot_alternative_0";

std::string encoded_header(const std::string& text, bool phrase) {
  g_mime_init();  // idempotent after the first call, counted by GMime
  std::unique_ptr<char, decltype(&g_free)> encoded(
      phrase ? g_mime_utils_header_encode_phrase(nullptr, text.c_str(), "UTF-8")
             : g_mime_utils_header_encode_text(nullptr, text.c_str(), "UTF-8"),
      g_free);
  return encoded ? encoded.get() : "";
}

// RFC 5322's date, in English whatever the process locale, in UTC.
std::string rfc5322_date(std::chrono::system_clock::time_point when) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

// A reply keeps the thread's subject; a message that starts a thread (news, an officer's answer) is
// named by its first line.
// Either way the plan or question it is about is named in brackets, for a reply whose headers get lost.
std::string subject_of(const OutboundMessage& message, const MailThread& thread) {
  if (!thread.subject.empty()) {
    const auto lowered = lower(thread.subject);
    return with_reference(lowered.starts_with("re:") ? thread.subject : "Re: " + thread.subject, message.about);
  }
  const auto line = one_line(message.text.substr(0, message.text.find('\n')));
  return with_reference(std::string(cut_utf8(line, 70)), message.about);
}

std::string plain_text(const OutboundMessage& message) {
  std::string text = message.text;
  int number = 1;
  for (const auto& choice : message.choices) text += "\n" + std::to_string(number++) + ". " + choice.label;
  return text;
}

std::string html_text(const OutboundMessage& message) {
  std::string html = "<!DOCTYPE html><html><body><p>";
  for (char c : escape_html(message.text)) html += c == '\n' ? std::string("<br>") : std::string(1, c);
  html += "</p>";
  if (!message.choices.empty()) {
    html += "<ol>";
    for (const auto& choice : message.choices) html += "<li>" + escape_html(choice.label) + "</li>";
    html += "</ol>";
  }
  return html + "</body></html>";
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  // The oldest and the newest ten are enough to thread; a long thread would otherwise grow the header forever.
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (i == 0 || i + 10 >= ids.size()) out += (out.empty() ? "" : " ") + ids[i];
  return out;
}

std::string text_part(const char* type, const std::string& body) {
  return std::string("Content-Type: ") + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
         quoted_printable(body) + "\r\n";
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  auto put = [&](const std::string& piece) {
    if (column + piece.size() > 75) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    if (c == '\r') continue;
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool plain = (c >= 33 && c <= 126 && c != '=') || (c == ' ' && !line_end);
    put(plain ? std::string(1, static_cast<char>(c)) : std::string{'=', kHex[c >> 4], kHex[c & 15]});
  }
  return out;
}

std::string render_mail(const OutboundMessage& message, const Envelope& envelope) {
  const auto thread = read_thread(message.thread);
  std::string mail;
  mail += "From: " + encoded_header(envelope.from_name, true) + " <" + envelope.from_address + ">\r\n";
  mail += "To: <" + envelope.to_address + ">\r\n";
  mail += "Subject: " + encoded_header(subject_of(message, thread), false) + "\r\n";
  mail += "Date: " + rfc5322_date(envelope.date) + "\r\n";
  mail += "Message-ID: " + envelope.message_id + "\r\n";
  if (!thread.message_id.empty()) mail += "In-Reply-To: " + thread.message_id + "\r\n";
  if (!thread.references.empty()) mail += "References: " + joined(thread.references) + "\r\n";
  // RFC 3834: an answer to a person is auto-replied, news we start ourselves auto-generated.
  const bool news = !message.list.empty() || thread.message_id.empty();
  mail += std::string("Auto-Submitted: ") + (news ? "auto-generated" : "auto-replied") + "\r\n";
  if (!message.list.empty() && !envelope.unsubscribe_url.empty()) {
    // RFC 8058: a mail program may POST List-Unsubscribe=One-Click to the link, without asking again;
    // RFC 2369: one that does not speak HTTP sends a mail to the mailto: address (folded onto a line of
    // its own, as both are long).
    mail += "List-Unsubscribe: <" + envelope.unsubscribe_url + ">";
    if (!envelope.unsubscribe_mailto.empty()) mail += ",\r\n <" + envelope.unsubscribe_mailto + ">";
    mail += "\r\n";
    mail += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  mail += "X-Loop: " + envelope.from_address + "\r\n";
  mail += "MIME-Version: 1.0\r\n";
  mail += std::string("Content-Type: multipart/alternative; boundary=\"") + kBoundary + "\"\r\n\r\n";
  mail += std::string("--") + kBoundary + "\r\n" + text_part("text/plain", plain_text(message));
  mail += std::string("--") + kBoundary + "\r\n" + text_part("text/html", html_text(message));
  mail += std::string("--") + kBoundary + "--\r\n";
  return mail;
}

}  // namespace buurtbot::adapters::email
