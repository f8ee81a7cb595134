#pragma once
// Inside the loader: typed reading of YAML nodes that records a FlowError (with the line) for each
// mistake instead of throwing, so one run reports every mistake in every file.

#include "flows/definition.hpp"
#include "flows/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buurtbot::flows {

/// A name used in one place that must exist elsewhere (a step id, a flow name), checked later.
struct Reference {
  std::string target;
  std::string what;     ///< "next", "no_next", "start"…
  std::string context;  ///< "step 'theme': "
  std::string file;
  int line = 0;
};

/// Reads nodes of one file and collects the errors of every file of a load.
class YamlReader final {
 public:
  YamlReader(std::string file, std::vector<FlowError>& errors) : file_(std::move(file)), errors_(errors) {}

  /// The file being read.
  const std::string& file() const { return file_; }
  /// Sets what errors are about from now on, e.g. "step 'theme': ".
  void set_context(std::string context) { context_ = std::move(context); }
  /// The current context, to store with a Reference.
  const std::string& context() const { return context_; }

  /// Records an error at the node's line.
  void error(const YAML::Node& at, const std::string& message);
  /// Records an error at a 0-based YAML mark.
  void error(const YAML::Mark& at, const std::string& message);

  /// Reports every key of `map` not in `allowed`; false when `map` is not a map.
  bool check_keys(const YAML::Node& map, const std::vector<std::string_view>& allowed, const std::string& what);
  /// The key node of `key` in `map` (for its line), or an undefined node.
  YAML::Node key_of(const YAML::Node& map, std::string_view key) const;

  /// A text value; nothing (and an error when `required`) when absent or not text.
  std::optional<std::string> string(const YAML::Node& map, std::string_view key, bool required);
  /// A yes/no value, `fallback` when absent.
  bool boolean(const YAML::Node& map, std::string_view key, bool fallback);
  /// A whole number, nothing when absent.
  std::optional<long long> integer(const YAML::Node& map, std::string_view key);
  /// A text in Dutch and English; an error for each missing language.
  Text text(const YAML::Node& map, std::string_view key, bool required);
  /// The Dutch and English labels written directly in `map` (options: {key, nl, en}).
  Text inline_text(const YAML::Node& map);
  /// A list of texts (commands), empty when absent.
  std::vector<std::pair<std::string, int>> strings(const YAML::Node& map, std::string_view key);

  /// The value of `key` in `map`, or an undefined node when there is none (or `map` is no map).
  static YAML::Node child(const YAML::Node& map, std::string_view key);
  /// The 1-based line of a node.
  static int line_of(const YAML::Node& node) { return node.Mark().line + 1; }

 private:
  std::string file_;
  std::string context_;
  std::vector<FlowError>& errors_;
};

/// Reads one step; `refs` collects its next/no_next targets to check once all steps are known.
Step read_step(const YAML::Node& node, YamlReader& reader, std::vector<Reference>& refs,
               std::vector<Reference>& flow_refs);

}  // namespace buurtbot::flows
