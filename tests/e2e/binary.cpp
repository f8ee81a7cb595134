#include "tests/e2e/binary.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <sys/wait.h>

namespace buurtbot::testing {
namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::filesystem::path source_path(const std::string& relative) { return std::filesystem::path(BUURTBOT_SOURCE_DIR) / relative; }

Instance::Instance() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() / ("buurtbot-e2e-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
}

Instance::~Instance() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

Run Instance::run(const std::vector<std::string>& args, const std::string& input, const Env& env) const {
  std::ofstream(dir_ / "stdin", std::ios::binary) << input;
  std::string command = "cd " + quote(dir_.string()) + " && env";
  command += " BUURTBOT_STORAGE_PATH=" + quote(database().string());
  command += " BUURTBOT_FLOWS_DIR=" + quote(source_path("flows").string());
  for (const auto& [name, value] : env_) command += " " + name + "=" + quote(value);
  for (const auto& [name, value] : env) command += " " + name + "=" + quote(value);
  command += " " + quote(BUURTBOT_BINARY) + " --config " + quote(source_path("config/demo.yaml").string());
  for (const auto& arg : args) command += " " + quote(arg);
  command += " < stdin > stdout 2> stderr";
  const int status = std::system(command.c_str());
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir_ / "stdout"), slurp(dir_ / "stderr")};
}

Run Instance::chat(const std::string& name, const std::vector<std::string>& lines, const std::string& language) const {
  std::string input;
  for (const auto& line : lines) input += line + "\n";
  std::vector<std::string> args{"chat", "--as", name};
  if (!language.empty()) args.insert(args.end(), {"--lang", language});
  return run(args, input);
}

nlohmann::json Instance::initiatives() const {
  auto r = run({"initiative", "list", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

nlohmann::json Instance::workgroups() const {
  auto r = run({"workgroup", "list", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::string Instance::officer_token(const std::string& login) const {
  const Env password{{"BUURTBOT_OFFICER_PASSWORD", "a long passphrase of the e2e officer"}};
  const auto added = run({"officer", "add", login, "--name", login, "--role", "officer"}, {}, password);
  EXPECT_EQ(added.exit_code, 0) << added.err;
  const auto token = run({"officer", "token", login}, {}, password);
  EXPECT_EQ(token.exit_code, 0) << token.err;
  return std::regex_replace(token.out, std::regex(R"(\s+$)"), "");
}

std::string first_reference(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(R"(BI-\d{4}-\d{4})")) ? m.str() : "";
}

}  // namespace buurtbot::testing
