#include "bot/civic/unsubscribe.hpp"

#include "bot/civic/actions.hpp"
#include "bot/civic/notify.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

namespace buurtbot {
namespace {

// The chat's own action for the resident behind the address, so an unsubscribe is the same change.
bool run_for_owner(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
                   const std::string& channel, const std::string& address, flows::Action action,
                   std::chrono::system_clock::time_point now) {
  storage::Residents residents(db);
  auto identity = residents.identity_by_address(channel, address);
  if (!identity) return false;
  auto resident = residents.find(identity->resident_id);
  if (!resident) return false;
  ActionContext context{db, config, *resident, channel, address, now, flows, {}, {}, {}, {}};
  return execute_action(action, context).code == "ok";
}

bool leave_workgroup(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
                     const std::string& channel, const std::string& address, const std::string& workgroup,
                     std::chrono::system_clock::time_point now) {
  storage::Workgroups workgroups(db);
  storage::Id id = 0;
  try {
    id = std::stoll(workgroup);
  } catch (const std::logic_error&) {
    return false;
  }
  const auto chats = workgroups.chats(id);
  const bool linked = std::ranges::any_of(chats, [&](const auto& chat) { return chat.channel == channel && chat.address == address; });
  if (linked) {
    workgroups.unlink_chat(channel, address);  // a chat is linked to one workgroup at most
    return true;
  }
  return run_for_owner(db, config, flows, channel, address, {"leave_workgroup", "", "", {{"workgroup", workgroup}}}, now);
}

}  // namespace

bool stop_news(storage::Database& db, const config::Config& config, const flows::FlowSet& flows,
               const std::string& channel, const std::string& address, const std::string& list,
               std::chrono::system_clock::time_point now) {
  if (list == kAllUpdatesList) return storage::Residents(db).stop_news(channel, address);
  const auto colon = list.find(':');
  if (colon == std::string::npos) return false;
  const auto kind = list.substr(0, colon);
  const auto key = list.substr(colon + 1);
  if (kind == "follow") return run_for_owner(db, config, flows, channel, address, {"unfollow", "", "", {{"ref", key}}}, now);
  if (kind == "workgroup") return leave_workgroup(db, config, flows, channel, address, key, now);
  return false;
}

}  // namespace buurtbot
