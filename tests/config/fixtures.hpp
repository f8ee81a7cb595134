#pragma once
// Shared helpers of the config tests: no environment, fixture files, errors as printable lines.

#include "adapters/web/settings.hpp"
#include "config/config.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace buurtbot::config::testing {

/// An environment in which no variable is set.
inline EnvLookup no_env() {
  return [](const std::string&) { return std::optional<std::string>(); };
}

/// The channel sections config/demo.yaml has besides config/'s own keys: the web chat's.
inline std::vector<SectionSpec> demo_sections() { return {adapters::web::settings_section()}; }

/// `section` and the demo's own, for loading the built-in default (the demo) with one channel's keys.
inline std::vector<SectionSpec> with_demo_sections(SectionSpec section) {
  auto sections = demo_sections();
  sections.push_back(std::move(section));
  return sections;
}

/// Loads tests/fixtures/config/<name> without environment overrides.
inline LoadResult load_fixture(const std::string& name) {
  return load_file(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/config" / name, no_env());
}

/// Each error as "<fixture>:<line>: <message>", so a failing test prints what was reported.
inline std::vector<std::string> reported(const LoadResult& result) {
  std::vector<std::string> lines;
  for (const Issue& issue : result.errors) {
    lines.push_back(format(Issue{std::filesystem::path(issue.file).filename().string(), issue.line, issue.message}));
  }
  return lines;
}

}  // namespace buurtbot::config::testing
