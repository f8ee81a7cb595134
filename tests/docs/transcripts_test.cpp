// One transcript per flow, as the submitter, a follower and a workgroup's chat read it, in Dutch and in
// English. The test writes what the bot says today and compares it with docs/transcripts/<flow>.md, so
// the documentation never tells an older story than the code; BUURTBOT_WRITE_TRANSCRIPTS=1 rewrites the
// files after a deliberate change of texts or flows (read the diff before committing it).
#include "adapters/terminal/terminal.hpp"
#include "bot/civic/officer_actions.hpp"
#include "storage/repositories.hpp"
#include "tests/bot/demo_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace buurtbot {
namespace {

// Who speaks in a transcript: residents on Telegram (and Anna on a second channel), the workgroup's
// group chat, and the municipality (an officer changing a plan's status).
struct Speaker {
  std::string channel, address, name;
  bool group = false;
};

const std::map<std::string, Speaker> kSpeakers{
    {"Anna", {"telegram", "7001", "Anna"}},
    {"Bert", {"telegram", "7002", "Bert"}},
    {"Anna (terminal)", {"terminal", "Anna", "Anna"}},
    {"Groen Centrum", {"telegram", "-100555", "Groen Centrum", true}},
};

constexpr const char* kMunicipality = "gemeente";

struct Line {
  std::string who;   ///< a speaker, or kMunicipality: "STATUS" or "STATUS: answer"
  std::string text;
};

struct Language {
  std::string code;               ///< nl or en
  std::string heading;            ///< the section's heading
  std::vector<Line> setup;        ///< what happened before, not shown
  std::vector<Line> lines;        ///< the conversation shown
};

struct Scene {
  std::string file;   ///< docs/transcripts/<file>.md
  std::string title;
  std::string about;  ///< one sentence: who is in it and what it shows
  Language nl, en;
};

void PrintTo(const Scene& scene, std::ostream* out) { *out << scene.file; }

// Anna's plan, as she submits it in either language.
std::vector<Line> anna_submits(const std::string& code) {
  if (code == "en")
    return {{"Anna", "/initiative"}, {"Anna", "Bench by the playground"},
            {"Anna", "A bench by the playground in the park, so that parents can sit."},
            {"Anna", "1"}, {"Anna", "Centre"}, {"Anna", "Money"}, {"Anna", "250"}, {"Anna", "yes"}, {"Anna", "yes"}};
  return {{"Anna", "/initiatief"}, {"Anna", "Bankje bij de speeltuin"},
          {"Anna", "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten."},
          {"Anna", "1"}, {"Anna", "Centrum"}, {"Anna", "Geld"}, {"Anna", "250"}, {"Anna", "ja"}, {"Anna", "ja"}};
}

std::vector<Line> operator+(std::vector<Line> a, const std::vector<Line>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<Scene> scenes() {
  return {
      {"start", "Welcome (start)", "A new resident says hello.",
       {"nl", "Nederlands", {}, {{"Anna", "/start"}, {"Anna", "hoi"}, {"Anna", "bedankt"}}},
       {"en", "English", {}, {{"Anna", "/start"}, {"Anna", "hello"}, {"Anna", "thanks"}}}},
      {"help", "Help", "A resident asks what the bot can do, and for help inside a step.",
       {"nl", "Nederlands", {}, {{"Anna", "/help"}, {"Anna", "/initiatief"}, {"Anna", "help"}, {"Anna", "stop"}}},
       {"en", "English", {}, {{"Anna", "/help"}, {"Anna", "/initiative"}, {"Anna", "help"}, {"Anna", "stop"}}}},
      {"menu", "The menu", "A resident opens the menu, picks by number and by word, and leaves a flow halfway.",
       {"nl", "Nederlands", {}, {{"Anna", "/menu"}, {"Anna", "1"}, {"Anna", "Bankje"}, {"Anna", "menu"}, {"Anna", "nee"}, {"Anna", "menu"}, {"Anna", "ja"}, {"Anna", "vraag"}, {"Anna", "stop"}}},
       {"en", "English", {}, {{"Anna", "/menu"}, {"Anna", "1"}, {"Anna", "Bench"}, {"Anna", "menu"}, {"Anna", "no"}, {"Anna", "menu"}, {"Anna", "yes"}, {"Anna", "question"}, {"Anna", "stop"}}}},
      {"initiative", "Submitting a plan (initiatief)",
       "Anna submits a plan, types an amount the bot does not understand, and changes one answer before she confirms.",
       {"nl", "Nederlands", {},
        {{"Anna", "/initiatief"}, {"Anna", "Bankje bij de speeltuin"},
         {"Anna", "Een bankje bij de speeltuin in het park, zodat ouders kunnen zitten."}, {"Anna", "groen"},
         {"Anna", "Centrum"}, {"Anna", "Geld, Advies"}, {"Anna", "heel veel"}, {"Anna", "€ 250"}, {"Anna", "ja"}, {"Anna", "nee"},
         {"Anna", "1"}, {"Anna", "Bankje bij de speeltuin in het park"}, {"Anna", "ja"}}},
       {"en", "English", {},
        {{"Anna", "/initiative"}, {"Anna", "Bench by the playground"},
         {"Anna", "A bench by the playground in the park, so that parents can sit."}, {"Anna", "greenery"},
         {"Anna", "Centre"}, {"Anna", "Money, Advice"}, {"Anna", "a lot"}, {"Anna", "€ 250"}, {"Anna", "yes"}, {"Anna", "no"},
         {"Anna", "1"}, {"Anna", "Bench by the playground in the park"}, {"Anna", "yes"}}}},
      {"mine", "Your plans (mijn)", "Anna looks at her plan and withdraws it.",
       {"nl", "Nederlands", anna_submits("nl"), {{"Anna", "/mijn"}, {"Anna", "1"}, {"Anna", "intrekken"}, {"Anna", "ja"}}},
       {"en", "English", anna_submits("en"), {{"Anna", "/mine"}, {"Anna", "1"}, {"Anna", "withdraw"}, {"Anna", "yes"}}}},
      {"support", "Supporting a plan (steun)", "Bert says where he lives, finds Anna's plan in the list of plans near him and supports it; Anna may not support her own.",
       {"nl", "Nederlands", anna_submits("nl"), {{"Bert", "/steun"}, {"Bert", "Centrum"}, {"Bert", "1"}, {"Anna", "/steun"}, {"Anna", "1"}}},
       {"en", "English", anna_submits("en"), {{"Bert", "/support"}, {"Bert", "Centre"}, {"Bert", "1"}, {"Anna", "/support"}, {"Anna", "1"}}}},
      {"follow", "Following a plan (volg)", "Bert would rather not say where he lives, searches for a plan by a word and follows it.",
       {"nl", "Nederlands", anna_submits("nl"), {{"Bert", "/volg"}, {"Bert", "Zeg ik liever niet"}, {"Bert", "speeltuin"}, {"Bert", "1"}}},
       {"en", "English", anna_submits("en"), {{"Bert", "/follow"}, {"Bert", "I would rather not say"}, {"Bert", "playground"}, {"Bert", "1"}}}},
      {"unfollow", "No more news about a plan (ontvolg)", "Bert stops following a plan.",
       {"nl", "Nederlands", anna_submits("nl") + std::vector<Line>{{"Bert", "/volg 1"}}, {{"Bert", "/ontvolg"}, {"Bert", "1"}}},
       {"en", "English", anna_submits("en") + std::vector<Line>{{"Bert", "/follow 1"}}, {{"Bert", "/unfollow"}, {"Bert", "1"}}}},
      {"status", "News about a plan, for the submitter, a follower and the workgroup",
       "The municipality moves Anna's plan along and asks her something, which she answers by just typing it; Anna "
       "(the submitter), Bert (a follower) and the chat of workgroup Groen Centrum each read the news in their own words.",
       {"nl", "Nederlands", anna_submits("nl") + std::vector<Line>{{"Bert", "/volg 1"}},
        {{kMunicipality, "in_review"}, {kMunicipality, "needs_info: Aan welke kant van de speeltuin komt het bankje?"},
         {"Anna", "Aan de kant van het pad, bij de zandbak."}, {kMunicipality, "accepted: We betalen het bankje. De buitendienst plaatst het in juni."},
         {kMunicipality, "in_progress"}, {kMunicipality, "done"}}},
       {"en", "English", anna_submits("en") + std::vector<Line>{{"Bert", "/follow 1"}},
        {{kMunicipality, "in_review"}, {kMunicipality, "needs_info: On which side of the playground should the bench go?"},
         {"Anna", "On the side of the path, by the sandpit."}, {kMunicipality, "accepted: We will pay for the bench. It will be placed in June."},
         {kMunicipality, "in_progress"}, {kMunicipality, "done"}}}},
      {"workgroup", "Joining a workgroup (werkgroep)", "Bert joins a workgroup and leaves it again.",
       {"nl", "Nederlands", {}, {{"Bert", "/werkgroep"}, {"Bert", "1"}, {"Bert", "lid worden"}, {"Bert", "/werkgroep"}, {"Bert", "1"}, {"Bert", "1"}}},
       {"en", "English", {}, {{"Bert", "/workgroup"}, {"Bert", "1"}, {"Bert", "join"}, {"Bert", "/workgroup"}, {"Bert", "1"}, {"Bert", "leave"}}}},
      {"link", "Linking a group chat to a workgroup (koppel)",
       "The workgroup's chat links itself with the code from the municipality; in a private chat the command explains itself.",
       {"nl", "Nederlands", {}, {{"Bert", "/koppel"}, {"Groen Centrum", "/koppel {code}"}}},
       {"en", "English", {}, {{"Bert", "/koppel"}, {"Groen Centrum", "/koppel {code}"}}}},
      {"question", "Asking the municipality (vraag)", "Anna asks a question and adds something to it later.",
       {"nl", "Nederlands", {},
        {{"Anna", "/vraag"}, {"Anna", "Wanneer wordt het gras bij de school gemaaid?"}, {"Anna", "Het staat al heel hoog."}}},
       {"en", "English", {},
        {{"Anna", "/question"}, {"Anna", "When will the grass by the school be mowed?"}, {"Anna", "It is very long already."}}}},
      {"language", "Choosing a language (taal)", "Anna switches the language.",
       {"nl", "Nederlands", {}, {{"Anna", "/taal"}, {"Anna", "English"}, {"Anna", "/language"}, {"Anna", "Nederlands"}}},
       {"en", "English", {}, {{"Anna", "/language"}, {"Anna", "Nederlands"}, {"Anna", "/taal"}, {"Anna", "English"}}}},
      {"mydata", "Your data (mijngegevens)", "Anna sees what is stored about her.",
       {"nl", "Nederlands", anna_submits("nl"), {{"Anna", "/mijngegevens"}}},
       {"en", "English", anna_submits("en"), {{"Anna", "/mydata"}}}},
      {"forgetme", "Forget me (vergeetmij)", "Anna has her data erased.",
       {"nl", "Nederlands", anna_submits("nl"), {{"Anna", "/vergeetmij"}, {"Anna", "ja"}}},
       {"en", "English", anna_submits("en"), {{"Anna", "/forgetme"}, {"Anna", "yes"}}}},
      {"verbind", "One person on two channels (verbind, kanaal, verbreek)",
       "Anna links her Telegram to the terminal, chooses where news goes, and unlinks again.",
       {"nl", "Nederlands", {},
        {{"Anna", "/verbind"}, {"Anna", "nieuw"}, {"Anna (terminal)", "/verbind {code}"}, {"Anna (terminal)", "ja"},
         {"Anna", "ja"}, {"Anna (terminal)", "/kanaal"}, {"Anna (terminal)", "ja"}, {"Anna (terminal)", "/verbreek"},
         {"Anna (terminal)", "ja"}}},
       {"en", "English", {},
        {{"Anna", "/link"}, {"Anna", "new"}, {"Anna (terminal)", "/link {code}"}, {"Anna (terminal)", "yes"},
         {"Anna", "yes"}, {"Anna (terminal)", "/channel"}, {"Anna (terminal)", "yes"}, {"Anna (terminal)", "/unlink"},
         {"Anna (terminal)", "yes"}}}},
  };
}

// The transcripts are dated, so plan numbers carry this year whatever year the test runs in.
std::chrono::system_clock::time_point transcript_time() {
  return std::chrono::sys_days{std::chrono::year{2026} / 5 / 4} + std::chrono::hours(10);
}

class TranscriptOf : public testing::DemoDatabaseTest, public ::testing::WithParamInterface<Scene> {
 protected:
  // Each language starts from a fresh demo database, so both tell the same story with the same numbers.
  std::string play(const Language& language) {
    fresh_database();
    for (const auto& line : language.setup) say(line, language.code);
    seen_.clear();
    for (const auto& row : storage::Outbox(db()).list(storage::OutboxRows::all, 1000)) seen_.insert({row.id, row.payload});
    std::ostringstream out;
    out << "\n## " << language.heading << "\n\n```text\n";
    for (const auto& line : language.lines) {
      const auto said = say(line, language.code);
      out << (line.who == kMunicipality ? "(the municipality sets the plan to " + said + ")" : line.who + ": " + said)
          << "\n\n"
          << replies();
    }
    out << "```\n";
    return out.str();
  }

 private:
  void fresh_database() {
    db_.reset();
    std::filesystem::remove_all(dir_);
    seed_workgroups(db(), config_);
    auto groen = storage::Workgroups(db()).find_by_name("Groen Centrum");
    storage::Workgroups(db()).link_chat(groen->id, "telegram", kSpeakers.at("Groen Centrum").address);
    code_.clear();
    update_id_ = 0;
  }

  std::string say(const Line& line, const std::string& language) {
    if (line.who == kMunicipality) return change_status(line.text);
    const auto& speaker = kSpeakers.at(line.who);
    auto text = line.text;
    if (text == "/koppel {code}") code_ = *create_link_code(db(), "Groen Centrum", "officer:transcript");
    text = std::regex_replace(text, std::regex("\\{code\\}"), code_);
    InboundMessage m;
    m.channel = speaker.channel;
    m.conversation = speaker.address;
    // In the group chat, Carla (7003) speaks for the workgroup.
    m.sender_id = speaker.group ? "7003" : speaker.address;
    m.sender_address = speaker.group ? "7003" : speaker.address;
    m.sender_name = speaker.group ? "Carla" : speaker.name;
    m.group = speaker.group;
    m.language = language;
    m.text = text;
    m.external_id = std::to_string(++update_id_);
    Dispatcher dispatcher(db(), config_, flows_, {{"telegram", {.buttons = true}}});
    dispatcher.accept(m);
    dispatcher.drain(transcript_time());
    return text;
  }

  // "accepted: We betalen het bankje." moves Anna's plan to accepted with that official answer.
  std::string change_status(const std::string& line) {
    const auto colon = line.find(": ");
    const auto status = line.substr(0, colon);
    const auto answer = colon == std::string::npos ? std::string() : line.substr(colon + 2);
    const auto plans = storage::Initiatives(db()).list({});
    EXPECT_FALSE(plans.empty());
    if (!plans.empty())
      EXPECT_EQ(change_initiative_status(db(), config_, flows_, plans.front().ref, status, answer, "officer:transcript"),
                StatusChangeResult::ok)
          << line;
    return line;
  }

  // What the bot sent since the last look, oldest first, each with its reader. A row is known by its id
  // and its payload: forget-me deletes rows, and SQLite may give a deleted row's id to the next one.
  std::string replies() {
    auto rows = storage::Outbox(db()).list(storage::OutboxRows::all, 1000);
    std::ostringstream out;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
      if (!seen_.insert({row->id, row->payload}).second) continue;
      const auto message = nlohmann::json::parse(row->payload).get<OutboundMessage>();
      remember_code(message.text);
      out << "    buurtbot to " << reader(row->channel, row->address) << ":\n";
      std::istringstream text(adapters::terminal::render(message));
      for (std::string line; std::getline(text, line);) out << (line.empty() ? "    |" : "    | " + line) << "\n";
      out << "\n";
    }
    return out.str();
  }

  static std::string reader(const std::string& channel, const std::string& address) {
    for (const auto& [name, speaker] : kSpeakers)
      if (speaker.channel == channel && speaker.address == address) return name;
    return channel + " " + address;
  }

  // The one-time code the bot gives out ("Typ in het andere kanaal: /verbind K7Q2M9XW") is typed back
  // later as {code}.
  void remember_code(const std::string& text) {
    static const std::regex kGivenCode("/(?:verbind|link) ([A-Z0-9]{8})\\b");
    std::smatch match;
    if (std::regex_search(text, match, kGivenCode)) code_ = match.str(1);
  }

  std::set<std::pair<storage::Id, std::string>> seen_;
  int update_id_ = 0;

 public:
  std::string code_;
};

std::string read_file(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

const std::regex kDutchDay(
    "\\b\\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \\d{4}\\b");
const std::regex kEnglishDay(
    "\\b\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}\\b");

const std::filesystem::path kTranscripts = std::filesystem::path(BUURTBOT_SOURCE_DIR) / "docs" / "transcripts";

TEST_P(TranscriptOf, ReadsAsTheBotSpeaksToday) {
  const auto& scene = GetParam();
  std::string document = "# " + scene.title + "\n\n" + scene.about +
                         "\n\nWritten by `tests/docs/transcripts_test.cpp` from the flows and texts as they are; "
                         "do not edit by hand.\n";
  for (const auto* language : {&scene.nl, &scene.en}) {
    auto told = play(*language);
    // One-time codes are random, and the database dates what it stores today: the transcript shows a
    // fixed code and a fixed day in their place.
    if (!code_.empty()) told = std::regex_replace(told, std::regex(code_), "K7Q2M9XW");
    told = std::regex_replace(std::regex_replace(told, kDutchDay, "4 mei 2026"), kEnglishDay, "4 May 2026");
    document += told;
  }
  const auto path = kTranscripts / (scene.file + ".md");
  if (std::getenv("BUURTBOT_WRITE_TRANSCRIPTS")) {
    std::filesystem::create_directories(kTranscripts);
    std::ofstream(path) << document;
  }
  EXPECT_EQ(read_file(path), document)
      << path << " tells an older story; run the test with BUURTBOT_WRITE_TRANSCRIPTS=1 and read the diff";
}

INSTANTIATE_TEST_SUITE_P(Flows, TranscriptOf, ::testing::ValuesIn(scenes()),
                         [](const auto& info) { return info.param.file; });

TEST(Transcripts, EveryFileIsStillWritten) {
  std::set<std::string> written;
  for (const auto& scene : scenes()) written.insert(scene.file + ".md");
  for (const auto& entry : std::filesystem::directory_iterator(kTranscripts))
    if (entry.path().filename() != "README.md") EXPECT_TRUE(written.count(entry.path().filename().string())) << entry.path();
}

}  // namespace
}  // namespace buurtbot
