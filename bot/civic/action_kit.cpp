#include "bot/civic/action_kit.hpp"

#include "bot/core/message.hpp"
#include "storage/repositories.hpp"

#include <ctime>
#include <random>
#include <string_view>

namespace buurtbot::civic {

std::string field(const flows::Action& action, const std::string& name) {
  auto it = action.fields.find(name);
  return it == action.fields.end() ? std::string{} : it->second;
}

flows::ActionOutcome outcome(std::string code, std::map<std::string, std::string> vars) {
  return flows::ActionOutcome{std::move(code), std::move(vars)};
}

std::string actor(const ActionContext& context) { return "resident:" + std::to_string(context.resident.id); }

std::optional<storage::InboxThread> own_question(storage::Database& db, storage::Id resident_id, std::string_view about) {
  const auto id = question_in_about(about);
  if (id == 0) return std::nullopt;
  auto thread = storage::Inbox(db).find(id);
  if (!thread || thread->resident_id != resident_id) return std::nullopt;
  return thread;
}

std::string readable_code(int length) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::random_device random;
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string code;
  for (int i = 0; i < length; ++i) code += kAlphabet[pick(random)];
  return code;
}

std::string iso_utc(std::chrono::system_clock::time_point at) {
  const auto t = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace buurtbot::civic
