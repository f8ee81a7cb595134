#pragma once
// The Matrix spec's examples in tests/fixtures/matrix/, read as text or JSON, and a transaction built from them.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace buurtbot::adapters::matrix::testing {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/matrix" / name);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::json event(const std::string& name) { return nlohmann::json::parse(fixture(name)); }

/// A transaction body holding `events`.
inline std::string transaction(const std::vector<nlohmann::json>& events) {
  return nlohmann::json{{"events", events}}.dump();
}

}  // namespace buurtbot::adapters::matrix::testing
