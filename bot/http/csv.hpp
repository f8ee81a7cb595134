#pragma once
// CSV as spreadsheets read it (RFC 4180), made safe to open: resident text never becomes a formula.

#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::http {

/// One field: quoted when it holds a comma, quote or line break (quotes doubled), and prefixed with an
/// apostrophe when it starts like a formula (= + - @, tab or carriage return), so a spreadsheet shows it as text.
std::string csv_field(std::string_view value);

/// One record of `fields`, ending in CRLF.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace buurtbot::http
