#include "adapters/email/reply_text.hpp"

#include "bot/text/text.hpp"

#include <regex>
#include <vector>

namespace buurtbot::adapters::email {
namespace {

std::vector<std::string> lines_of(std::string_view body) {
  std::vector<std::string> lines;
  std::string line;
  for (char c : body) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}


bool matches(const std::string& line, const std::regex& re) { return std::regex_search(line, re); }

// The line a quoted history starts with, as the common mail programs write it in Dutch and English;
// Gmail wraps a long one over two lines, so a line is also tried together with the next.
bool opens_quote(const std::string& line) {
  static const std::regex kWrote(R"(^\s*(On|Op)\s.+(wrote|schreef|het volgende geschreven)[^:]*:\s*$)", std::regex::icase);
  static const std::regex kOriginal(R"(^\s*-{2,}\s*(Original Message|Oorspronkelijk bericht|Forwarded message|Doorgestuurd bericht)\s*-{2,})",
                                    std::regex::icase);
  return matches(line, kWrote) || matches(line, kOriginal);
}

// Outlook's block: "Van: …" (or "From: …") with "Verzonden:/Sent:/Date:/Datum:" on one of the next lines.
bool opens_outlook_block(const std::vector<std::string>& lines, std::size_t i) {
  static const std::regex kFrom(R"(^\s*\*?(Van|From)\s*:\*?\s)", std::regex::icase);
  static const std::regex kSent(R"(^\s*\*?(Verzonden|Sent|Date|Datum)\s*:)", std::regex::icase);
  if (!matches(lines[i], kFrom)) return false;
  for (std::size_t j = i + 1; j < lines.size() && j <= i + 3; ++j)
    if (matches(lines[j], kSent)) return true;
  return false;
}

bool opens_signature(const std::string& line) {
  static const std::regex kDevice(R"(^\s*(Verzonden vanaf mijn|Verstuurd vanaf mijn|Sent from my)\s)", std::regex::icase);
  return line == "-- " || line == "--" || matches(line, kDevice);
}

bool is_quoted(const std::string& line) { return line.starts_with('>'); }

// Outlook draws a line of underscores above its block.
bool is_rule(const std::string& line) {
  const auto t = trim(line);
  return t.size() >= 10 && t.find_first_not_of('_') == std::string::npos;
}

bool ends_new_text(const std::vector<std::string>& lines, std::size_t i) {
  if (opens_quote(lines[i]) || opens_signature(lines[i]) || opens_outlook_block(lines, i)) return true;
  if (is_rule(lines[i]) && i + 1 < lines.size() && opens_outlook_block(lines, i + 1)) return true;
  return i + 1 < lines.size() && opens_quote(lines[i] + " " + lines[i + 1]);
}

}  // namespace

std::string new_text_of(std::string_view body) {
  const auto lines = lines_of(body);
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < lines.size() && !ends_new_text(lines, i); ++i)
    if (!is_quoted(lines[i])) kept.push_back(lines[i]);
  while (!kept.empty() && trim(kept.back()).empty()) kept.pop_back();
  std::string text;
  for (const auto& line : kept) text += (text.empty() ? "" : "\n") + line;
  return trim(text);
}

}  // namespace buurtbot::adapters::email
