// Workgroups as officers run them: create and edit them, link and unlink group chats, and send a
// message to everyone in one.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "bot/civic/admin_actions.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/text/text.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

namespace buurtbot::api {
namespace {

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxDescriptionChars = 2000;

ApiError no_workgroup(const std::string& id) { return ApiError{404, "no workgroup " + id}; }

ApiError name_taken(const std::string& name) { return ApiError{409, "a workgroup named '" + name + "' exists already"}; }

ApiError unknown_theme(const std::string& theme) {
  return ApiError{400, "unknown theme '" + theme + "'; the themes are in municipality.themes"};
}

// The workgroup named by the path, or 404.
Result<storage::Workgroup> workgroup_of(const Call& call) {
  const auto id = parse_id(call.params.at(0));
  auto workgroup = id ? storage::Workgroups(call.db).find(*id) : std::nullopt;
  if (!workgroup) return no_workgroup(call.params.at(0));
  return std::move(*workgroup);
}

// Applies the fields a POST or PATCH sent to `workgroup`, checking each; absent fields stay as they are.
Result<storage::Workgroup> with_changes(const Call& call, storage::Workgroup workgroup, const nlohmann::json& fields) {
  if (fields.contains("name")) {
    auto name = line_text(fields, "name", kMaxNameChars);
    if (!name.ok()) return name.error();
    workgroup.name = std::move(name.value());
  }
  if (fields.contains("theme")) {
    workgroup.theme = fields["theme"].get<std::string>();
    if (!known_theme(call.context.config, workgroup.theme)) return unknown_theme(workgroup.theme);
  }
  if (fields.contains("description")) {
    workgroup.description = fields["description"].get<std::string>();
    if (code_points(workgroup.description) > kMaxDescriptionChars)
      return ApiError{400, "field 'description' is longer than " + std::to_string(kMaxDescriptionChars) + " characters"};
  }
  return workgroup;
}

// True when a workgroup other than `self` is called `name`.
bool name_used_elsewhere(storage::Database& db, const std::string& name, storage::Id self) {
  auto existing = storage::Workgroups(db).find_by_name(name);
  return existing && existing->id != self;
}

}  // namespace

http::Response list_workgroups(Call& call) {
  auto out = nlohmann::json::array();
  for (const auto& workgroup : storage::Workgroups(call.db).list()) out.push_back(workgroup_json(call.db, workgroup));
  return json_response(200, out);
}

http::Response create_workgroup(Call& call) {
  auto body = parse_body(call.request.body, {{"name", FieldType::text, true},
                                             {"theme", FieldType::text, true},
                                             {"description", FieldType::text}});
  if (!body.ok()) return error_response(body.error());
  auto draft = with_changes(call, storage::Workgroup{}, body.value());
  if (!draft.ok()) return error_response(draft.error());
  const auto& wanted = draft.value();
  auto added = add_workgroup(call.db, call.context.config, wanted.name, wanted.theme, wanted.description, call.actor());
  if (added.result == AddWorkgroupResult::unknown_theme) return error_response(unknown_theme(wanted.theme));
  if (added.result == AddWorkgroupResult::name_taken) return error_response(name_taken(wanted.name));
  return json_response(201, workgroup_json(call.db, added.workgroup));
}

http::Response update_workgroup(Call& call) {
  storage::Transaction tx(call.db);
  auto workgroup = workgroup_of(call);
  if (!workgroup.ok()) return error_response(workgroup.error());
  auto body = parse_body(call.request.body,
                         {{"name", FieldType::text}, {"theme", FieldType::text}, {"description", FieldType::text}});
  if (!body.ok()) return error_response(body.error());
  if (body.value().empty()) return error_response({400, "send name, theme, description or a few of them"});
  auto changed = with_changes(call, workgroup.value(), body.value());
  if (!changed.ok()) return error_response(changed.error());
  const auto& wanted = changed.value();
  if (name_used_elsewhere(call.db, wanted.name, wanted.id)) return error_response(name_taken(wanted.name));
  storage::Workgroups(call.db).update(wanted);
  storage::Audit(call.db).record(call.actor(), "workgroup.update", wanted.name, body.value().dump());
  tx.commit();
  return json_response(200, workgroup_json(call.db, *storage::Workgroups(call.db).find(wanted.id)));
}

http::Response create_workgroup_link_code(Call& call) {
  storage::Transaction tx(call.db);
  auto workgroup = workgroup_of(call);
  if (!workgroup.ok()) return error_response(workgroup.error());
  auto link = create_link_code_for(call.db, workgroup.value().id, call.actor());
  tx.commit();
  return json_response(201, {{"code", link->code}, {"expires_at", link->expires_at}});
}

// One transaction: every outbox row and the audit entry, or nothing; then the outbox is woken.
http::Response broadcast_to_workgroup(Call& call) {
  storage::Transaction tx(call.db);
  auto workgroup = workgroup_of(call);
  if (!workgroup.ok()) return error_response(workgroup.error());
  auto body = parse_body(call.request.body, {{"text", FieldType::text, true}});
  if (!body.ok()) return error_response(body.error());
  auto text = message_text(body.value(), "text");
  if (!text.ok()) return error_response(text.error());
  const int recipients =
      buurtbot::broadcast_to_workgroup(call.db, call.context.config, workgroup.value(), text.value(), call.actor());
  tx.commit();
  if (recipients > 0 && call.context.wake_outbox) call.context.wake_outbox();
  return json_response(201, {{"recipients", recipients}});
}

http::Response unlink_workgroup_chat(Call& call) {
  storage::Transaction tx(call.db);
  auto workgroup = workgroup_of(call);
  if (!workgroup.ok()) return error_response(workgroup.error());
  const auto& channel = call.params.at(1);
  const auto& address = call.params.at(2);
  storage::Workgroups workgroups(call.db);
  const auto chats = workgroups.chats(workgroup.value().id);
  const bool linked = std::any_of(chats.begin(), chats.end(), [&](const storage::GroupChat& chat) {
    return chat.channel == channel && chat.address == address;
  });
  if (!linked) return error_response({404, "no chat " + channel + "/" + address + " in this workgroup"});
  workgroups.unlink_chat(channel, address);
  storage::Audit(call.db).record(call.actor(), "workgroup.unlink", workgroup.value().name, channel + ":" + address);
  tx.commit();
  return no_content();
}

}  // namespace buurtbot::api
