// The public pages at /plannen/ over HTTP: what everyone may see of the plans, and nothing more.
#include "tests/bot/api/api_fixture.hpp"

#include "adapters/matrix/render.hpp"
#include "adapters/telegram/render.hpp"
#include "adapters/web/page.hpp"
#include "bot/site/feed.hpp"
#include "bot/site/pages.hpp"

#include <gmock/gmock.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace buurtbot::api::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PublicPages : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    garden_ = create("Moestuin bij de school", "groen", "noord", true);
    crossing_ = create("Zebrapad Dorpsstraat", "verkeer", "centrum", true);
    secret_ = create("Plan dat niemand mag zien", "groen", "noord", false);
  }

  // A plan by Sanne, supported and followed by Ahmed; `published` as Sanne answered at confirm.
  std::string create(const std::string& title, const std::string& theme, const std::string& neighbourhood,
                     bool published) {
    return on_writer([&](storage::Database& db) {
      storage::Residents residents(db);
      auto submitter = residents.find_or_create("telegram", "8001", "8001", "Sanne Bakker", "nl");
      auto neighbour = residents.find_or_create("telegram", "8002", "8002", "Ahmed", "nl");
      auto draft = storage::testing::TempDatabaseTest::draft(title, submitter.id);
      draft.theme = theme;
      draft.neighbourhood = neighbourhood;
      draft.published = published;
      storage::Initiatives initiatives(db);
      auto created = initiatives.create(draft, 2026);
      initiatives.support(created.id, neighbour.id);
      initiatives.follow(created.id, neighbour.id);
      return created.ref;
    });
  }

  http::Response get(const std::string& path, std::vector<Header> headers = {}) {
    return send("GET", path, "", std::move(headers));
  }

  std::string garden_, crossing_, secret_;
};

// The NL Design System's classes that `html` names ("utrecht-button--primary-action" and the like).
std::set<std::string> utrecht_classes(const std::string& html) {
  static const std::regex name("utrecht-[a-z0-9_-]*[a-z0-9]");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), name); it != std::sregex_iterator(); ++it)
    names.insert(it->str());
  return names;
}

std::string source_file(const std::string& path) {
  std::ifstream in(std::string(BUURTBOT_SOURCE_DIR) + "/" + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(PublicPages, TheListShowsPublishedPlansWithoutAnyName) {
  const auto page = get("/plannen/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(header(page, "content-type"), HasSubstr("text/html"));
  EXPECT_THAT(page.body, HasSubstr("Moestuin bij de school"));
  EXPECT_THAT(page.body, HasSubstr("Zebrapad Dorpsstraat"));
  EXPECT_THAT(page.body, HasSubstr("href=\"/plannen/" + garden_ + "\""));
  EXPECT_THAT(page.body, HasSubstr("Steun: 1 · Volgers: 1"));
  EXPECT_THAT(page.body, Not(HasSubstr("Plan dat niemand mag zien")));
  EXPECT_THAT(page.body, Not(HasSubstr("Sanne")));
  EXPECT_THAT(page.body, Not(HasSubstr("Ahmed")));
  EXPECT_EQ(get("/plannen/" + secret_).status, 404);
}

TEST_F(PublicPages, FiltersAndSearchNarrowTheList) {
  const auto green = get("/plannen/?theme=groen&utm_source=krant").body;
  EXPECT_THAT(green, HasSubstr("Moestuin"));
  EXPECT_THAT(green, Not(HasSubstr("Zebrapad")));
  EXPECT_THAT(green, HasSubstr("<option value=\"groen\" selected>Groen</option>"));
  const auto centre = get("/plannen/?neighbourhood=centrum").body;
  EXPECT_THAT(centre, HasSubstr("Zebrapad"));
  EXPECT_THAT(centre, Not(HasSubstr("Moestuin")));
  const auto searched = get("/plannen/?q=zebra").body;
  EXPECT_THAT(searched, HasSubstr("Zebrapad"));
  EXPECT_THAT(searched, Not(HasSubstr("Moestuin")));
  EXPECT_THAT(get("/plannen/?q=" + garden_).body, HasSubstr("Moestuin"));
  EXPECT_THAT(get("/plannen/?status=done").body, HasSubstr("Aantal plannen: 0"));
  EXPECT_THAT(get("/plannen/?q=%25").body, HasSubstr("Aantal plannen: 0"));  // LIKE's wildcard is a plain character
}

TEST_F(PublicPages, APlanShowsItsHistoryWithTheOfficialAnswerInTheVisitorsLanguage) {
  ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, R"({"status": "in_review"})").status, 200);
  ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_,
               R"({"status": "accepted", "answer": "We betalen de zaden.", "answer_en": "We pay for the seeds."})")
                .status,
            200);
  const auto dutch = get("/plannen/" + garden_);
  ASSERT_EQ(dutch.status, 200);
  EXPECT_THAT(dutch.body, HasSubstr("<html lang=\"nl\" "));
  EXPECT_THAT(dutch.body, HasSubstr("We betalen de zaden."));
  EXPECT_THAT(dutch.body, HasSubstr("Beschrijving van Moestuin bij de school"));
  EXPECT_THAT(dutch.body, HasSubstr("/steun " + garden_));
  EXPECT_THAT(dutch.body, Not(HasSubstr("Anna")));  // the officer's name is not public either
  const auto english = get("/plannen/" + garden_, {{"Accept-Language", "en-GB,en;q=0.9,nl;q=0.5"}});
  EXPECT_THAT(english.body, HasSubstr("<html lang=\"en\" "));
  EXPECT_THAT(english.body, HasSubstr("We pay for the seeds."));
  EXPECT_THAT(english.body, HasSubstr("/support " + garden_));
  EXPECT_THAT(get("/plannen/" + garden_ + "?lang=en").body, HasSubstr("Greenery"));
}

// A plan's page links to a chat on every channel that has a public link: Telegram's deep links carry the
// command, so there is one to support and one to follow; Matrix's opens the chat, where the resident
// types the command the page names.
TEST_F(PublicPages, APlanLinksToAChatOnEveryChannelThatHasALink) {
  const auto plan = on_writer([&](storage::Database& db) { return *storage::Initiatives(db).find(garden_); });
  const site::PageContext page{config_, flows_, flows::Lang::nl, [](std::string_view command) {
                                 std::vector<site::ChannelStart> links;
                                 if (auto link = adapters::telegram::deep_link("gemeente_bot", command))
                                   links.push_back({"telegram", *link});
                                 links.push_back({"matrix", adapters::matrix::chat_link("@buurtbot:dorp.example")});
                                 return links;
                               }};
  const auto html = site::plan_page(page, plan, {});
  EXPECT_THAT(html, HasSubstr("href=\"https://t.me/gemeente_bot?start=steun_" + garden_ + "\">Steun dit plan via Telegram</a>"));
  EXPECT_THAT(html, HasSubstr("href=\"https://t.me/gemeente_bot?start=volg_" + garden_ + "\">Volg dit plan via Telegram</a>"));
  EXPECT_THAT(html, HasSubstr("href=\"https://matrix.to/#/@buurtbot:dorp.example\">Chat met de gemeente via Matrix</a>"));
  EXPECT_THAT(html, Not(HasSubstr("Steun dit plan via Matrix")));
  EXPECT_THAT(get("/plannen/" + garden_).body, Not(HasSubstr("start-links"))) << "no channel with a link, no list";
}

TEST_F(PublicPages, ResidentTextIsShownAsTextAndIsolated) {
  const auto ref = create("<script>alert(1)</script>\u202Eevil", "groen", "noord", true);
  for (const auto& path : {std::string("/plannen/"), "/plannen/" + ref}) {
    const auto page = get(path);
    EXPECT_THAT(page.body, Not(HasSubstr("<script>"))) << path;
    EXPECT_THAT(page.body, HasSubstr("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;\u202Eevil</bdi>")) << path;
    EXPECT_THAT(header(page, "content-security-policy"), HasSubstr("default-src 'none'")) << path;
    EXPECT_THAT(header(page, "content-security-policy"), HasSubstr("frame-ancestors 'none'")) << path;
  }
  EXPECT_THAT(get("/plannen/feed.atom").body, Not(HasSubstr("<script>")));
}

TEST_F(PublicPages, AnOfficerHidesAPlanAndTheAuditLogSaysWho) {
  auto hidden = as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, R"({"hidden": true})");
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  EXPECT_EQ(json_of(hidden)["hidden"], true);
  EXPECT_EQ(get("/plannen/" + garden_).status, 404);
  EXPECT_THAT(get("/plannen/").body, Not(HasSubstr("Moestuin")));
  EXPECT_THAT(get("/plannen/plannen.json").body, Not(HasSubstr("Moestuin")));
  const auto audit = as(bert_token_, "GET", "/api/v1/audit");
  EXPECT_THAT(audit.body, HasSubstr("initiative.hide"));
  EXPECT_THAT(audit.body, HasSubstr("officer:anna"));

  EXPECT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, R"({"hidden": false})").status, 200);
  EXPECT_EQ(get("/plannen/" + garden_).status, 200);
  // What the submitter did not agree to show, an officer cannot show either.
  EXPECT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + secret_, R"({"hidden": false})").status, 409);
  EXPECT_EQ(get("/plannen/" + secret_).status, 404);
  EXPECT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, R"({"hidden": true, "status": "done"})").status, 400);
}

TEST_F(PublicPages, TheFeedIsAtomWithStableIdsAndOneEntryPerPlan) {
  ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + crossing_, R"({"status": "in_review"})").status, 200);
  const auto feed = get("/plannen/feed.atom?theme=verkeer");
  ASSERT_EQ(feed.status, 200);
  EXPECT_THAT(header(feed, "content-type"), HasSubstr("application/atom+xml"));
  const auto& xml = feed.body;
  EXPECT_THAT(xml, HasSubstr("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_THAT(xml, HasSubstr("<link rel=\"self\" type=\"application/atom+xml\" href=\"/plannen/feed.atom?theme=verkeer\"/>"));
  EXPECT_THAT(xml, HasSubstr(crossing_ + " Zebrapad Dorpsstraat"));
  EXPECT_THAT(xml, Not(HasSubstr("Moestuin")));
  EXPECT_THAT(xml, HasSubstr("<summary>in behandeling</summary>"));
  // RFC 4287: the feed and each entry have exactly one id and one updated, as RFC 3339 times.
  const std::regex id("<id>(urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})</id>");
  const std::regex updated("<updated>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</updated>");
  const auto count = [&](const std::regex& re) {
    return std::distance(std::sregex_iterator(xml.begin(), xml.end(), re), std::sregex_iterator());
  };
  EXPECT_EQ(count(id), 2) << xml;
  EXPECT_EQ(count(updated), 2) << xml;
  EXPECT_EQ(site::entry_id("Gemeente Voorbeeld", crossing_), site::entry_id("Gemeente Voorbeeld", crossing_));
  EXPECT_NE(site::entry_id("Gemeente Voorbeeld", crossing_), site::entry_id("Gemeente Voorbeeld", garden_));
  EXPECT_THAT(xml, HasSubstr("<id>" + site::entry_id(config_.municipality.name, crossing_) + "</id>"));

  // The feed's own id is its filters' and language's, whatever order they come in and whatever else
  // the link carries (a newsletter's tracking words): a reader that subscribed twice sees one feed.
  const auto feed_id = [&](const std::string& target) {
    const auto body = get(target).body;
    return body.substr(body.find("<id>"), body.find("</id>") - body.find("<id>"));
  };
  EXPECT_EQ(feed_id("/plannen/feed.atom?theme=verkeer&lang=en"), feed_id("/plannen/feed.atom?lang=en&utm_source=brief&theme=verkeer"));
  EXPECT_NE(feed_id("/plannen/feed.atom?theme=verkeer"), feed_id("/plannen/feed.atom?theme=verkeer&lang=en"));
  EXPECT_NE(feed_id("/plannen/feed.atom?theme=verkeer"), feed_id("/plannen/feed.atom?theme=groen"));
}

TEST_F(PublicPages, OpenDataHasTheDocumentedFieldsTheLicenceAndNoNames) {
  const auto json = get("/plannen/plannen.json");
  ASSERT_EQ(json.status, 200);
  const auto data = json_of(json);
  EXPECT_EQ(data["licence"], config_.municipality.open_data_licence);
  ASSERT_EQ(data["plans"].size(), 2u);
  std::set<std::string> keys;
  for (const auto& [key, value] : data["plans"][0].items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"ref", "title", "description", "status", "theme", "neighbourhood", "supports",
                                         "followers", "submitted_at", "updated_at", "url"}));
  const auto csv = get("/plannen/plannen.csv");
  EXPECT_THAT(header(csv, "content-type"), HasSubstr("text/csv"));
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
            "ref,title,description,status,theme,neighbourhood,supports,followers,submitted_at,updated_at,url");
  EXPECT_THAT(csv.body + json.body, Not(HasSubstr("Sanne")));
}

// web/nlds/stylesheet.js takes only the components it lists: a class of another one would have no style.
TEST_F(PublicPages, EveryNlDesignSystemClassOfThePagesAndTheChatIsInTheStylesheet) {
  ASSERT_EQ(as(anna_token_, "PATCH", "/api/v1/initiatives/" + garden_, R"({"status": "in_review", "answer": "We kijken ernaar."})")
                .status,
            200);
  const auto css = get("/plannen/site.css").body;
  const auto used = utrecht_classes(get("/plannen/").body + get("/plannen/" + garden_).body + get("/plannen/nergens").body +
                                    adapters::web::chat_page(flows_, flows::Lang::nl, "Gemeente Voorbeeld") +
                                    source_file("web/chat.js"));
  EXPECT_GE(used.size(), 20u);
  EXPECT_TRUE(used.contains("utrecht-blockquote")) << "an official answer is quoted";
  for (const auto& name : used)
    EXPECT_TRUE(std::regex_search(css, std::regex("\\." + name + "(?![\\w-])"))) << name << " has no rule";
}

TEST_F(PublicPages, TheRootWithoutASlashRedirectsAndTheStylesheetIsServed) {
  const auto moved = get("/plannen");
  EXPECT_EQ(moved.status, 308);
  EXPECT_EQ(header(moved, "location"), "/plannen/");
  const auto css = get("/plannen/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_THAT(header(css, "content-type"), HasSubstr("text/css"));
}

// 200 plans a page: a full page links to the next one with a plain link (no JavaScript needed), which keeps
// the visitor's filters and language and starts after the page's last plan.
TEST_F(PublicPages, AFullPageLinksToTheNextPlans) {
  on_writer([](storage::Database& db) {
    storage::Transaction tx(db);
    storage::Initiatives initiatives(db);
    for (int i = 0; i < 199; ++i) {
      auto plan = storage::testing::TempDatabaseTest::draft("Buurtplan " + std::to_string(i));
      plan.published = true;
      initiatives.create(plan, 2026);
    }
    db.exec("UPDATE initiatives SET updated_at = '2026-01-01T00:00:00Z'");  // one time for all: then by id
    tx.commit();
  });
  const auto next_of = [](const std::string& body) {
    static const std::regex link(R"re(<a href="([^"]*)" rel="next">)re");
    std::smatch found;
    if (!std::regex_search(body, found, link)) return std::string();
    return std::regex_replace(found[1].str(), std::regex("&amp;"), "&");
  };
  const auto items = [](const std::string& body) {
    int count = 0;
    for (auto at = body.find("<article>"); at != std::string::npos; at = body.find("<article>", at + 1)) ++count;
    return count;
  };

  const auto first = get("/plannen/?lang=en").body;
  EXPECT_EQ(items(first), 200);
  EXPECT_THAT(first, HasSubstr("Next plans"));
  EXPECT_THAT(first, Not(HasSubstr("Moestuin bij de school"))) << "the oldest is on the next page";
  const auto next = next_of(first);
  EXPECT_THAT(next, HasSubstr("lang=en"));
  const auto second = get(next).body;
  EXPECT_EQ(items(second), 1);
  EXPECT_THAT(second, HasSubstr("Moestuin bij de school"));
  EXPECT_EQ(next_of(second), "") << "not a full page";

  const auto green = get("/plannen/?theme=groen").body;  // the 199 and the garden: exactly a full page
  EXPECT_THAT(green, HasSubstr("Volgende plannen"));
  EXPECT_THAT(next_of(green), HasSubstr("theme=groen"));
  EXPECT_EQ(items(get(next_of(green)).body), 0);

  // The count is of every page together, on each page.
  EXPECT_THAT(first, HasSubstr("Number of plans: 201"));
  EXPECT_THAT(second, HasSubstr("Number of plans: 201"));

  // Open data comes in pages of 200 too, each naming the next in a Link header, until the last.
  for (const std::string data : {"plannen.json", "plannen.csv"}) {
    const auto page_one = get("/plannen/" + data + "?theme=groen");
    const auto link = header(page_one, "link");
    static const std::regex next_link(R"re(^<(/plannen/[^>]+)>; rel="next"$)re");
    std::smatch found;
    ASSERT_TRUE(std::regex_match(link, found, next_link)) << data << ": " << link;
    EXPECT_THAT(found[1].str(), HasSubstr("theme=groen"));
    const auto page_two = get(found[1].str());
    EXPECT_EQ(page_two.status, 200);
    EXPECT_EQ(header(page_two, "link"), "") << "the last page names none";
  }
  EXPECT_EQ(json_of(get("/plannen/plannen.json")).at("plans").size(), 200u);
}

}  // namespace
}  // namespace buurtbot::api::testing
