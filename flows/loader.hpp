#pragma once
// Reads flow files (YAML) into a FlowSet and checks them, so that a mistake in a text file is
// reported with its file and line at start-up and by `buurtbot flows check`, never met by a resident.

#include "flows/definition.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace buurtbot::flows {

/// The file of global texts inside a flows folder.
inline constexpr std::string_view kMessagesFile = "messages.yaml";

/// One mistake in a flow file; `line` is 1-based (0 when it concerns the whole file).
struct FlowError {
  std::string file;
  int line = 0;
  std::string message;
};

/// The flows read, and every mistake found. Use the flows only when `errors` is empty.
struct LoadResult {
  FlowSet flows;
  std::vector<FlowError> errors;

  /// True when the files have no mistakes.
  bool ok() const { return errors.empty(); }
};

/// Reads every `*.yaml` file in `dir` as a flow, and `messages.yaml` there as the global texts.
LoadResult load_flows(const std::filesystem::path& dir);

/// Reads the given flow files and messages file; for tests and for checking files one by one.
LoadResult load_flow_files(const std::vector<std::filesystem::path>& flow_files,
                           const std::filesystem::path& messages_file);

/// The error as an editor reads it: "flows/initiative.yaml:14: step 'theme': missing English text (en)".
std::string format(const FlowError& error);

}  // namespace buurtbot::flows
