#include "bot/civic/actions.hpp"

#include "bot/core/message.hpp"

#include "bot/civic/action_kit.hpp"
#include "bot/civic/announce.hpp"
#include "bot/civic/deadline.hpp"
#include "bot/civic/facts.hpp"
#include "bot/civic/linking.hpp"
#include "bot/civic/notify.hpp"
#include "bot/civic/status.hpp"
#include "storage/attachments.hpp"
#include "storage/repositories.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <functional>
#include <map>
#include <sstream>

namespace buurtbot {
namespace {

using flows::Action;
using flows::ActionOutcome;
using Handler = std::function<ActionOutcome(const Action&, ActionContext&)>;

using civic::actor;
using civic::field;
using civic::outcome;
using civic::own_question;

int year_of(std::chrono::system_clock::time_point now) {
  return static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
}

std::vector<std::string> split_keys(const std::string& list) {
  std::vector<std::string> keys;
  std::stringstream in(list);
  for (std::string key; std::getline(in, key, ',');)
    if (!key.empty() && key != "none") keys.push_back(key);
  return keys;
}

// The photos and files the engine kept for the action: one JSON object a line, as the dispatcher made them.
std::vector<storage::StoredAttachment> attachments_of(const Action& a, const ActionContext& c) {
  std::vector<storage::StoredAttachment> kept;
  std::stringstream lines(field(a, std::string(flows::kAttachmentsField)));
  for (std::string line; std::getline(lines, line);) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_object()) continue;  // not from the dispatcher: nothing to keep
    const auto sent = json.get<Attachment>();
    kept.push_back({.id = 0,
                    .channel = c.channel,
                    .kind = sent.kind,
                    .ref = sent.ref,
                    .name = sent.name,
                    .created_at = {},
                    .content_type = sent.content_type,
                    .size = sent.size,
                    .digest = sent.digest,
                    .not_kept = sent.not_kept});
  }
  return kept;
}

ActionOutcome create_initiative(const Action& a, ActionContext& c) {
  storage::Initiative draft;
  draft.title = field(a, "title");
  draft.description = field(a, "description");
  draft.theme = field(a, "theme");
  draft.neighbourhood = field(a, "neighbourhood");
  draft.help = split_keys(field(a, "help"));
  if (auto amount = field(a, "amount"); !amount.empty()) draft.amount_cents = std::stoll(amount);
  draft.submitter_id = c.resident.id;
  draft.published = field(a, "publish") == "yes";
  storage::Initiatives initiatives(c.db);
  auto created = initiatives.create(std::move(draft), year_of(c.now));
  initiatives.follow(created.id, c.resident.id);
  storage::Attachments attachments(c.db);
  for (const auto& attachment : attachments_of(a, c)) attachments.add_to_initiative(created.id, attachment);
  storage::Audit(c.db).record(actor(c), "initiative.create", created.ref);
  c.replies_about = created.ref;
  Notifier(c.db, c.config, c.flows).new_initiative(created);
  return outcome("ok", {{"ref", created.ref}, {"title", created.title}});
}

ActionOutcome withdraw_initiative(const Action& a, ActionContext& c) {
  storage::Initiatives initiatives(c.db);
  auto found = initiatives.find(field(a, "ref"));
  if (!found || found->submitter_id != c.resident.id) return outcome("not_found");
  if (!can_change_status(found->status, "withdrawn", Changer::submitter)) return outcome("not_allowed");
  initiatives.change_status(found->id, "withdrawn", "", actor(c));
  storage::Audit(c.db).record(actor(c), "initiative.withdraw", found->ref);
  found->status = "withdrawn";
  Notifier(c.db, c.config, c.flows).status_changed(*found, {}, c.resident.id);
  return outcome("ok", {{"ref", found->ref}, {"title", found->title}});
}

// The home named on the way to a plan (step "home" of /steun and /volg) is kept, so it is asked once.
void remember_home(const Action& a, ActionContext& c) {
  const auto home = a.fields.find("home");
  if (home != a.fields.end() && !home->second.empty()) storage::Residents(c.db).set_home(c.resident.id, home->second);
}

ActionOutcome follow(const Action& a, ActionContext& c) {
  remember_home(a, c);
  storage::Initiatives initiatives(c.db);
  auto found = initiatives.find(field(a, "ref"));
  if (!found) return outcome("not_found");
  std::map<std::string, std::string> vars{{"ref", found->ref}, {"title", found->title}};
  if (found->status == "withdrawn") return outcome("withdrawn", vars);
  return outcome(initiatives.follow(found->id, c.resident.id) ? "ok" : "already", vars);
}

ActionOutcome unfollow(const Action& a, ActionContext& c) {
  storage::Initiatives initiatives(c.db);
  auto found = initiatives.find(field(a, "ref"));
  if (!found) return outcome("not_found");
  std::map<std::string, std::string> vars{{"ref", found->ref}, {"title", found->title}};
  return outcome(initiatives.unfollow(found->id, c.resident.id) ? "ok" : "not_following", vars);
}

ActionOutcome support(const Action& a, ActionContext& c) {
  remember_home(a, c);
  storage::Initiatives initiatives(c.db);
  auto found = initiatives.find(field(a, "ref"));
  if (!found) return outcome("not_found");
  std::map<std::string, std::string> vars{{"ref", found->ref}, {"title", found->title}};
  if (found->status == "withdrawn") return outcome("withdrawn", vars);
  if (found->submitter_id == c.resident.id) return outcome("own_plan", vars);
  const bool added = initiatives.support(found->id, c.resident.id);
  const auto count = initiatives.find(found->ref)->supports;
  // "1 persoon steunt dit plan", "12 mensen steunen dit plan": a count reads as speech.
  vars["supporters"] = c.flows.text(count == 1 ? "supporters_one" : "supporters_many", lang_of(c.resident.language),
                                    {{"count", std::to_string(count)}});
  return outcome(added ? "ok" : "already", vars);
}

std::optional<storage::Workgroup> workgroup_of(const Action& a, ActionContext& c) {
  const auto key = field(a, "workgroup");
  try {
    return storage::Workgroups(c.db).find(std::stoll(key));
  } catch (const std::logic_error&) {  // not a number: a name typed or linked by hand
    return storage::Workgroups(c.db).find_by_name(key);
  }
}

ActionOutcome join_workgroup(const Action& a, ActionContext& c) {
  auto group = workgroup_of(a, c);
  if (!group) return outcome("not_found");
  const bool joined = storage::Workgroups(c.db).join(group->id, c.resident.id);
  return outcome(joined ? "ok" : "already", {{"name", group->name}});
}

ActionOutcome leave_workgroup(const Action& a, ActionContext& c) {
  auto group = workgroup_of(a, c);
  if (!group) return outcome("not_found");
  const bool left = storage::Workgroups(c.db).leave(group->id, c.resident.id);
  return outcome(left ? "ok" : "not_member", {{"name", group->name}});
}

// The thread's last message is the one just added.
void keep_attachments(storage::Id thread_id, const Action& a, ActionContext& c) {
  const auto kept = attachments_of(a, c);
  if (kept.empty()) return;
  const auto message_id = storage::Inbox(c.db).messages(thread_id).back().id;
  storage::Attachments attachments(c.db);
  for (const auto& attachment : kept) attachments.add_to_message(message_id, attachment);
}

// The outcome of a message that now waits for an officer: its thread, and the time we promise for an answer.
ActionOutcome waiting_for_officer(storage::Id thread_id, ActionContext& c) {
  c.replies_about = question_about(thread_id);
  return outcome("ok", {{"thread", std::to_string(thread_id)},
                        {"days", promised_working_days(c.flows, c.config, lang_of(c.resident.language))}});
}

ActionOutcome add_message_to(const storage::InboxThread& thread, const std::string& text, const Action& a,
                             ActionContext& c) {
  storage::Inbox(c.db).add_message(thread.id, "in", actor(c), text, {.channel = c.channel, .thread = c.thread});
  keep_attachments(thread.id, a, c);
  announce_to_officers(c.db, c.config, c.flows, c.resident, thread.id, c.channel, text, ThreadEvent::new_message);
  return waiting_for_officer(thread.id, c);
}

// A new thread with the resident's first message, due by the working-day rule, optionally about a plan.
storage::Id open_thread(const std::string& text, std::optional<storage::Id> initiative_id, const Action& a,
                        ActionContext& c) {
  const auto id = storage::Inbox(c.db).open_thread(
      c.resident.id, c.channel, c.address, text,
      {.due_at = first_response_due(c.config, c.now), .initiative_id = initiative_id, .channel_thread = c.thread});
  keep_attachments(id, a, c);
  announce_to_officers(c.db, c.config, c.flows, c.resident, id, c.channel, text, ThreadEvent::new_question);
  return id;
}

ActionOutcome ask_question(const Action& a, ActionContext& c) {
  const auto text = field(a, "question");
  // A mail that lost its threading but names the resident's own question in its subject belongs there.
  if (auto named = own_question(c.db, c.resident.id, c.about)) return add_message_to(*named, text, a, c);
  if (auto open = storage::Inbox(c.db).open_thread_of(c.resident.id)) return add_message_to(*open, text, a, c);
  return waiting_for_officer(open_thread(text, std::nullopt, a, c), c);
}

ActionOutcome add_to_question(const Action& a, ActionContext& c) {
  // A reply that names the resident's own question (a mail's "[vraag 12]") goes there, however long ago it was closed.
  auto open = own_question(c.db, c.resident.id, c.about);
  if (!open) open = storage::Inbox(c.db).thread_to_continue_of(c.resident.id, kReopenDays);
  if (!open) return outcome("not_found");
  return add_message_to(*open, field(a, "text"), a, c);
}

// The submitter answers the municipality's question about their plan: the answer goes on the plan's own
// thread (opened now when the plan has none), and the plan is back with the officers (in review).
ActionOutcome answer_plan_question(const Action& a, ActionContext& c) {
  storage::Initiatives initiatives(c.db);
  auto plan = initiatives.find(field(a, "ref"));
  if (!plan || plan->submitter_id != c.resident.id) return outcome("not_found");
  std::map<std::string, std::string> vars{{"ref", plan->ref}, {"title", plan->title}};
  if (!can_change_status(plan->status, "in_review", Changer::submitter)) return outcome("not_waiting", vars);
  const auto text = field(a, "answer");
  if (auto thread = storage::Inbox(c.db).thread_of_initiative(plan->id)) {
    add_message_to(*thread, text, a, c);
  } else {
    open_thread(text, plan->id, a, c);
  }
  initiatives.change_status(plan->id, "in_review", "", actor(c));
  storage::Audit(c.db).record(actor(c), "initiative.answer", plan->ref, "needs_info -> in_review");
  plan->status = "in_review";
  Notifier(c.db, c.config, c.flows).status_changed(*plan, OfficialAnswer{}, c.resident.id);
  c.replies_about = plan->ref;
  return outcome("ok", vars);
}

ActionOutcome set_language(const Action& a, ActionContext& c) {
  const auto language = field(a, "language");
  if (language != "nl" && language != "en") return outcome("not_found");
  storage::Residents(c.db).set_language(c.resident.id, language);
  c.resident.language = language;
  return outcome("ok");
}

ActionOutcome export_data(const Action&, ActionContext& c) {
  storage::Audit(c.db).record(actor(c), "resident.export", actor(c));
  return outcome("ok", {{"data", describe_resident_data(c.db, c.config, c.flows, c.resident)}});
}

ActionOutcome forget_me(const Action&, ActionContext& c) {
  storage::Residents(c.db).forget(c.resident.id);
  storage::Audit(c.db).record(actor(c), "resident.forget", actor(c));
  return outcome("ok");
}

ActionOutcome link_group(const Action& a, ActionContext& c) {
  auto code = field(a, "code");
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char ch) { return std::toupper(ch); });
  storage::Workgroups workgroups(c.db);
  auto workgroup_id = workgroups.redeem_link_code(code);
  if (!workgroup_id) return outcome("not_found");
  workgroups.link_chat(*workgroup_id, c.channel, c.address);
  auto group = workgroups.find(*workgroup_id);
  storage::Audit(c.db).record(actor(c), "workgroup.link", group->name, c.channel + " " + c.address);
  return outcome("ok", {{"name", group->name}, {"theme", theme_label(c.config, group->theme, c.resident.language)}});
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> kHandlers{
      {"create_initiative", create_initiative}, {"withdraw_initiative", withdraw_initiative},
      {"follow", follow},                       {"unfollow", unfollow},
      {"support", support},                     {"join_workgroup", join_workgroup},
      {"leave_workgroup", leave_workgroup},     {"ask_question", ask_question},
      {"add_to_question", add_to_question},     {"set_language", set_language},
      {"export_data", export_data},             {"forget_me", forget_me},
      {"link_group", link_group},               {"link_identity", link_identity},
      {"answer_plan_question", answer_plan_question},
  };
  return kHandlers;
}

}  // namespace

flows::ActionOutcome execute_action(const flows::Action& action, ActionContext& context) {
  auto it = handlers().find(action.name);
  assert(it != handlers().end() && "the flow loader admits only known actions");
  if (it == handlers().end()) return outcome("not_found");
  return it->second(action, context);
}

}  // namespace buurtbot
