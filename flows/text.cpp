#include "flows/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace buurtbot::flows {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_edge_noise(char c) { return is_space(c) || std::ispunct(static_cast<unsigned char>(c)); }

// Fills one line; false when a placeholder in it has no value.
bool fill_line(std::string_view line, const Vars& vars, std::string& out) {
  bool complete = true;
  std::size_t pos = 0;
  while (pos < line.size()) {
    auto open = line.find('{', pos);
    auto close = open == std::string_view::npos ? open : line.find('}', open);
    if (close == std::string_view::npos) {
      out.append(line.substr(pos));
      break;
    }
    out.append(line.substr(pos, open - pos));
    auto it = vars.find(line.substr(open + 1, close - open - 1));
    if (it == vars.end() || it->second.empty()) complete = false;
    if (it != vars.end()) out.append(it->second);
    pos = close + 1;
  }
  return complete;
}

}  // namespace

std::string simplify(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_edge_noise(text[begin])) ++begin;
  while (end > begin && is_edge_noise(text[end - 1])) --end;
  std::string out;
  for (char c : lower(text.substr(begin, end - begin))) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool is_greeting(std::string_view text) {
  static constexpr std::array<std::string_view, 14> kGreetingWords{
      "hoi", "hallo", "hey", "hee", "hi", "hello", "dag", "goedemorgen", "goedemiddag", "goedenavond",
      "good morning", "good afternoon", "good evening", "hallo daar"};
  const auto word = simplify(text);
  return std::find(kGreetingWords.begin(), kGreetingWords.end(), word) != kGreetingWords.end();
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    auto comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    if (auto item = trim(list.substr(pos, comma - pos)); !item.empty()) items.push_back(std::move(item));
    pos = comma + 1;
  }
  return items;
}

bool list_contains(std::string_view list, std::string_view item) {
  for (const auto& entry : split_list(list))
    if (entry == item) return true;
  return false;
}

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) out.append(part);
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(items[i]);
  }
  return out;
}

std::string fill(std::string_view text, const Vars& vars) {
  const bool several_lines = text.find('\n') != std::string_view::npos;
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto newline = text.find('\n', pos);
    if (newline == std::string_view::npos) newline = text.size();
    std::string line;
    if (fill_line(text.substr(pos, newline - pos), vars, line) || !several_lines) {
      if (!out.empty() || pos > 0) out.push_back('\n');
      out.append(line);
    }
    pos = newline + 1;
  }
  // A dropped first line would leave a leading newline behind.
  return several_lines ? trim(out) : out;
}

}  // namespace buurtbot::flows
