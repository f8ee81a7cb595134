#include "bot/civic/officer_actions.hpp"

#include "bot/civic/action_kit.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "storage/repositories.hpp"

#include <chrono>

namespace buurtbot {

std::string describe(StatusChangeResult result) {
  switch (result) {
    case StatusChangeResult::ok: return "status changed";
    case StatusChangeResult::not_found: return "no initiative with that reference";
    case StatusChangeResult::unknown_status: return "unknown status";
    case StatusChangeResult::not_allowed: return "this status cannot follow the current one";
    case StatusChangeResult::answer_required: return "this status needs an answer for the resident (--answer)";
  }
  return "unknown result";
}

StatusChangeResult change_initiative_status(storage::Database& db, const config::Config& config,
                                            const flows::FlowSet& texts, const std::string& ref, const std::string& to,
                                            const std::string& answer, const std::string& actor) {
  return change_initiative_status(db, config, texts, ref, to, OfficialAnswer{answer, {}}, actor);
}

StatusChangeResult change_initiative_status(storage::Database& db, const config::Config& config,
                                            const flows::FlowSet& texts, const std::string& ref, const std::string& to,
                                            const OfficialAnswer& answer, const std::string& actor) {
  if (!is_status(to)) return StatusChangeResult::unknown_status;
  if (status_needs_answer(to) && answer.empty()) return StatusChangeResult::answer_required;
  storage::Transaction tx(db);
  storage::Initiatives initiatives(db);
  auto initiative = initiatives.find(ref);
  if (!initiative) return StatusChangeResult::not_found;
  if (!can_change_status(initiative->status, to, Changer::officer)) return StatusChangeResult::not_allowed;
  const auto from = initiative->status;
  initiatives.change_status(initiative->id, to, answer.nl, actor, answer.en);
  storage::Audit(db).record(actor, "initiative.status", ref, from + " -> " + to);
  initiative->status = to;
  Notifier(db, config, texts).status_changed(*initiative, answer);
  tx.commit();
  return StatusChangeResult::ok;
}

namespace {

// Long enough for a group's admin to get round to it, short enough that a leaked code soon expires.
constexpr int kLinkCodeDays = 7;

}  // namespace

std::optional<std::string> create_link_code(storage::Database& db, const std::string& workgroup_name,
                                            const std::string& actor) {
  storage::Transaction tx(db);
  auto workgroup = storage::Workgroups(db).find_by_name(workgroup_name);
  if (!workgroup) return std::nullopt;
  auto link = create_link_code_for(db, workgroup->id, actor);
  tx.commit();
  return link->code;
}

std::optional<LinkCode> create_link_code_for(storage::Database& db, storage::Id workgroup_id, const std::string& actor) {
  storage::Workgroups workgroups(db);
  auto workgroup = workgroups.find(workgroup_id);
  if (!workgroup) return std::nullopt;
  LinkCode link{civic::readable_code(), civic::iso_utc(std::chrono::system_clock::now() + std::chrono::days(kLinkCodeDays))};
  workgroups.add_link_code(workgroup->id, link.code, link.expires_at);
  storage::Audit(db).record(actor, "workgroup.link_code", workgroup->name);
  return link;
}

int broadcast_to_workgroup(storage::Database& db, const config::Config&, const storage::Workgroup& workgroup,
                           const std::string& text, const std::string& actor) {
  int queued = 0;
  for (const auto& chat : storage::Workgroups(db).chats(workgroup.id)) {
    enqueue_text(db, chat.channel, chat.address, text, kPriorityBroadcast, {}, workgroup_list(workgroup.id));
    ++queued;
  }
  storage::Residents residents(db);
  for (auto member : storage::Workgroups(db).members(workgroup.id)) {
    if (auto identity = residents.notification_identity(member)) {  // one person, one message
      enqueue_text(db, identity->channel, identity->address, text, kPriorityBroadcast, {}, workgroup_list(workgroup.id));
      ++queued;
    }
  }
  storage::Audit(db).record(actor, "workgroup.broadcast", workgroup.name, std::to_string(queued) + " recipients");
  return queued;
}

void seed_workgroups(storage::Database& db, const config::Config& config) {
  storage::Transaction tx(db);
  storage::Workgroups workgroups(db);
  for (const auto& seed : config.workgroups)
    if (!workgroups.find_by_name(seed.name)) workgroups.add(seed.name, seed.theme, seed.description);
  tx.commit();
}

}  // namespace buurtbot
