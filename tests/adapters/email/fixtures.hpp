#pragma once
// The raw mails in tests/fixtures/email/, read as bytes, and the words that start a flow in a mail,
// from the repo's own flows.

#include "adapters/email/thread.hpp"
#include "flows/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace buurtbot::adapters::email::testing {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "tests/fixtures/email" / name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline const MailCommands& flow_commands() {
  static const MailCommands commands = [] {
    const auto loaded = flows::load_flows(std::filesystem::path(BUURTBOT_SOURCE_DIR) / "flows");
    EXPECT_TRUE(loaded.ok());
    return MailCommands(loaded.flows);
  }();
  return commands;
}

}  // namespace buurtbot::adapters::email::testing
