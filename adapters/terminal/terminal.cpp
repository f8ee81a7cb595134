#include "adapters/terminal/terminal.hpp"

#include "bot/text/text.hpp"

namespace buurtbot::adapters::terminal {

InboundMessage parse_line(const std::string& name, const std::string& line, const std::string& event) {
  InboundMessage m;
  m.channel = kChannel;
  m.conversation = name;
  m.sender_id = name;
  m.sender_address = name;
  m.sender_name = name;
  m.text = line;
  if (!m.text.empty() && m.text.back() == '\r') m.text.pop_back();  // typed on a terminal that sends CRLF
  m.external_id = name + ":" + event;
  return m;
}

std::string render(const OutboundMessage& message) {
  std::string out = message.text;
  int number = 1;
  for (const auto& choice : message.choices) out += "\n  " + std::to_string(number++) + ". " + choice.label;
  return out;
}

SendResult TerminalChannel::send(const std::string&, const OutboundMessage& message, std::int64_t) {
  // Titles, names and answers come from other people: their escape sequences are shown, not obeyed.
  out_ << terminal_safe(render(message)) << "\n\n" << std::flush;
  if (!out_) return SendError{.status = 0, .retry_after = {}, .network = true, .unreachable = false, .detail = "the terminal is gone"};
  return std::nullopt;
}

}  // namespace buurtbot::adapters::terminal
