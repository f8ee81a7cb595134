// Linking a resident's identities with a one-time code, confirmed in both channels.
//
// The resident who made the code survives the link: the other resident's identities, plans, supports,
// follows, memberships, questions and conversations move to them (storage::Residents::merge), and the
// language stays theirs, since they gave the last "ja".

#include "bot/civic/linking.hpp"

#include "bot/civic/action_kit.hpp"
#include "bot/civic/notify.hpp"
#include "bot/core/digest.hpp"
#include "flows/state_json.hpp"
#include "flows/text.hpp"
#include "storage/link_codes.hpp"
#include "storage/repositories.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace buurtbot {
namespace {

using flows::Action;
using flows::ActionOutcome;

using civic::actor;
using civic::field;
using civic::outcome;

// "k7p2 qx9m" as typed → "K7P2QX9M" as made.
std::string normalized(const std::string& typed) {
  std::string code;
  for (unsigned char ch : typed)
    if (std::isalnum(ch)) code += static_cast<char>(std::toupper(ch));
  return code;
}

// "Telegram", "e-mail": the channel as residents call it, in `language`.
std::string channel_label(const ActionContext& c, const std::string& channel, const std::string& language) {
  return buurtbot::channel_label(c.flows, channel, lang_of(language));
}

// The prompt of a flow's first step, filled in: what a follow-up conversation asks.
std::string prompt_of(const ActionContext& c, const std::string& flow, const std::map<std::string, std::string>& values,
                      const std::string& language) {
  const auto* found = c.flows.find(flow);
  if (!found || found->steps.empty()) return {};
  return flows::fill(found->steps.front().prompt.in(lang_of(language)), flows::Vars(values.begin(), values.end()));
}

flows::ConversationState waiting_in(const std::string& flow, std::map<std::string, std::string> values,
                                    std::chrono::system_clock::time_point now) {
  flows::ConversationState state;
  state.flow = flow;
  state.step = "sure";
  state.values = std::move(values);
  state.updated_at = now;
  return state;
}

std::optional<storage::Identity> here(ActionContext& c) {
  return storage::Residents(c.db).identity_at(c.resident.id, c.channel, c.address);
}

// Why a typed or pending code cannot be used, or nothing when it can.
std::optional<std::string> refusal(const std::optional<storage::LinkCode>& code, const ActionContext& c) {
  if (!code) return "link_wrong";
  if (code->used) return "link_used";
  if (code->expires_at <= civic::iso_utc(c.now)) return "link_expired";
  return std::nullopt;
}

ActionOutcome make_code(ActionContext& c) {
  auto identity = here(c);
  if (!identity) return outcome("not_found");
  const auto code = civic::readable_code();
  storage::LinkCodes(c.db).replace(c.resident.id, identity->id, link_code_hash(code), civic::iso_utc(c.now + kIdentityLinkCodeLifetime));
  storage::Audit(c.db).record(actor(c), "resident.link_code", actor(c));
  return outcome("code", {{"code", code}, {"minutes", std::to_string(kIdentityLinkCodeLifetime.count())}});
}

// A code typed in the second channel: if it is good, ask "klopt dat?" here before the first channel hears of it.
ActionOutcome check_code(const std::string& typed, ActionContext& c) {
  auto code = storage::LinkCodes(c.db).find_by_hash(link_code_hash(normalized(typed)));
  if (auto refused = refusal(code, c)) return outcome(*refused);
  auto maker = storage::Residents(c.db).identity(code->identity_id);
  if (!maker) return outcome("link_wrong");
  const auto label = channel_label(c, maker->channel, c.resident.language);
  if (code->resident_id == c.resident.id) return outcome("link_same", {{"channel_label", label}});
  std::map<std::string, std::string> values{{"link", std::to_string(code->id)}, {"channel_label", label}};
  c.follow_up = waiting_in("verbind_code", values, c.now);
  return outcome("confirm", {{"question", prompt_of(c, "verbind_code", values, c.resident.language)}});
}

ActionOutcome start(const Action& a, ActionContext& c) {
  const auto typed = normalized(field(a, "code"));
  if (typed == "NIEUW" || typed == "NEW") return make_code(c);
  return check_code(typed, c);
}

std::optional<storage::LinkCode> pending(const Action& a, ActionContext& c) {
  try {
    return storage::LinkCodes(c.db).find(std::stoll(field(a, "link")));
  } catch (const std::logic_error&) {  // not a number: the state was not made by us
    return std::nullopt;
  }
}

// The second channel said yes: the first channel's next message answers "was jij dat?".
ActionOutcome propose(const Action& a, ActionContext& c) {
  auto code = pending(a, c);
  if (auto refused = refusal(code, c)) return outcome(*refused);
  auto identity = here(c);
  auto maker = storage::Residents(c.db).identity(code->identity_id);
  auto maker_resident = storage::Residents(c.db).find(code->resident_id);
  if (!identity || !maker || !maker_resident) return outcome("link_wrong");
  storage::LinkCodes(c.db).claim(code->id, identity->id);
  const auto& language = maker_resident->language;
  std::map<std::string, std::string> values{{"link", std::to_string(code->id)},
                                            {"channel_label", channel_label(c, c.channel, language)}};
  storage::Conversations(c.db).save(maker->channel, maker->address, maker->resident_id,
                                    flows::serialize_state(waiting_in("verbind_ja", values, c.now)));
  enqueue_text(c.db, maker->channel, maker->address, prompt_of(c, "verbind_ja", values, language), kPriorityReply);
  return outcome("ok", {{"channel_label", channel_label(c, maker->channel, c.resident.language)}});
}

// The first channel said yes: the resident who typed the code joins the one who made it.
ActionOutcome confirm(const Action& a, ActionContext& c) {
  auto code = pending(a, c);
  if (auto refused = refusal(code, c)) return outcome(*refused);
  if (code->resident_id != c.resident.id || !code->claimed_identity_id) return outcome("link_wrong");
  storage::Residents residents(c.db);
  auto claimed = residents.identity(*code->claimed_identity_id);
  if (!claimed) return outcome("link_wrong");
  storage::LinkCodes(c.db).mark_used(code->id);
  residents.merge(c.resident.id, claimed->resident_id);
  storage::Audit(c.db).record(actor(c), "resident.link", actor(c), claimed->channel);
  enqueue_text(c.db, claimed->channel, claimed->address, c.flows.text("link_done", lang_of(c.resident.language)),
               kPriorityReply);
  return outcome("ok", {{"channel_label", channel_label(c, claimed->channel, c.resident.language)}});
}

ActionOutcome refuse(const Action& a, ActionContext& c) {
  if (auto code = pending(a, c); code && code->resident_id == c.resident.id) storage::LinkCodes(c.db).mark_used(code->id);
  return outcome("ok");
}

ActionOutcome unlink(const Action&, ActionContext& c) {
  storage::Residents residents(c.db);
  auto identity = here(c);
  if (!identity || residents.identities(c.resident.id).size() < 2) return outcome("alone");
  c.resident.id = residents.split_off(identity->id, c.resident.language);
  storage::Audit(c.db).record("resident:" + std::to_string(identity->resident_id), "resident.unlink", actor(c),
                              identity->channel);
  return outcome("ok");
}

ActionOutcome prefer(const Action&, ActionContext& c) {
  auto identity = here(c);
  if (!identity) return outcome("not_found");
  storage::Residents(c.db).set_preferred(c.resident.id, identity->id);
  return outcome("ok", {{"channel_label", channel_label(c, c.channel, c.resident.language)}});
}

}  // namespace

std::string link_code_hash(const std::string& code) { return sha256_hex(code); }

flows::ActionOutcome link_identity(const flows::Action& action, ActionContext& context) {
  using Op = ActionOutcome (*)(const Action&, ActionContext&);
  static const std::map<std::string, Op, std::less<>> kOps{{"start", start},     {"propose", propose}, {"confirm", confirm},
                                                          {"refuse", refuse},   {"unlink", unlink},   {"prefer", prefer}};
  auto it = kOps.find(field(action, "op"));
  if (it == kOps.end()) return outcome("not_found");
  return it->second(action, context);
}

}  // namespace buurtbot
