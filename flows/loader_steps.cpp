// Reading one step of a flow file: its keys by type, validation, options and end texts.

#include "flows/text.hpp"
#include "flows/yaml_reader.hpp"

#include <algorithm>

namespace buurtbot::flows {
namespace {

const std::vector<std::string_view> kTextKeys{"id",       "type",       "prompt",  "help",
                                              "when",     "next",       "required",   "min_length", "max_length",
                                              "pattern",  "error",      "kind",       "min",     "max",  "label",
                                              "single_line"};
const std::vector<std::string_view> kChoiceKeys{"id",      "type",         "prompt", "help",  "when", "next",
                                                "options", "options_from", "multiple", "search", "empty", "kind", "label"};
const std::vector<std::string_view> kConfirmKeys{"id", "type", "prompt", "help", "when", "next", "no_next"};
const std::vector<std::string_view> kEndKeys{"id", "type", "action", "with", "outcomes", "text", "menu"};
const std::vector<std::string_view> kOptionKeys{"key", "nl", "en", "next", "start", "exclusive", "when"};

std::optional<StepType> step_type(std::string_view name) {
  if (name == "text") return StepType::text;
  if (name == "choice") return StepType::choice;
  if (name == "confirm") return StepType::confirm;
  if (name == "end") return StepType::end;
  return std::nullopt;
}

std::optional<InputKind> input_kind(std::string_view name) {
  if (name == "number") return InputKind::number;
  if (name == "amount") return InputKind::amount;
  if (name == "email") return InputKind::email;
  if (name == "postcode") return InputKind::postcode;
  if (name == "reference") return InputKind::reference;
  return std::nullopt;
}

const std::vector<std::string_view>& keys_of(StepType type) {
  switch (type) {
    case StepType::choice:
      return kChoiceKeys;
    case StepType::confirm:
      return kConfirmKeys;
    case StepType::end:
      return kEndKeys;
    case StepType::text:
      break;
  }
  return kTextKeys;
}

// Notes a step id named under `key`, to check once every step of the flow is known.
std::string step_reference(const YAML::Node& node, std::string_view key, YamlReader& reader,
                           std::vector<Reference>& refs) {
  auto target = reader.string(node, key, false);
  if (!target) return {};
  refs.push_back({*target, std::string(key), reader.context(), reader.file(),
                  YamlReader::line_of(YamlReader::child(node, key))});
  return *target;
}

std::optional<Condition> read_condition(const YAML::Node& when, YamlReader& reader, std::vector<Reference>& refs) {
  if (!reader.check_keys(when, {"field", "contains"}, "'when'")) return std::nullopt;
  auto field = reader.string(when, "field", true);
  auto contains = reader.string(when, "contains", true);
  if (!field || !contains) return std::nullopt;
  refs.push_back({*field, "when field", reader.context(), reader.file(), YamlReader::line_of(when)});
  return Condition{*field, *contains};
}

// `when: {field, contains}`, or a list of them that must all hold.
Conditions read_when(const YAML::Node& node, YamlReader& reader, std::vector<Reference>& refs) {
  const auto when = YamlReader::child(node, "when");
  Conditions conditions;
  if (!when.IsDefined()) return conditions;
  if (!when.IsSequence()) {
    if (auto condition = read_condition(when, reader, refs)) conditions.push_back(*condition);
    return conditions;
  }
  for (const auto& item : when)
    if (auto condition = read_condition(item, reader, refs)) conditions.push_back(*condition);
  return conditions;
}

void read_kind(const YAML::Node& node, YamlReader& reader, Validation& validation) {
  auto kind = reader.string(node, "kind", false);
  if (!kind) return;
  if (auto parsed = input_kind(*kind)) {
    validation.kind = *parsed;
  } else {
    reader.error(YamlReader::child(node, "kind"),
                 "unknown kind '" + *kind + "' (use number, amount, email, postcode or reference)");
  }
}

void read_pattern(const YAML::Node& node, YamlReader& reader, Validation& validation) {
  auto pattern = reader.string(node, "pattern", false);
  validation.pattern_error = reader.text(node, "error", false);
  if (!pattern) return;
  validation.pattern_source = *pattern;
  try {
    validation.pattern.emplace(*pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    reader.error(YamlReader::child(node, "pattern"), concat({"pattern is not a valid regular expression: ", e.what()}));
  }
}

std::optional<std::size_t> length(const YAML::Node& node, std::string_view key, YamlReader& reader) {
  auto value = reader.integer(node, key);
  if (!value) return std::nullopt;
  if (*value < 0) {
    reader.error(YamlReader::child(node, key), concat({"'", key, "' may not be negative"}));
    return std::nullopt;
  }
  return static_cast<std::size_t>(*value);
}

Validation read_validation(const YAML::Node& node, YamlReader& reader) {
  Validation validation;
  validation.required = reader.boolean(node, "required", true);
  validation.min_length = length(node, "min_length", reader);
  validation.max_length = length(node, "max_length", reader);
  validation.single_line = reader.boolean(node, "single_line", false);
  if (validation.min_length && validation.max_length && *validation.min_length > *validation.max_length)
    reader.error(YamlReader::child(node, "min_length"), "min_length is more than max_length");
  validation.min = reader.integer(node, "min");
  validation.max = reader.integer(node, "max");
  if (validation.min && validation.max && *validation.min > *validation.max)
    reader.error(YamlReader::child(node, "min"), "min is more than max");
  read_kind(node, reader, validation);
  read_pattern(node, reader, validation);
  return validation;
}

Option read_option(const YAML::Node& node, YamlReader& reader, std::vector<Reference>& refs,
                   std::vector<Reference>& flow_refs) {
  Option option;
  if (!reader.check_keys(node, kOptionKeys, "an option")) return option;
  option.key = reader.string(node, "key", true).value_or("");
  if (option.key.find(',') != std::string::npos) reader.error(node, "option key '" + option.key + "' may not hold a comma");
  option.label = reader.inline_text(node);
  if (option.label.nl.empty()) reader.error(node, "option '" + option.key + "': missing Dutch text (nl)");
  if (option.label.en.empty()) reader.error(node, "option '" + option.key + "': missing English text (en)");
  option.exclusive = reader.boolean(node, "exclusive", false);
  option.when = read_when(node, reader, refs);
  option.next = step_reference(node, "next", reader, refs);
  option.start = reader.string(node, "start", false).value_or("");
  if (!option.start.empty())
    flow_refs.push_back({option.start, "start", reader.context(), reader.file(),
                         YamlReader::line_of(YamlReader::child(node, "start"))});
  if (!option.start.empty() && !option.next.empty()) reader.error(node, "option '" + option.key + "': use next or start, not both");
  return option;
}

void read_options(const YAML::Node& node, YamlReader& reader, Step& step, std::vector<Reference>& refs,
                  std::vector<Reference>& flow_refs) {
  const auto options = YamlReader::child(node, "options");
  if (options.IsDefined() && !options.IsSequence()) reader.error(options, "'options' must be a list");
  if (options.IsSequence()) {
    for (const auto& item : options) {
      auto option = read_option(item, reader, refs, flow_refs);
      const bool twice = std::any_of(step.options.begin(), step.options.end(),
                                     [&](const Option& o) { return !option.key.empty() && o.key == option.key; });
      if (twice) reader.error(item, "option key '" + option.key + "' is used twice");
      step.options.push_back(std::move(option));
    }
  }
}

void read_choice(const YAML::Node& node, YamlReader& reader, Step& step, std::vector<Reference>& refs,
                 std::vector<Reference>& flow_refs) {
  read_options(node, reader, step, refs, flow_refs);
  step.options_from = reader.string(node, "options_from", false).value_or("");
  const bool known = std::find(kOptionSources.begin(), kOptionSources.end(), step.options_from) != kOptionSources.end();
  if (!step.options_from.empty() && !known)
    reader.error(YamlReader::child(node, "options_from"),
                 "unknown options_from '" + step.options_from +
                     "' (use themes, neighbourhoods, workgroups, my_initiatives, followed_initiatives or "
                     "open_initiatives)");
  if (step.options.empty() && step.options_from.empty())
    reader.error(node, "a choice step needs options, options_from or both");
  step.multiple = reader.boolean(node, "multiple", false);
  step.search = reader.boolean(node, "search", false);
  if (step.search && (step.options_from.empty() || step.multiple || !step.options.empty()))
    reader.error(YamlReader::child(node, "search"), "search works on one choice from options_from alone");
  step.empty = reader.text(node, "empty", false);
  read_kind(node, reader, step.validation);
}

void read_outcomes(const YAML::Node& node, YamlReader& reader, Step& step) {
  const auto outcomes = YamlReader::child(node, "outcomes");
  if (!outcomes.IsDefined()) return;
  if (!outcomes.IsMap()) return reader.error(outcomes, "'outcomes' must list a text per outcome, like ok: {nl, en}");
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it)
    step.outcomes[it->first.Scalar()] = reader.text(outcomes, it->first.Scalar(), true);
  if (step.action.empty()) reader.error(reader.key_of(node, "outcomes"), "an end step with outcomes needs an action");
}

void read_with(const YAML::Node& node, YamlReader& reader, Step& step) {
  const auto with = YamlReader::child(node, "with");
  if (!with.IsDefined()) return;
  if (!with.IsMap()) return reader.error(with, "'with' must list fields and values, like {field: value}");
  for (auto it = with.begin(); it != with.end(); ++it) {
    if (it->second.IsScalar()) {
      step.with[it->first.Scalar()] = it->second.Scalar();
    } else {
      reader.error(it->first, "'with' value of '" + it->first.Scalar() + "' must be a single text");
    }
  }
}

void read_end(const YAML::Node& node, YamlReader& reader, Step& step) {
  step.action = reader.string(node, "action", false).value_or("");
  if (!step.action.empty() && std::find(kActions.begin(), kActions.end(), step.action) == kActions.end())
    reader.error(YamlReader::child(node, "action"), "unknown action '" + step.action + "'");
  read_with(node, reader, step);
  read_outcomes(node, reader, step);
  step.text = reader.text(node, "text", false);
  step.show_menu = reader.boolean(node, "menu", false);
  if (!step.action.empty() && !step.text.empty())
    reader.error(reader.key_of(node, "text"), "an end step with an action has its texts under outcomes");
  if (step.action.empty() && step.text.empty() && !step.show_menu && step.outcomes.empty())
    reader.error(node, "an end step needs an action, a text or menu: true");
}

}  // namespace

Step read_step(const YAML::Node& node, YamlReader& reader, std::vector<Reference>& refs,
               std::vector<Reference>& flow_refs) {
  Step step;
  reader.set_context("");
  if (!node.IsMap()) {
    reader.error(node, "a step must be a list of keys and values (id, type, prompt…)");
    return step;
  }
  step.line = YamlReader::line_of(node);
  step.id = reader.string(node, "id", true).value_or("");
  reader.set_context(step.id.empty() ? "step without id: " : "step '" + step.id + "': ");
  const auto type_name = reader.string(node, "type", true).value_or("");
  const auto type = step_type(type_name);
  if (!type) {
    if (!type_name.empty())
      reader.error(YamlReader::child(node, "type"), "unknown step type '" + type_name + "' (use text, choice, confirm or end)");
    return step;
  }
  step.type = *type;
  reader.check_keys(node, keys_of(step.type), "a step");
  step.help = reader.text(node, "help", false);
  step.when = read_when(node, reader, refs);
  if (step.type != StepType::end) {
    step.prompt = reader.text(node, "prompt", true);
    step.next = step_reference(node, "next", reader, refs);
    step.label = reader.text(node, "label", false);
  }
  if (step.type == StepType::text) step.validation = read_validation(node, reader);
  if (step.type == StepType::choice) read_choice(node, reader, step, refs, flow_refs);
  if (step.type == StepType::confirm) step.no_next = step_reference(node, "no_next", reader, refs);
  if (step.type == StepType::end) read_end(node, reader, step);
  return step;
}

}  // namespace buurtbot::flows
