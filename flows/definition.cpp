#include "flows/definition.hpp"

#include "flows/messages.hpp"
#include "flows/text.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>

namespace buurtbot::flows {
namespace {

// True when `vars` fills exactly the placeholders the table lists for `key`.
bool fills_its_placeholders(std::string_view key, const Vars& vars) {
  const auto* spec = find_message_spec(key);
  if (!spec || spec->placeholders.size() != vars.size()) return false;
  return std::all_of(spec->placeholders.begin(), spec->placeholders.end(), [&](auto name) { return vars.contains(name); });
}

}  // namespace

std::optional<Lang> parse_lang(std::string_view code) {
  // Channels send "en-GB", "nl_NL" or "EN": only the first two letters matter.
  if (code.size() < 2 || (code.size() > 2 && code[2] != '-' && code[2] != '_')) return std::nullopt;
  const auto head = lower(code.substr(0, 2));
  if (head == "nl") return Lang::nl;
  if (head == "en") return Lang::en;
  return std::nullopt;
}

std::string_view to_string(Lang lang) { return lang == Lang::en ? "en" : "nl"; }

const Step* Flow::find(std::string_view id) const {
  auto index = index_of(id);
  return index < steps.size() ? &steps[index] : nullptr;
}

std::size_t Flow::index_of(std::string_view id) const {
  auto it = std::find_if(steps.begin(), steps.end(), [&](const Step& s) { return s.id == id; });
  return static_cast<std::size_t>(it - steps.begin());
}

const Flow* FlowSet::find(std::string_view name) const {
  auto it = std::find_if(flows.begin(), flows.end(), [&](const Flow& f) { return f.name == name; });
  return it == flows.end() ? nullptr : &*it;
}

const Flow* FlowSet::by_command(std::string_view command) const {
  for (const auto& flow : flows)
    if (std::find(flow.commands.begin(), flow.commands.end(), command) != flow.commands.end()) return &flow;
  return nullptr;
}

std::vector<const Flow*> FlowSet::menu() const {
  std::vector<const Flow*> entries;
  for (const auto& flow : flows)
    if (flow.menu) entries.push_back(&flow);
  std::stable_sort(entries.begin(), entries.end(), [](const Flow* a, const Flow* b) { return a->order < b->order; });
  return entries;
}

std::string FlowSet::message(std::string_view key, Lang lang) const {
  auto it = messages.find(key);
  if (it == messages.end()) return std::string(key);
  return it->second.in(lang);
}

std::string FlowSet::text(std::string_view key, Lang lang, const Vars& vars) const {
  assert(fills_its_placeholders(key, vars) && "message_specs() must list the placeholders the code fills");
  return fill(message(key, lang), vars);
}

}  // namespace buurtbot::flows
