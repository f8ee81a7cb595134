#include "bot/http/csv.hpp"

namespace buurtbot::http {
namespace {

// What a spreadsheet takes as the start of a formula (OWASP's list for CSV injection).
constexpr std::string_view kFormulaStarts = "=+-@\t\r";

bool needs_quotes(std::string_view value) { return value.find_first_of(",\"\r\n") != std::string_view::npos; }

}  // namespace

std::string csv_field(std::string_view value) {
  std::string text;
  if (!value.empty() && kFormulaStarts.find(value.front()) != std::string_view::npos) text += '\'';
  text += value;
  if (!needs_quotes(text)) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string record;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) record += ',';
    record += csv_field(fields[i]);
  }
  record += "\r\n";
  return record;
}

}  // namespace buurtbot::http
