#include "bot/app/initiative_summary.hpp"

#include "bot/text/text.hpp"

#include <sstream>

namespace buurtbot {
namespace {

// A field as text: strings as they are, numbers printed, null and missing as nothing.
std::string field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  return terminal_safe(it->is_string() ? it->get<std::string>() : it->dump());
}

std::string joined(const nlohmann::json& list, const std::string& separator) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += separator;
    out += terminal_safe(item.is_string() ? item.get<std::string>() : item.dump());
  }
  return out;
}

// "€ 1.250,00" is the residents' way; the administrator reads the plain amount in euros.
std::string euros(const nlohmann::json& cents) {
  const auto value = cents.get<long long>();
  auto rest = std::to_string(value % 100);
  return "EUR " + std::to_string(value / 100) + "." + (rest.size() == 1 ? "0" + rest : rest);
}

std::string help_asked(const nlohmann::json& detail) {
  auto help = joined(detail.value("help", nlohmann::json::array()), ", ");
  const auto amount = detail.find("amount_cents");
  if (amount != detail.end() && amount->is_number_integer()) help += " (" + euros(*amount) + ")";
  return help.empty() ? "nothing" : help;
}

std::string counted(const nlohmann::json& detail, const char* key, const std::string& noun) {
  const auto count = detail.value(key, 0LL);
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// An officer by name, the resident as the submitter (their name is for the page), the rest as stored.
std::string changed_by(const nlohmann::json& change) {
  const auto by = change.find("by");
  if (by == change.end() || !by->is_object()) return field(change, "actor");
  if (by->value("kind", "") == "submitter") return "the submitter";
  const auto name = field(*by, "name");
  return name.empty() ? field(change, "actor") : name;
}

void print_history(const nlohmann::json& history, std::ostream& out) {
  out << "\nHistory:\n";
  for (const auto& change : history) {
    const auto from = field(change, "from");
    out << "  " << field(change, "at") << "  " << (from.empty() ? "(new)" : from) << " -> " << field(change, "to") << "  by "
        << changed_by(change) << "\n";
    if (const auto answer = field(change, "answer"); !answer.empty()) out << "    \"" << answer << "\"\n";
    if (const auto answer = field(change, "answer_en"); !answer.empty()) out << "    (en) \"" << answer << "\"\n";
  }
}

}  // namespace

std::string initiative_summary(const nlohmann::json& detail) {
  std::ostringstream out;
  const auto next = joined(detail.value("next_statuses", nlohmann::json::array()), ", ");
  out << field(detail, "ref") << "  " << field(detail, "title") << "\n\n"
      << "Status:         " << field(detail, "status") << "  (may become: " << (next.empty() ? "nothing" : next)
      << ")\n"
      << "Theme:          " << field(detail, "theme") << "\n"
      << "Neighbourhood:  " << field(detail, "neighbourhood") << "\n"
      << "Help asked:     " << help_asked(detail) << "\n"
      << "Residents:      " << counted(detail, "supports", "supporter") << ", "
      << counted(detail, "followers", "follower") << "\n"
      << "Submitted:      " << field(detail, "created_at") << "\n";
  if (const auto thread = field(detail, "thread"); !thread.empty()) out << "Inbox thread:   " << thread << "\n";
  if (const auto attachments = detail.value("attachments", nlohmann::json::array()); !attachments.empty())
    out << "Attachments:    " << attachments.size() << "\n";
  out << "\n" << field(detail, "description") << "\n";
  if (const auto history = detail.value("history", nlohmann::json::array()); !history.empty())
    print_history(history, out);
  return out.str();
}

}  // namespace buurtbot
