// The arrows between the folders, read from the sources' own #include lines: adapters translate with
// the core types and the HTTP layer only, flows and storage know nothing of the bot around them, the
// HTTP layer knows no domain, and the public pages do not reach sideways into the officers' API.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace buurtbot {
namespace {

namespace fs = std::filesystem;

struct Rule {
  std::string folder;                 ///< the sources checked, below the source tree
  std::vector<std::string> watched;   ///< includes starting with one of these must be allowed…
  std::vector<std::string> allowed;   ///< …by starting with one of these
};

bool starts_with_any(const std::string& text, const std::vector<std::string>& prefixes) {
  for (const auto& prefix : prefixes)
    if (text.starts_with(prefix)) return true;
  return false;
}

// Every "file: include" of `rule.folder` that the rule does not allow.
std::vector<std::string> violations(const Rule& rule) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s+"([^"]+)")re");
  const fs::path root(BUURTBOT_SOURCE_DIR);
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root / rule.folder)) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".hpp" && extension != ".cpp")) continue;
    std::ifstream in(entry.path());
    std::string line;
    std::smatch match;
    while (std::getline(in, line)) {
      if (!std::regex_search(line, match, kInclude)) continue;
      const auto included = match[1].str();
      if (starts_with_any(included, rule.watched) && !starts_with_any(included, rule.allowed))
        found.push_back(fs::relative(entry.path(), root).string() + ": " + included);
    }
  }
  return found;
}

void expect_kept(const Rule& rule) {
  const auto found = violations(rule);
  EXPECT_TRUE(found.empty()) << rule.folder << " includes what it should not know:\n"
                             << ::testing::PrintToString(found);
}

TEST(Layout, AdaptersIncludeOnlyTheCoreAndTheHttpLayerFromBot) {
  expect_kept({"adapters", {"bot/"}, {"bot/core/", "bot/http/"}});
}

TEST(Layout, FlowsIncludeOnlyTheCore) { expect_kept({"flows", {"bot/", "adapters/", "storage/"}, {"bot/core/"}}); }

TEST(Layout, StorageIncludesNothingOfTheBotTheChannelsOrTheFlows) {
  expect_kept({"storage", {"bot/", "adapters/", "flows/"}, {}});
}

TEST(Layout, TheHttpLayerKnowsNoDomain) {
  expect_kept({"bot/http", {"bot/", "adapters/", "flows/", "storage/"}, {"bot/core/", "bot/http/"}});
}

TEST(Layout, ThePublicPagesDoNotReachIntoTheOfficersApi) { expect_kept({"bot/site", {"bot/api/", "adapters/"}, {}}); }

TEST(Layout, ARuleFindsWhatItForbids) {
  // bot/api includes itself everywhere: a rule that forbids it must see that.
  EXPECT_FALSE(violations({"bot/api", {"bot/api/"}, {}}).empty());
}

}  // namespace
}  // namespace buurtbot
