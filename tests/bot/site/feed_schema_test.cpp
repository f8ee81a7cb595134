// Every kind of Atom feed of /plannen/ against RFC 4287's own schema (tests/fixtures/atom/atom.rnc), checked by
// a real RELAX NG validator: jing, which scripts/setup.sh installs. What the schema leaves open is checked here:
// ids are URIs that stay the same, and times are RFC 3339.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/site/feed.hpp"

#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;

const std::string kSchema = std::string(BUURTBOT_SOURCE_DIR) + "/tests/fixtures/atom/atom.rnc";

// A plan whose resident and officer texts have markup, entities and characters outside ASCII.
constexpr std::string_view kMarkedUpTitle = "Bankje <b>&</b> bloemen bij “de Brug” in Ærø 🌱";
constexpr std::string_view kMarkedUpAnswer = R"({"status": "accepted", "answer": "Wij betalen € 1.250 <script>x()</script> & meer."})";

// A feed's `<id>`s and the times of its `<updated>` and `<published>`, in order.
std::vector<std::string> all_of(const std::string& xml, const std::string& element) {
  const std::regex pattern("<" + element + ">([^<]*)</" + element + ">");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), pattern); it != std::sregex_iterator(); ++it)
    found.push_back((*it)[1]);
  return found;
}

class AtomFeeds : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    garden_ = create("Moestuin bij de school", "groen", "noord");
    marked_up_ = create(std::string(kMarkedUpTitle), "verkeer", "centrum");
    ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + marked_up_, R"({"status": "in_review"})").status, 200);
    ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + marked_up_, std::string(kMarkedUpAnswer)).status, 200);
    dir_ = std::filesystem::temp_directory_path() / ("buurtbot-atom-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }

  void TearDown() override {
    std::filesystem::remove_all(dir_);
    ApiTest::TearDown();
  }

  std::string create(const std::string& title, const std::string& theme, const std::string& neighbourhood) {
    return on_writer([&](storage::Database& db) {
      auto submitter = storage::Residents(db).find_or_create("telegram", "8101", "8101", "Sanne Bakker", "nl");
      auto draft = storage::testing::TempDatabaseTest::draft(title, submitter.id);
      draft.theme = theme;
      draft.neighbourhood = neighbourhood;
      draft.published = true;
      return storage::Initiatives(db).create(draft, 2026).ref;
    });
  }

  std::string feed(const std::string& path) {
    const auto response = send("GET", path);
    EXPECT_EQ(response.status, 200) << path;
    return response.body;
  }

  // jing's verdict on `xml`: empty when it is valid Atom, else what jing reported.
  std::string schema_errors(const std::string& xml) {
    const auto file = dir_ / ("feed-" + std::to_string(++files_) + ".xml");
    std::ofstream(file) << xml;
    // jing prints the errors on standard output; its wrapper script's notes on standard error are not of interest.
    const auto command = "jing -c '" + kSchema + "' '" + file.string() + "' 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return "jing could not be started";
    std::string output;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    if (status == 0) return "";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return "jing is missing: scripts/setup.sh installs it";
    return output.empty() ? "jing failed without saying why" : output;
  }

  std::string garden_, marked_up_;
  std::filesystem::path dir_;
  int files_ = 0;
};

TEST_F(AtomFeeds, TheValidatorRejectsAFeedThatBreaksTheSchema) {
  auto broken = feed("/plannen/feed.atom");
  broken = std::regex_replace(broken, std::regex("<id>[^<]*</id>\n"), "", std::regex_constants::format_first_only);
  EXPECT_THAT(schema_errors(broken), HasSubstr("missing required element \"id\""));
}

TEST_F(AtomFeeds, EveryKindOfFeedIsValidAtom) {
  for (const auto* path : {"/plannen/feed.atom", "/plannen/feed.atom?lang=en", "/plannen/feed.atom?theme=groen",
                           "/plannen/feed.atom?neighbourhood=centrum", "/plannen/feed.atom?theme=cultuur",
                           "/plannen/feed.atom?status=accepted&q=bankje"}) {
    const auto xml = feed(path);
    EXPECT_EQ(schema_errors(xml), "") << path << "\n" << xml;
  }
  EXPECT_THAT(feed("/plannen/feed.atom?theme=cultuur"), ::testing::Not(HasSubstr("<entry>"))) << "the empty feed is empty";
}

TEST_F(AtomFeeds, MarkupInAPlanStaysTextAndNonAsciiStaysAsItIs) {
  const auto xml = feed("/plannen/feed.atom?theme=verkeer");
  EXPECT_THAT(xml, HasSubstr("Bankje &lt;b&gt;&amp;&lt;/b&gt; bloemen bij “de Brug” in Ærø 🌱"));
  EXPECT_THAT(xml, HasSubstr("Wij betalen € 1.250 &lt;script&gt;x()&lt;/script&gt; &amp; meer."));
  EXPECT_THAT(xml, ::testing::Not(HasSubstr("<script>")));
}

TEST_F(AtomFeeds, IdsAreUrisThatStayTheSameAndTimesAreRfc3339) {
  const std::regex uuid_urn("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
  const auto all = feed("/plannen/feed.atom");
  const auto ids = all_of(all, "id");
  ASSERT_EQ(ids.size(), 3u) << all;
  for (const auto& id : ids) EXPECT_TRUE(std::regex_match(id, uuid_urn)) << id;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "the feed and each plan have their own id";
  EXPECT_EQ(all_of(feed("/plannen/feed.atom"), "id"), ids) << "the same on every request";

  // A plan keeps its entry id in every feed it appears in.
  const auto garden_id = site::entry_id(config_.municipality.name, garden_);
  EXPECT_THAT(ids, ::testing::Contains(garden_id));
  for (const auto* path : {"/plannen/feed.atom?lang=en", "/plannen/feed.atom?theme=groen", "/plannen/feed.atom?neighbourhood=noord"})
    EXPECT_THAT(all_of(feed(path), "id"), ::testing::Contains(garden_id)) << path;

  auto times = all_of(all, "updated");
  const auto published = all_of(all, "published");
  times.insert(times.end(), published.begin(), published.end());
  EXPECT_EQ(times.size(), 5u) << all;
  for (const auto& time : times) EXPECT_TRUE(std::regex_match(time, rfc3339)) << time;
  for (const auto& time : all_of(feed("/plannen/feed.atom?theme=cultuur"), "updated"))
    EXPECT_TRUE(std::regex_match(time, rfc3339)) << "the empty feed's " << time;
}

}  // namespace
}  // namespace buurtbot::api::testing
