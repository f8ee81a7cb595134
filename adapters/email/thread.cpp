#include "adapters/email/thread.hpp"

#include "bot/text/text.hpp"
#include "flows/definition.hpp"
#include "flows/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

namespace buurtbot::adapters::email {
namespace {

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

std::string about_in_subject(std::string_view subject) {
  if (auto plan = reference_in_subject(subject); !plan.empty()) return plan;
  static const std::regex kQuestion(R"(\[\s*(?:vraag|question)\s+(\d{1,12})\s*\])", std::regex::icase);
  std::match_results<std::string_view::const_iterator> m;
  return std::regex_search(subject.begin(), subject.end(), m, kQuestion) ? question_about(std::stoll(m[1].str())) : "";
}

std::string with_reference(const std::string& subject, const std::string& about) {
  if (about.empty() || lower(subject).find(lower("[" + about + "]")) != std::string::npos) return subject;
  static const std::regex kReplyPrefix(R"(^\s*((re|fw|fwd|antw|aw|tr)\s*:\s*)*)", std::regex::icase);
  std::smatch prefix;
  std::regex_search(subject, prefix, kReplyPrefix);
  return prefix.str() + "[" + about + "] " + std::string(prefix.suffix());
}

std::string our_message_id(std::int64_t outbox_id, std::string_view nonce, std::string_view domain) {
  return "<buurtbot." + std::to_string(outbox_id) + "." + std::string(nonce) + "@" + std::string(domain) + ">";
}

MailCommands::MailCommands(const flows::FlowSet& flows) {
  for (const auto& flow : flows.flows) {
    if (flow.commands.empty()) continue;  // started by the bot itself, never typed
    for (const auto& command : flow.commands) commands_.emplace(command, command);
    for (const auto* title : {&flow.title.nl, &flow.title.en})
      if (!title->empty()) titles_.emplace(flows::simplify(*title), flow.commands.front());
    if (flow.name == "question") question_ = flow.commands.front();
    if (flow.name == "link") group_link_ = flow.commands;
  }
}

bool MailCommands::is_group_link(std::string_view command_word) const {
  return std::ranges::find(group_link_, command_word) != group_link_.end();
}

std::string MailCommands::command_in(std::string_view line) const {
  const auto text = flows::simplify(line);
  if (text.empty()) return "";
  if (auto title = titles_.find(text); title != titles_.end()) return "/" + title->second;
  const auto space = text.find(' ');
  const auto word = text.substr(0, space);
  const auto command = commands_.find(word);
  if (command == commands_.end()) return "";
  if (space == std::string::npos) return "/" + command->second;
  // A link code is letters and digits, and may happen to have no digit.
  const bool takes_any_word = is_group_link(command->second);
  // The argument as written (a reference keeps its case), one word with a digit in it.
  const std::string written = trim(line);
  std::string argument = trim(std::string_view(written).substr(written.find_first_of(" \t") + 1));
  while (!argument.empty() && std::ispunct(static_cast<unsigned char>(argument.back())) != 0) argument.pop_back();
  const bool one_word = !argument.empty() && argument.find_first_of(" \t") == std::string::npos;
  if (!one_word || (!takes_any_word && argument.find_first_of("0123456789") == std::string::npos)) return "";
  return "/" + command->second + " " + argument;
}

std::string group_link_in(const ParsedMail& mail, const MailCommands& commands) {
  for (const auto& line : {bare_subject(mail.subject), first_line(mail.new_text)}) {
    const auto command = commands.command_in(line);  // "/koppel K7P2QX9M", or "" for no command
    const auto space = command.find(' ');
    if (space != std::string::npos && commands.is_group_link(command.substr(1, space - 1))) return command;
  }
  return "";
}

std::string flow_text_of(const ParsedMail& mail, const MailCommands& commands) {
  const auto subject = bare_subject(mail.subject);
  // A reply keeps the subject of the mail that started the thread, so only a new mail's subject is a command.
  if (auto command = is_reply(mail) ? "" : commands.command_in(subject); !command.empty())
    return with_rest(command, mail.new_text);
  if (auto command = commands.command_in(first_line(mail.new_text)); !command.empty())
    return with_rest(command, after_first_line(mail.new_text));
  if (is_reply(mail)) return mail.new_text;
  // A greeting alone is small talk, answered with the welcome as on every other channel; no question.
  if (flows::is_greeting(mail.new_text)) return mail.new_text;
  if (mail.new_text.empty()) return flows::is_greeting(subject) ? subject : "";
  return "/" + commands.question() + " " + mail.new_text;
}

}  // namespace buurtbot::adapters::email
