#pragma once
// The raw mails in tests/fixtures/email/, read as bytes.

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

}  // namespace buurtbot::adapters::email::testing
