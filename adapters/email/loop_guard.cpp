#include "adapters/email/loop_guard.hpp"

#include "bot/text/text.hpp"

#include <array>
#include <string_view>

namespace buurtbot::adapters::email {
namespace {

std::string header(const ParsedMail& mail, const char* name) {
  auto it = mail.headers.find(name);
  return it == mail.headers.end() ? "" : lower(trim(it->second));
}

bool present(const ParsedMail& mail, const char* name) { return mail.headers.contains(name); }

// "All" or "AutoReply" among the comma-separated values of X-Auto-Response-Suppress.
bool suppresses_auto_replies(const std::string& value) {
  std::string_view rest = value;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = trim(rest.substr(0, comma));
    if (item == "all" || item == "autoreply") return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

bool is_system_sender(const std::string& address) {
  const auto local = address.substr(0, address.find('@'));
  return local == "mailer-daemon" || local == "postmaster";
}

// `lists`: whether the marks of a mailing list count as automatic.
std::optional<std::string> reason(const ParsedMail& mail, const std::string& our_address, bool lists) {
  const auto ours = lower(our_address);
  if (mail.from_address == ours) return "from our own address";
  if (is_system_sender(mail.from_address)) return "from a mail system (" + mail.from_address + ")";
  if (mail.report) return "a delivery status notification (multipart/report)";
  if (const auto auto_submitted = header(mail, "auto-submitted"); !auto_submitted.empty() && auto_submitted != "no")
    return "Auto-Submitted: " + auto_submitted;
  if (const auto precedence = header(mail, "precedence");
      precedence == "bulk" || (lists && precedence == "list") || precedence == "junk")
    return "Precedence: " + precedence;
  if (header(mail, "x-loop") == ours) return "X-Loop: ours";
  if (present(mail, "x-autoreply")) return "X-Autoreply";
  if (present(mail, "x-autorespond")) return "X-Autorespond";
  if (suppresses_auto_replies(header(mail, "x-auto-response-suppress"))) return "X-Auto-Response-Suppress";
  if (lists && present(mail, "list-id")) return "a mailing list (List-Id)";
  if (lists && present(mail, "list-unsubscribe")) return "a mailing list (List-Unsubscribe)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> automatic_reason(const ParsedMail& mail, const std::string& our_address) {
  return reason(mail, our_address, true);
}

std::optional<std::string> automatic_reason_of_a_list_post(const ParsedMail& mail, const std::string& our_address) {
  return reason(mail, our_address, false);
}

}  // namespace buurtbot::adapters::email
