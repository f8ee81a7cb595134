#include "adapters/email/thread.hpp"

#include "bot/core/text.hpp"
#include "flows/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

namespace buurtbot::adapters::email {
namespace {

// The words that start a flow, as the flows' `commands:` spell them, and the spellings a person
// types in a mail ("mijn gegevens" for mijngegevens). A mail has no slash, so only these count.
constexpr std::array<std::pair<const char*, const char*>, 26> kCommands{{
    {"initiatief", "initiatief"}, {"initiative", "initiative"}, {"plan", "plan"},
    {"steun", "steun"},           {"support", "support"},       {"volg", "volg"},
    {"follow", "follow"},         {"ontvolg", "ontvolg"},       {"unfollow", "unfollow"},
    {"vraag", "vraag"},           {"question", "question"},     {"mijn gegevens", "mijngegevens"},
    {"mijngegevens", "mijngegevens"}, {"my data", "mydata"},    {"mydata", "mydata"},
    {"vergeet mij", "vergeetmij"}, {"vergeetmij", "vergeetmij"}, {"forget me", "forgetme"},
    {"help", "help"},             {"hulp", "hulp"},             {"menu", "menu"},
    {"taal", "taal"},             {"language", "language"},     {"werkgroep", "werkgroep"},
    {"workgroup", "workgroup"},   {"mijn plannen", "mijn"},
}};

// "Re: ", "RE: ", "Fwd: ", "Antw: " and "[BI-2026-0042] " taken off the front of a subject.
std::string bare_subject(std::string_view subject) {
  static const std::regex kPrefix(R"(^\s*((re|fw|fwd|antw|aw|tr)\s*:|\[[^\]]*\])\s*)", std::regex::icase);
  std::string rest(subject);
  for (std::smatch m; std::regex_search(rest, m, kPrefix);) rest = m.suffix();
  return trim(rest);
}

bool is_reply(const ParsedMail& mail) {
  if (!mail.in_reply_to.empty() || !mail.references.empty()) return true;
  static const std::regex kReply(R"(^\s*(re|antw|aw)\s*:)", std::regex::icase);
  return std::regex_search(mail.subject, kReply);
}

// "steun BI-2026-0042" → "/steun BI-2026-0042"; "" when `line` is no command. A command takes at most
// one word after it (a reference), so a subject such as "Vraag over het bankje" stays a subject.
std::string command_in(std::string_view line) {
  const auto text = lower(trim(line));
  for (const auto& [spelling, word] : kCommands) {
    const std::string_view s = spelling;
    if (!text.starts_with(s) || (text.size() > s.size() && text[s.size()] != ' ')) continue;
    const auto argument = trim(std::string_view(trim(line)).substr(s.size()));
    if (argument.find(' ') != std::string::npos) return "";
    return "/" + std::string(word) + (argument.empty() ? "" : " " + argument);
  }
  return "";
}

std::string upper(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string after_first_line(const std::string& text) {
  const auto newline = text.find('\n');
  return newline == std::string::npos ? "" : trim(std::string_view(text).substr(newline + 1));
}

// A command without an argument takes the rest of the mail as its first answer.
std::string with_rest(const std::string& command, const std::string& rest) {
  if (rest.empty() || command.find(' ') != std::string::npos) return command;
  return command + " " + rest;
}

}  // namespace

std::string thread_of(const ParsedMail& mail) {
  auto references = mail.references;
  if (references.empty() && !mail.in_reply_to.empty()) references.push_back(mail.in_reply_to);
  references.push_back(mail.message_id);
  return nlohmann::json{{"id", mail.message_id}, {"refs", references}, {"subject", mail.subject}}.dump();
}

MailThread read_thread(const std::string& thread) {
  MailThread out;
  const auto j = nlohmann::json::parse(thread, nullptr, false);
  if (!j.is_object()) return out;
  out.message_id = j.value("id", "");
  out.references = j.value("refs", std::vector<std::string>{});
  out.subject = j.value("subject", "");
  return out;
}

std::string reference_in_subject(std::string_view subject) {
  static const std::regex kReference(R"(\[\s*([A-Za-z]{1,4}-\d{4}-\d{1,6})\s*\])");
  std::match_results<std::string_view::const_iterator> m;
  return std::regex_search(subject.begin(), subject.end(), m, kReference) ? upper(m[1].str()) : "";
}

std::string our_message_id(std::int64_t outbox_id, std::string_view nonce, std::string_view domain) {
  return "<buurtbot." + std::to_string(outbox_id) + "." + std::string(nonce) + "@" + std::string(domain) + ">";
}

std::string flow_text_of(const ParsedMail& mail) {
  const auto subject = bare_subject(mail.subject);
  // A reply keeps the subject of the mail that started the thread, so only a new mail's subject is a command.
  if (auto command = is_reply(mail) ? "" : command_in(subject); !command.empty()) return with_rest(command, mail.new_text);
  if (auto command = command_in(first_line(mail.new_text)); !command.empty())
    return with_rest(command, after_first_line(mail.new_text));
  if (is_reply(mail)) return mail.new_text;
  // A greeting alone is small talk, answered with the welcome as on every other channel; no question.
  if (flows::is_greeting(mail.new_text)) return mail.new_text;
  if (mail.new_text.empty()) return flows::is_greeting(subject) ? subject : "";
  return "/vraag " + mail.new_text;
}

}  // namespace buurtbot::adapters::email
