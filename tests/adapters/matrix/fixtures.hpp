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

/// A text event, as JSON text, whose content holds arrays nested `depth` deep: a transaction of 1 MiB
/// (the server's body limit) may nest half a million. As text, since a JSON value that deep cannot be
/// copied or written out without exhausting the stack, which is what the parser must not do either.
inline std::string nested_event(std::size_t depth, const std::string& room = "!jEsUZKDJdhlrceRyVU:example.org") {
  return R"({"type":"m.room.message","event_id":"$deep:example.org","room_id":")" + room +
         R"(","sender":"@alice:example.org","content":{"msgtype":"m.text","body":"diep","x":)" + std::string(depth, '[') +
         std::string(depth, ']') + "}}";
}

}  // namespace buurtbot::adapters::matrix::testing
