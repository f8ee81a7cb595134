// The arrows between the folders, read from the sources' own #include lines. From the bottom up: the
// string helpers (bot/text) know nothing else; the HTTP layer knows only them and no domain; the core
// types (messages, the channel interface, whose routes are HTTP) sit on both. Adapters translate with
// those three only, flows, config and storage know nothing of the bot around them, and the public pages
// do not reach sideways into the officers' API. One way each, so no two folders include each other.
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

TEST(Layout, AdaptersIncludeOnlyTheCoreTheHttpLayerAndTheTextHelpersFromBot) {
  expect_kept({"adapters", {"bot/"}, {"bot/core/", "bot/http/", "bot/text/"}});
}

TEST(Layout, FlowsAndConfigIncludeOnlyTheTextHelpers) {
  expect_kept({"flows", {"bot/", "adapters/", "storage/"}, {"bot/text/"}});
  expect_kept({"config", {"bot/", "adapters/", "storage/", "flows/"}, {"bot/text/"}});
}

TEST(Layout, StorageIncludesNothingOfTheBotTheChannelsOrTheFlows) {
  expect_kept({"storage", {"bot/", "adapters/", "flows/"}, {}});
}

TEST(Layout, TheTextHelpersIncludeNothingOfTheProject) {
  expect_kept({"bot/text", {"bot/", "adapters/", "flows/", "storage/", "config/"}, {"bot/text/"}});
}

TEST(Layout, TheHttpLayerKnowsNoDomainAndNotTheCoreAboveIt) {
  expect_kept({"bot/http", {"bot/", "adapters/", "flows/", "storage/", "config/"}, {"bot/text/", "bot/http/"}});
}

TEST(Layout, TheCoreTypesStandOnTheHttpLayerAndTheTextHelpersOnly) {
  expect_kept({"bot/core", {"bot/", "adapters/", "flows/", "storage/", "config/"}, {"bot/core/", "bot/http/", "bot/text/"}});
}

TEST(Layout, ThePublicPagesDoNotReachIntoTheOfficersApi) { expect_kept({"bot/site", {"bot/api/", "adapters/"}, {}}); }

TEST(Layout, ARuleFindsWhatItForbids) {
  // bot/api includes itself everywhere: a rule that forbids it must see that.
  EXPECT_FALSE(violations({"bot/api", {"bot/api/"}, {}}).empty());
}

}  // namespace
}  // namespace buurtbot
