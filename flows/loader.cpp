#include "flows/loader.hpp"

#include "flows/messages.hpp"
#include "flows/text.hpp"
#include "flows/yaml_reader.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace buurtbot::flows {
namespace {

const std::vector<std::string_view> kFlowKeys{"name", "commands", "title", "intro", "menu", "order", "attachments", "steps"};

// The fields each action reads (bot/civic/actions.cpp): a step with that id, or an entry in `with`.
const std::map<std::string_view, std::vector<std::string_view>> kActionFields{
    {"create_initiative", {"title", "description", "theme", "neighbourhood", "help", "publish"}},
    {"withdraw_initiative", {"ref"}},
    {"follow", {"ref"}},
    {"unfollow", {"ref"}},
    {"support", {"ref"}},
    {"join_workgroup", {"workgroup"}},
    {"leave_workgroup", {"workgroup"}},
    {"ask_question", {"question"}},
    {"set_language", {"language"}},
    {"link_group", {"code"}},
};

/// A command or flow name with where it was written, to find doubles across files.
struct Named {
  std::string flow;
  std::string file;
  int line = 0;
};

/// Everything one load collects before the cross-file checks.
struct Loading {
  LoadResult result;
  std::vector<Reference> flow_refs;
  std::map<std::string, Named> commands;
  std::map<std::string, Named> names;
};

std::optional<YAML::Node> parse_file(const std::filesystem::path& path, std::vector<FlowError>& errors) {
  try {
    return YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    errors.push_back({path.string(), 0, "cannot read the file"});
  } catch (const YAML::Exception& e) {
    errors.push_back({path.string(), e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg});
  }
  return std::nullopt;
}

// "ref_fact_withdrawable": a fact of what was picked at step "ref", which must take its options from facts.
const Step* fact_step(const Flow& flow, const std::string& field) {
  const auto at = field.find("_fact_");
  if (at == std::string::npos) return nullptr;
  const Step* step = flow.find(field.substr(0, at));
  return step && !step->options_from.empty() ? step : nullptr;
}

// Fields the engine fills itself when a flow starts: nothing in the file needs to give them.
bool seeded_field(const Reference& ref) {
  return ref.what == "when field" && (ref.target == kStartedWithArgument || ref.target.starts_with(kResidentPrefix));
}

void check_step_refs(const Flow& flow, const std::vector<Reference>& refs, std::vector<FlowError>& errors) {
  for (const auto& ref : refs) {
    if (seeded_field(ref)) continue;
    const Step* target = flow.find(ref.target);
    if (!target && ref.what == "when field") target = fact_step(flow, ref.target);
    if (!target) {
      errors.push_back({ref.file, ref.line, ref.context + ref.what + " '" + ref.target + "' is not a step in this flow"});
    } else if (ref.what == "when field" && target->type == StepType::end) {
      errors.push_back({ref.file, ref.line, ref.context + "when field '" + ref.target + "' is an end step, which has no value"});
    }
  }
}

void check_ids(const Flow& flow, std::vector<FlowError>& errors) {
  std::set<std::string> seen;
  for (const auto& step : flow.steps)
    if (!step.id.empty() && !seen.insert(step.id).second)
      errors.push_back({flow.file, step.line, "duplicate step id '" + step.id + "'"});
}

void check_last_step(const Flow& flow, std::vector<FlowError>& errors) {
  if (flow.steps.empty()) return;
  const Step& last = flow.steps.back();
  if (last.type != StepType::end && last.next.empty())
    errors.push_back({flow.file, last.line, "step '" + last.id + "': the last step must be an end step (or have next)"});
}

bool has_field(const Flow& flow, const Step& end, std::string_view field) {
  return end.with.contains(std::string(field)) || flow.find(field) != nullptr;
}

void check_action_fields(const Flow& flow, std::vector<FlowError>& errors) {
  for (const auto& step : flow.steps) {
    auto it = kActionFields.find(step.action);
    if (step.type != StepType::end || it == kActionFields.end()) continue;
    for (auto field : it->second)
      if (!has_field(flow, step, field))
        errors.push_back({flow.file, step.line, "step '" + step.id + "': action '" + step.action + "' needs a field '" +
                                                    std::string(field) + "': a step with that id, or an entry in with"});
  }
}

// Reads the commands and notes them and the flow's name, so a second use in any file is an error.
void read_names(Flow& flow, const YAML::Node& root, YamlReader& reader, Loading& loading) {
  const Named here{flow.name, flow.file, YamlReader::line_of(root)};
  if (!flow.name.empty() && !loading.names.emplace(flow.name, here).second)
    reader.error(YamlReader::child(root, "name"), "flow name '" + flow.name + "' is also used in " + loading.names[flow.name].file);
  for (auto& [command, line] : reader.strings(root, "commands")) {
    const auto word = lower(command);
    if (word.empty() || word.front() == '/' || word.find(' ') != std::string::npos) {
      reader.error(YamlReader::child(root, "commands"), "command '" + command + "' must be one word without /");
      continue;
    }
    flow.commands.push_back(word);
    if (auto [it, fresh] = loading.commands.emplace(word, Named{flow.name, flow.file, line}); !fresh) {
      loading.result.errors.push_back(
          {flow.file, line, "command '" + word + "' is already used by flow '" + it->second.flow + "' (" + it->second.file + ")"});
    }
  }
}

void read_steps(const YAML::Node& root, YamlReader& reader, Flow& flow, Loading& loading) {
  const auto steps = YamlReader::child(root, "steps");
  if (!steps.IsSequence() || steps.size() == 0) {
    reader.error(steps.IsDefined() ? steps : root, "a flow needs a list of steps");
    return;
  }
  std::vector<Reference> refs;
  for (const auto& node : steps) flow.steps.push_back(read_step(node, reader, refs, loading.flow_refs));
  check_step_refs(flow, refs, loading.result.errors);
  check_ids(flow, loading.result.errors);
  check_last_step(flow, loading.result.errors);
  check_action_fields(flow, loading.result.errors);
}

void read_flow_file(const std::filesystem::path& path, Loading& loading) {
  auto root = parse_file(path, loading.result.errors);
  if (!root) return;
  YamlReader reader(path.string(), loading.result.errors);
  if (!reader.check_keys(*root, kFlowKeys, "a flow file")) return;
  Flow flow;
  flow.file = path.string();
  flow.name = reader.string(*root, "name", true).value_or("");
  flow.title = reader.text(*root, "title", true);
  flow.intro = reader.text(*root, "intro", false);
  flow.menu = reader.boolean(*root, "menu", false);
  flow.attachments = reader.boolean(*root, "attachments", false);
  flow.order = static_cast<int>(reader.integer(*root, "order").value_or(flow.order));
  read_names(flow, *root, reader, loading);
  reader.set_context("");
  read_steps(*root, reader, flow, loading);
  loading.result.flows.flows.push_back(std::move(flow));
}

// "this text may use {ref}, {title}" or "this text takes no placeholders", for an error about one.
std::string allowed_placeholders(const MessageSpec& spec) {
  if (spec.placeholders.empty()) return "this text takes no placeholders";
  std::vector<std::string> names;
  for (auto name : spec.placeholders) names.push_back(concat({"{", name, "}"}));
  return "this text may use " + join(names, ", ");
}

// A placeholder the code does not fill for this key would reach the resident as "{naam}" or as nothing.
void check_placeholders(const YAML::Node& entry, const MessageSpec& spec, YamlReader& reader) {
  for (const char* language : {"nl", "en"}) {
    const auto node = YamlReader::child(entry, language);
    if (!node.IsScalar()) continue;
    for (const auto& name : placeholders_in(node.Scalar()))
      if (std::find(spec.placeholders.begin(), spec.placeholders.end(), name) == spec.placeholders.end())
        reader.error(node, concat({"unknown placeholder {", name, "}; ", allowed_placeholders(spec)}));
  }
}

void check_required_messages(const std::filesystem::path& path, LoadResult& result) {
  for (const auto& spec : message_specs()) {
    if (result.flows.messages.contains(spec.key)) continue;
    auto error = concat({"missing message '", spec.key, "'"});
    if (!spec.placeholders.empty()) error += " (" + allowed_placeholders(spec) + ")";
    result.errors.push_back({path.string(), 0, error});
  }
}

void read_messages(const std::filesystem::path& path, LoadResult& result) {
  auto root = parse_file(path, result.errors);
  if (!root) return;
  YamlReader reader(path.string(), result.errors);
  if (!root->IsMap()) return reader.error(*root, "messages.yaml must list texts by name, each with nl and en");
  for (auto it = root->begin(); it != root->end(); ++it) {
    const auto key = it->first.Scalar();
    reader.set_context("message '" + key + "': ");
    result.flows.messages[key] = reader.text(*root, key, true);
    if (const auto* spec = find_message_spec(key)) check_placeholders(it->second, *spec, reader);
  }
  reader.set_context("");
  check_required_messages(path, result);
}

void check_flow_refs(Loading& loading) {
  for (const auto& ref : loading.flow_refs)
    if (!loading.result.flows.find(ref.target))
      loading.result.errors.push_back({ref.file, ref.line, ref.context + "start '" + ref.target + "' is not a flow"});
}

}  // namespace

LoadResult load_flow_files(const std::vector<std::filesystem::path>& flow_files,
                           const std::filesystem::path& messages_file) {
  Loading loading;
  read_messages(messages_file, loading.result);
  for (const auto& path : flow_files) read_flow_file(path, loading);
  check_flow_refs(loading);
  // An editor fixes a file from top to bottom, so report in that order.
  std::stable_sort(loading.result.errors.begin(), loading.result.errors.end(), [](const FlowError& a, const FlowError& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
  return std::move(loading.result);
}

LoadResult load_flows(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return LoadResult{{}, {{dir.string(), 0, "not a folder of flow files"}}};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.path().extension() == ".yaml" && entry.path().filename() != kMessagesFile) files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // directory order differs per file system; errors should not
  return load_flow_files(files, dir / kMessagesFile);
}

std::string format(const FlowError& error) {
  if (error.line <= 0) return error.file + ": " + error.message;
  return error.file + ":" + std::to_string(error.line) + ": " + error.message;
}

}  // namespace buurtbot::flows
