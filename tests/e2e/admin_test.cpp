// The administrator's command line, run as a person would: the built binary on a temporary database.
#include "tests/e2e/binary.hpp"

#include "bot/api/views.hpp"
#include "bot/civic/status.hpp"
#include "storage/repositories.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <unistd.h>

namespace buurtbot::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A plan as a resident types it in `buurtbot chat`.
const std::vector<std::string> kPlan{"/initiatief", "Bankje bij de speeltuin", "Een bankje in het park.", "1",
                                     "Centrum",     "Geld",                    "€ 1.250",                  "ja", "ja"};

TEST(AdminCommandLine, UnknownCommandPrintsTheHelp) {
  Instance bot;
  auto r = bot.run({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Subcommands:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("initiative"), std::string::npos);
}

TEST(AdminCommandLine, DemoConfigAndFlowsCheckClean) {
  Instance bot;
  auto config = bot.run({"config", "check"});
  EXPECT_EQ(config.exit_code, 0) << config.err;
  auto flows = bot.run({"flows", "check"});
  EXPECT_EQ(flows.exit_code, 0) << flows.err;
  EXPECT_NE(flows.out.find("ok"), std::string::npos);
}

TEST(AdminCommandLine, BrokenConfigExitsWithFileAndLine) {
  Instance bot;
  auto file = bot.dir() / "broken.yaml";
  std::ofstream(file) << "server:\n  listen: 127.0.0.1:8080\n  threads: many\nsever:\n  x: 1\n";
  auto r = bot.run({"--config", file.string(), "config", "check"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.yaml:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken.yaml:4"), std::string::npos) << r.err;
}

TEST(AdminCommandLine, BrokenFlowFileExitsWithFileAndLineAndServeRefusesToStart) {
  Instance bot;
  auto dir = bot.dir() / "flows";
  std::filesystem::copy(source_path("flows"), dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "broken.yaml") << "name: broken\ncommands: [kapot]\ntitle: {nl: Kapot, en: Broken}\nsteps:\n"
                                        "  - id: first\n    type: dance\n    prompt: {nl: Hoi}\n";
  bot.set_env("BUURTBOT_FLOWS_DIR", dir.string());
  auto check = bot.run({"flows", "check"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find("broken.yaml:6"), std::string::npos) << check.err;
  auto serve = bot.run({"serve"});
  EXPECT_EQ(serve.exit_code, 2);
  EXPECT_NE(serve.err.find("broken.yaml"), std::string::npos) << serve.err;
}

TEST(AdminCommandLine, ServeRefusesAnAnnouncementChannelThatIsNotEnabled) {
  Instance bot;
  bot.set_env("BUURTBOT_SERVER_LISTEN", "127.0.0.1:0");
  bot.set_env("BUURTBOT_INBOX_ANNOUNCE_CHANNEL", "telegram");
  bot.set_env("BUURTBOT_INBOX_ANNOUNCE_ADDRESS", "-1001234567890");
  const auto r = bot.run({"serve"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("inbox.announce_channel is telegram, but that channel is not enabled"));
}

TEST(AdminCommandLine, ServeRefusesAThemeFileItCannotRead) {
  Instance bot;
  const auto missing = (bot.dir() / "gemeente-tokens.css").string();
  bot.set_env("BUURTBOT_SERVER_LISTEN", "127.0.0.1:0");
  bot.set_env("BUURTBOT_SITE_THEME_CSS", missing);
  const auto r = bot.run({"serve"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("site.theme_css: cannot read '" + missing + "'"));
}

TEST(AdminCommandLine, ServeRefusesAnAnnouncementAddressTheChannelCannotReach) {
  Instance bot;
  bot.set_env("BUURTBOT_SERVER_LISTEN", "127.0.0.1:0");
  bot.set_env("BUURTBOT_TELEGRAM_ENABLED", "true");
  bot.set_env("BUURTBOT_TELEGRAM_MODE", "polling");
  bot.set_env("BUURTBOT_TELEGRAM_API_URL", "http://127.0.0.1:9");
  bot.set_env("BUURTBOT_TELEGRAM_TOKEN", "123:test");
  bot.set_env("BUURTBOT_INBOX_ANNOUNCE_CHANNEL", "telegram");
  bot.set_env("BUURTBOT_INBOX_ANNOUNCE_ADDRESS", "gemeente");
  const auto r = bot.run({"serve"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("inbox.announce_address 'gemeente' is not a chat on telegram"));
}

TEST(AdminCommandLine, TheTerminalChatRefusesWhenTheConfigTurnsItOff) {
  Instance bot;
  bot.set_env("BUURTBOT_TERMINAL_ENABLED", "false");
  const auto r = bot.chat("Anna", {"hallo"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("terminal.enabled"));
  EXPECT_THAT(r.out, Not(HasSubstr("Welkom")));
}

TEST(AdminCommandLine, AFileThatIsNotADatabaseGivesAClearMessage) {
  Instance bot;
  std::ofstream(bot.database()) << "this is a shopping list, not a database\n";
  auto r = bot.run({"workgroup", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bot.database().string()), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
}

TEST(AdminCommandLine, AReadOnlyDatabaseGivesAClearMessage) {
  if (getuid() == 0) GTEST_SKIP() << "root writes read-only files anyway; see UnwritablePlace below";
  Instance bot;
  ASSERT_EQ(bot.run({"migrate"}).exit_code, 0);
  std::filesystem::permissions(bot.dir(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  std::filesystem::permissions(bot.database(), std::filesystem::perms::owner_read);
  auto r = bot.run({"workgroup", "add", "Nieuw", "--theme", "groen"});
  std::filesystem::permissions(bot.dir(), std::filesystem::perms::owner_all);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("read"), std::string::npos) << r.err;
}

TEST(AdminCommandLine, ADatabaseInAnUnwritablePlaceGivesAClearMessage) {
  Instance bot;
  bot.set_env("BUURTBOT_STORAGE_PATH", "/proc/buurtbot/buurtbot.db");
  auto r = bot.run({"migrate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/proc/buurtbot/buurtbot.db"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
}

TEST(AdminCommandLine, MigrateReportsTheSchemaVersion) {
  Instance bot;
  auto r = bot.run({"migrate"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("schema version"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(bot.database()));
}

TEST(AdminCommandLine, DemoWorkgroupsAreThereAndNewOnesCanBeAdded) {
  Instance bot;
  auto before = bot.workgroups();
  EXPECT_GE(before.size(), 2u);
  auto add = bot.run({"workgroup", "add", "Spelen Noord", "--theme", "spelen", "--description", "Speeltuinen"});
  EXPECT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(bot.workgroups().size(), before.size() + 1);
  auto again = bot.run({"workgroup", "add", "Spelen Noord", "--theme", "spelen"});
  EXPECT_EQ(again.exit_code, 1);
  auto bad_theme = bot.run({"workgroup", "add", "Raketten", "--theme", "ruimtevaart"});
  EXPECT_EQ(bad_theme.exit_code, 2);
  EXPECT_NE(bad_theme.err.find("ruimtevaart"), std::string::npos);
}

TEST(AdminCommandLine, BackupIsAWorkingCopy) {
  Instance bot;
  ASSERT_EQ(bot.run({"workgroup", "add", "Kunst", "--theme", "cultuur"}).exit_code, 0);
  auto copy = bot.dir() / "copy.db";
  auto r = bot.run({"backup", copy.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Instance other;
  other.set_env("BUURTBOT_STORAGE_PATH", copy.string());
  auto listed = other.run({"workgroup", "list"});
  EXPECT_NE(listed.out.find("Kunst"), std::string::npos) << listed.out;
}

TEST(AdminCommandLine, StatusOfAnUnknownInitiativeIsRefused) {
  Instance bot;
  auto r = bot.run({"initiative", "status", "BI-2026-9999", "in_review"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no initiative"), std::string::npos) << r.err;
}

TEST(AdminCommandLine, ARefusedStatusListsTheStatusesThatMayFollow) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  ASSERT_EQ(bot.run({"initiative", "status", ref, "in_review"}).exit_code, 0);
  const auto refused = bot.run({"initiative", "status", ref, "done"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("Allowed from in_review: accepted, needs_info, rejected"));
}

TEST(AdminCommandLine, AStatusTakesAnAnswerInDutchAndInEnglish) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  ASSERT_EQ(bot.run({"initiative", "status", ref, "in_review"}).exit_code, 0);
  const auto changed = bot.run({"initiative", "status", ref, "rejected", "--answer", "Er staat er al een.",
                                "--answer-en", "There is one already."});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  const auto shown = nlohmann::json::parse(bot.run({"initiative", "show", ref, "--json"}).out);
  EXPECT_EQ(shown["history"].back()["answer"], "Er staat er al een.");
  EXPECT_EQ(shown["history"].back()["answer_en"], "There is one already.");
  EXPECT_THAT(bot.run({"initiative", "show", ref}).out,
              HasSubstr("    \"Er staat er al een.\"\n    (en) \"There is one already.\"\n"));
}

// The command line and the officers' API show one initiative in one shape: the API's views.
TEST(AdminCommandLine, InitiativeListAndShowPrintWhatTheApiShows) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  ASSERT_EQ(bot.run({"initiative", "status", ref, "in_review"}).exit_code, 0);
  const auto listed = bot.initiatives();
  const auto shown = bot.run({"initiative", "show", ref, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;

  auto db = storage::Database::open(bot.database());
  storage::Initiatives initiatives(db);
  const auto initiative = initiatives.find(ref);
  ASSERT_TRUE(initiative);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], api::initiative_json(*initiative));
  EXPECT_EQ(nlohmann::json::parse(shown.out), api::initiative_detail_json(db, *initiative));
}

// Without --json a person reads the plan: what it is, where it stands, what may come next, and its history.
TEST(AdminCommandLine, InitiativeShowPrintsAReadableSummary) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  ASSERT_EQ(bot.run({"initiative", "status", ref, "in_review"}).exit_code, 0);
  ASSERT_EQ(bot.run({"initiative", "status", ref, "needs_info", "--answer", "Waar precies?"}).exit_code, 0);
  const auto shown = bot.run({"initiative", "show", ref});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, ::testing::StartsWith(ref + "  Bankje bij de speeltuin\n"));
  EXPECT_THAT(shown.out, HasSubstr("Status:         needs_info  (may become: in_review"));
  EXPECT_THAT(shown.out, HasSubstr("Help asked:     money (EUR 1250.00)"));
  EXPECT_THAT(shown.out, HasSubstr("0 supporters, 1 follower\n"));
  EXPECT_THAT(shown.out, HasSubstr("\nEen bankje in het park.\n"));
  EXPECT_THAT(shown.out, HasSubstr("in_review -> needs_info  by cli\n    \"Waar precies?\""));
  EXPECT_THAT(shown.out, HasSubstr("(new) -> submitted  by the submitter\n")) << "a resident is not named in the history";
}

TEST(AdminCommandLine, CountsInTheListsReadAsWords) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  EXPECT_THAT(bot.run({"initiative", "list"}).out, HasSubstr("  0 supporters  "));
  ASSERT_EQ(bot.chat("Bert", {"/steun " + ref}).exit_code, 0);
  EXPECT_THAT(bot.run({"initiative", "list"}).out, HasSubstr("  1 supporter  "));
  EXPECT_THAT(bot.run({"workgroup", "list"}).out, HasSubstr(", 0 members)"));
}

TEST(AdminCommandLine, AnUnknownStatusIsRefusedWithTheAllowedOnes) {
  Instance bot;
  const auto r = bot.run({"initiative", "list", "--status", "bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err + r.out, HasSubstr("in_review"));
}

TEST(AdminCommandLine, AReferenceIsFoundInAnyCase) {
  Instance bot;
  const auto ref = first_reference(bot.chat("Anna", kPlan).out);
  ASSERT_FALSE(ref.empty());
  std::string lower_ref = ref;
  std::transform(lower_ref.begin(), lower_ref.end(), lower_ref.begin(), [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(bot.run({"initiative", "show", lower_ref}).exit_code, 0);
  EXPECT_EQ(bot.run({"initiative", "status", lower_ref, "in_review"}).exit_code, 0);
  EXPECT_EQ(bot.initiatives()[0]["status"], "in_review");
}

TEST(AdminCommandLine, WorkgroupListPrintsWhatTheApiShows) {
  Instance bot;
  const auto listed = bot.workgroups();
  auto db = storage::Database::open(bot.database());
  storage::Workgroups workgroups(db);
  auto expected = nlohmann::json::array();
  for (const auto& workgroup : workgroups.list())
    expected.push_back(api::workgroup_json(workgroup, workgroups.chats(workgroup.id)));
  EXPECT_EQ(listed, expected);
}

TEST(AdminCommandLine, OutboxListPrintsWhatTheApiShows) {
  Instance bot;
  ASSERT_EQ(bot.chat("Anna", {"hallo"}).exit_code, 0);
  const auto r = bot.run({"outbox", "list", "--all"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto db = storage::Database::open(bot.database());
  auto expected = nlohmann::json::array();
  for (const auto& row : storage::Outbox(db).list()) expected.push_back(api::outbox_row_json(row));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(nlohmann::json::parse(r.out), expected);
}

// What an administrator looks for is what still waits; residents' words only when asked for.
TEST(AdminCommandLine, OutboxListShowsWhatWaitsWithoutTextsUnlessAsked) {
  Instance bot;
  ASSERT_EQ(bot.chat("Anna", {"hallo"}).exit_code, 0);  // delivered in the terminal: sent
  {
    auto db = storage::Database::open(bot.database());
    storage::Outbox(db).enqueue("telegram", "7001", R"({"text":"Nieuws over je plan"})", 1);
  }
  const auto waiting = nlohmann::json::parse(bot.run({"outbox", "list"}).out);
  ASSERT_EQ(waiting.size(), 1u) << waiting.dump(2);
  EXPECT_EQ(waiting[0]["address"], "7001");
  EXPECT_FALSE(waiting[0].contains("text"));
  const auto with_text = nlohmann::json::parse(bot.run({"outbox", "list", "--text"}).out);
  ASSERT_EQ(with_text.size(), 1u);
  EXPECT_EQ(with_text[0]["text"], "Nieuws over je plan");
  EXPECT_GT(nlohmann::json::parse(bot.run({"outbox", "list", "--all"}).out).size(), 1u);
}

// The journal cuts texts at storage.max_journal_text_bytes; a step accepting more would take a cut answer.
TEST(AdminCommandLine, AJournalLimitBelowTheLongestAnswerIsRefusedAtStart) {
  Instance bot;
  bot.set_env("BUURTBOT_STORAGE_MAX_JOURNAL_TEXT_BYTES", "8000");
  const auto r = bot.run({"flows", "check"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("step 'question' accepts 4000 characters (up to 16000 bytes)"));
  EXPECT_THAT(r.err, HasSubstr("storage.max_journal_text_bytes keeps (8000)"));
  EXPECT_THAT(r.err, Not(HasSubstr("step 'title'")));
  bot.set_env("BUURTBOT_STORAGE_MAX_JOURNAL_TEXT_BYTES", "16000");
  EXPECT_EQ(bot.run({"flows", "check"}).exit_code, 0);
}

// What an attacker would put in a title or name: retitle the window, clear the screen, ring the bell.
const std::string kEscapes = "\x1b]0;pwned\x07\x1b[2J\x1b[H\xc2\x9b" "31m";

// Titles and names stored before control characters were refused (or by a channel that let them in)
// are printed for a terminal: the escapes shown, not obeyed.
TEST(AdminCommandLine, ListsShowControlCharactersInsteadOfSendingThemToTheTerminal) {
  Instance bot;
  ASSERT_FALSE(first_reference(bot.chat("Anna", kPlan).out).empty());
  {
    auto db = storage::Database::open(bot.database());
    db.prepare("UPDATE initiatives SET title = ?1").bind(1, "Bankje" + kEscapes).run();
    db.prepare("UPDATE workgroups SET name = ?1 WHERE id = (SELECT MIN(id) FROM workgroups)")
        .bind(1, "Groen" + kEscapes)
        .run();
  }
  for (const auto& args : {std::vector<std::string>{"initiative", "list"}, {"workgroup", "list"}}) {
    const auto r = bot.run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << args[0];
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << args[0];
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << args[0];
    EXPECT_THAT(r.out, HasSubstr("\\x1b]0;pwned\\x07\\x1b[2J")) << args[0];
  }
}

TEST(AdminCommandLine, NamesWithControlCharactersAreRefused) {
  Instance bot;
  const auto workgroup = bot.run({"workgroup", "add", "Groen" + kEscapes, "--theme", "groen"});
  EXPECT_EQ(workgroup.exit_code, 2);
  EXPECT_THAT(workgroup.err, HasSubstr("control characters"));
  EXPECT_EQ(bot.run({"workgroup", "add", "Groen\nOost", "--theme", "groen"}).exit_code, 2);
  EXPECT_THAT(bot.run({"workgroup", "list"}).out, Not(HasSubstr("Groen\\x1b")));
}

}  // namespace
}  // namespace buurtbot::testing
