// The shared inbox through the API: lists with filters, a thread in full, replies that reach the
// resident's channel through the outbox, private notes, status and assignment.
#include "tests/bot/api/api_fixture.hpp"

#include "bot/core/message.hpp"
#include "bot/civic/notify.hpp"
#include "storage/attachments.hpp"

#include <gmock/gmock.h>

namespace buurtbot::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class ApiThreads : public ApiTest {
 protected:
  static std::string path_of(storage::Id thread, const std::string& rest = "") {
    return "/api/v1/threads/" + std::to_string(thread) + rest;
  }

  std::vector<storage::Id> listed(const std::string& query) {
    auto response = as(anna_token_, "GET", "/api/v1/threads" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<storage::Id> ids;
    for (const auto& thread : json_of(response)) ids.push_back(thread["id"].get<storage::Id>());
    return ids;
  }

  std::vector<storage::OutboxRow> outbox() {
    return on_writer([](storage::Database& db) { return storage::Outbox(db).list(); });
  }

  http::Response reply(storage::Id thread, const std::string& body) {
    return as(anna_token_, "POST", path_of(thread, "/replies"), body);
  }
};

TEST_F(ApiThreads, ListShowsEachThreadNewestActivityFirst) {
  const auto first = question("7001", "Joke", "Wanneer komt de vuilniswagen?");
  const auto second = question("7002", "Karel", "Mag ik een boom planten?");
  exec("UPDATE inbox_threads SET last_activity_at = '2026-01-01T10:00:00Z' WHERE id = " + std::to_string(second));
  exec("UPDATE inbox_threads SET last_activity_at = '2026-01-02T10:00:00Z' WHERE id = " + std::to_string(first));
  auto response = as(anna_token_, "GET", "/api/v1/threads");
  ASSERT_EQ(response.status, 200);
  const auto threads = json_of(response);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0]["id"], first);
  EXPECT_EQ(threads[0]["status"], "open");
  EXPECT_EQ(threads[0]["channel"], "telegram");
  EXPECT_EQ(threads[0]["resident"], "Joke");
  EXPECT_EQ(threads[0]["last_message"], "Wanneer komt de vuilniswagen?");
  EXPECT_TRUE(threads[0]["assignee"].is_null());
  EXPECT_EQ(threads[0]["last_activity_at"], "2026-01-02T10:00:00Z");
  EXPECT_FALSE(threads[0]["overdue"].get<bool>());
  EXPECT_TRUE(threads[0].contains("created_at"));
  EXPECT_EQ(threads[1]["id"], second);
}

TEST_F(ApiThreads, ListFiltersByStatusChannelAndAssignee) {
  const auto open = question("7001", "Joke", "Vraag een");
  const auto resolved = question("7002", "Karel", "Vraag twee");
  ASSERT_EQ(as(anna_token_, "PATCH", path_of(resolved), R"({"status":"resolved","assignee":"bert"})").status, 200);
  ASSERT_EQ(as(anna_token_, "PATCH", path_of(open), R"({"assignee":"anna"})").status, 200);
  EXPECT_THAT(listed("?status=open"), ElementsAre(open));
  EXPECT_THAT(listed("?status=resolved"), ElementsAre(resolved));
  EXPECT_THAT(listed("?channel=telegram&status=open"), ElementsAre(open));
  EXPECT_THAT(listed("?channel=email"), ElementsAre());
  EXPECT_THAT(listed("?assignee=bert"), ElementsAre(resolved));
  EXPECT_THAT(listed("?assignee=me"), ElementsAre(open));
  ASSERT_EQ(as(anna_token_, "PATCH", path_of(open), R"({"assignee":null})").status, 200);
  EXPECT_THAT(listed("?assignee=none"), ElementsAre(open));
}

TEST_F(ApiThreads, AThreadWithoutAnAnswerPastItsStoredDeadlineIsOverdue) {
  const auto waiting = question("7001", "Joke", "Al lang geen antwoord");
  const auto fresh = question("7002", "Karel", "Net gevraagd");
  const auto answered = question("7003", "Lotte", "Beantwoord");
  ASSERT_EQ(reply(answered, R"({"text":"Hier is uw antwoord."})").status, 201);
  exec("UPDATE inbox_threads SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+1 hours')");
  exec("UPDATE inbox_threads SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hours') WHERE id IN (" +
       std::to_string(waiting) + ", " + std::to_string(answered) + ")");
  EXPECT_THAT(listed("?overdue=true"), ElementsAre(waiting));
  EXPECT_THAT(listed("?overdue=false"), UnorderedElementsAre(fresh, answered));
  auto thread = json_of(as(anna_token_, "GET", path_of(waiting)));
  EXPECT_TRUE(thread["overdue"].get<bool>());
  EXPECT_TRUE(thread["first_response_at"].is_null());
}

TEST_F(ApiThreads, SearchLooksInMessagesNotesAndNamesWithWildcardsTakenLiterally) {
  const auto bin = question("7001", "Joke", "Mijn GROENE container is vol");
  const auto tree = question("7002", "Karel", "Een boom van 100% eik");
  ASSERT_EQ(as(anna_token_, "POST", path_of(tree, "/notes"), R"({"text":"Doorsturen naar afvalteam"})").status, 201);
  EXPECT_THAT(listed("?q=groene"), ElementsAre(bin));
  EXPECT_THAT(listed("?q=afvalteam"), ElementsAre(tree));
  EXPECT_THAT(listed("?q=karel"), ElementsAre(tree));
  EXPECT_THAT(listed("?q=100%25"), ElementsAre(tree));
  EXPECT_THAT(listed("?q=%25"), ElementsAre(tree));
  EXPECT_THAT(listed("?q=groene+container"), ElementsAre(bin));
}

// A full page names the next one in a Link header, the same request from its last thread on; the next
// page neither repeats nor skips a thread when a new one came in meanwhile.
TEST_F(ApiThreads, AFullPageLinksToTheNextOne) {
  std::vector<storage::Id> asked;
  for (int i = 0; i < 5; ++i) asked.push_back(question(std::to_string(7001 + i), "R" + std::to_string(i), "Vraag"));
  exec("UPDATE inbox_threads SET last_activity_at = '2026-01-01T10:00:00Z'");  // ties: by id, newest first
  auto first = as(anna_token_, "GET", "/api/v1/threads?status=open&limit=2");
  ASSERT_EQ(first.status, 200);
  ASSERT_THAT(json_of(first), ::testing::SizeIs(2));
  const auto link = header(first, "link");
  ASSERT_THAT(link, HasSubstr("rel=\"next\"")) << link;
  const auto next = link.substr(1, link.find('>') - 1);
  EXPECT_THAT(next, HasSubstr("status=open")) << next;
  EXPECT_THAT(next, HasSubstr("limit=2")) << next;

  question("7100", "Nieuw", "Een nieuwe vraag tussen twee pagina's");
  std::vector<storage::Id> seen;
  for (const auto& thread : json_of(first)) seen.push_back(thread["id"]);
  std::string page = next;
  while (!page.empty()) {
    auto response = as(anna_token_, "GET", page);
    ASSERT_EQ(response.status, 200) << page << ": " << response.body;
    for (const auto& thread : json_of(response)) seen.push_back(thread["id"]);
    const auto more = header(response, "link");
    page = more.empty() ? "" : more.substr(1, more.find('>') - 1);
  }
  EXPECT_THAT(seen, ElementsAre(asked[4], asked[3], asked[2], asked[1], asked[0]));
  EXPECT_EQ(header(as(anna_token_, "GET", "/api/v1/threads?limit=10"), "link"), "") << "not a full page";
  EXPECT_EQ(as(anna_token_, "GET", "/api/v1/threads?after=yesterday").status, 400);
}

TEST_F(ApiThreads, BadFiltersAreRefused) {
  for (const std::string query :
       {"?status=waiting", "?overdue=maybe", "?limit=0", "?limit=many", "?sort=name", "?status=open&status=pending"}) {
    auto response = as(anna_token_, "GET", "/api/v1/threads" + query);
    EXPECT_EQ(response.status, 400) << query;
    EXPECT_TRUE(json_of(response).contains("error")) << query;
  }
}

TEST_F(ApiThreads, AThreadShowsTheChannelsOfThePersonByNameOnly) {
  const auto thread = question("7001", "Joke", "Vraag");
  on_writer([](storage::Database& db) {
    auto joke = storage::Residents(db).find_or_create("telegram", "7001", "7001", "Joke", "nl");
    auto other = storage::Residents(db).find_or_create("terminal", "joke", "joke", "Joke", "nl");
    storage::Residents(db).merge(joke.id, other.id);
    return 0;
  });
  const auto body = json_of(as(anna_token_, "GET", path_of(thread)));
  EXPECT_EQ(body["channels"], nlohmann::json::parse(R"(["telegram", "terminal"])"));
}

TEST_F(ApiThreads, AThreadShowsWhichChannelNoLongerReachesThePersonAndWhy) {
  const auto thread = question("7001", "Joke", "Vraag");
  EXPECT_EQ(json_of(as(anna_token_, "GET", path_of(thread)))["unreachable"], nlohmann::json::array());
  on_writer([](storage::Database& db) {
    storage::Residents(db).mark_unreachable("telegram", "7001", "Forbidden: bot was blocked by the user");
    return 0;
  });
  const auto unreachable = json_of(as(anna_token_, "GET", path_of(thread)))["unreachable"];
  ASSERT_EQ(unreachable.size(), 1u) << unreachable.dump();
  EXPECT_EQ(unreachable[0]["channel"], "telegram");
  EXPECT_EQ(unreachable[0]["reason"], "Forbidden: bot was blocked by the user");
  EXPECT_FALSE(unreachable[0]["since"].get<std::string>().empty());
  EXPECT_FALSE(unreachable[0].contains("address")) << "officers see channels by name only";
}

TEST_F(ApiThreads, AThreadComesWithItsMessagesAndNotesInOrder) {
  const auto thread = question("7001", "Joke", "Vraag");
  ASSERT_EQ(as(anna_token_, "POST", path_of(thread, "/notes"), R"({"text":"Eerste notitie"})").status, 201);
  ASSERT_EQ(reply(thread, R"({"text":"Antwoord"})").status, 201);
  ASSERT_EQ(as(bert_token_, "POST", path_of(thread, "/notes"), R"({"text":"Tweede notitie"})").status, 201);
  auto response = as(anna_token_, "GET", path_of(thread));
  ASSERT_EQ(response.status, 200);
  const auto body = json_of(response);
  EXPECT_EQ(body["id"], thread);
  EXPECT_EQ(body["status"], "pending");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["direction"], "in");
  EXPECT_EQ(body["messages"][0]["text"], "Vraag");
  EXPECT_EQ(body["messages"][1]["direction"], "out");
  EXPECT_EQ(body["messages"][1]["author"], "officer:anna");
  ASSERT_EQ(body["notes"].size(), 2u);
  EXPECT_EQ(body["notes"][0]["text"], "Eerste notitie");
  EXPECT_EQ(body["notes"][0]["author"], "anna");
  EXPECT_EQ(body["notes"][1]["author"], "bert");
}

TEST_F(ApiThreads, AMessageShowsThePhotosAndFilesSentWithIt) {
  const auto thread = question("7001", "Joke", "Kijk maar naar de foto.");
  on_writer([&](storage::Database& db) {
    const auto message = storage::Inbox(db).messages(thread).front();
    storage::Attachments(db).add_to_message(
        message.id, {.channel = "telegram", .kind = "photo", .ref = "AgAC-photo", .name = ""});
    return 0;
  });
  auto shown = json_of(as(anna_token_, "GET", path_of(thread)));
  const auto& attachments = shown["messages"][0]["attachments"];
  ASSERT_EQ(attachments.size(), 1u);
  EXPECT_EQ(attachments[0]["kind"], "photo");
  EXPECT_EQ(attachments[0]["ref"], "AgAC-photo");
  EXPECT_EQ(attachments[0]["channel"], "telegram");
}

TEST_F(ApiThreads, AnUnknownThreadIs404) {
  for (const std::string path : {"/api/v1/threads/999", "/api/v1/threads/abc", "/api/v1/threads/-1"}) {
    auto response = as(anna_token_, "GET", path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("no thread")) << path;
  }
  EXPECT_EQ(reply(999, R"({"text":"Antwoord"})").status, 404);
  EXPECT_EQ(as(anna_token_, "POST", path_of(999, "/notes"), R"({"text":"x"})").status, 404);
  EXPECT_EQ(as(anna_token_, "PATCH", path_of(999), R"({"status":"open"})").status, 404);
}

// On a channel with threads (e-mail) the answer is a reply in the resident's own thread: the outbox row
// carries the channel's reference of the resident's latest message, which the adapter renders.
TEST_F(ApiThreads, AReplyGoesOutInTheChannelThreadOfTheResidentsLatestMessage) {
  const auto thread = question("7001", "Joke", "Wanneer wordt het gras gemaaid?");
  exec("UPDATE inbox_threads SET channel_thread = 'thread-of-the-latest-mail' WHERE id = " + std::to_string(thread));
  ASSERT_EQ(reply(thread, R"({"text":"Volgende week dinsdag."})").status, 201);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(rows[0].payload).get<OutboundMessage>().thread, "thread-of-the-latest-mail");
}

// A resident who left a mail address for answers (the web chat's form) gets the answer there as well,
// with the question's reference for the subject; without one, only their own channel.
TEST_F(ApiThreads, AReplyAlsoGoesToTheMailAddressTheResidentLeftForAnswers) {
  const auto thread = question("7001", "Joke", "Wanneer wordt het gras gemaaid?");
  exec("UPDATE identities SET answer_email = 'joke@buurt.example' WHERE channel = 'telegram' AND address = '7001'");
  ASSERT_EQ(reply(thread, R"({"text":"Volgende week dinsdag."})").status, 201);
  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  const auto mailed = rows[0].channel == "email" ? rows[0] : rows[1];
  EXPECT_EQ(mailed.channel, "email");
  EXPECT_EQ(mailed.address, "joke@buurt.example");
  const auto sent = nlohmann::json::parse(mailed.payload).get<OutboundMessage>();
  EXPECT_EQ(sent.text, "Volgende week dinsdag.");
  EXPECT_EQ(sent.about, question_about(thread));
  EXPECT_EQ(json_of(as(anna_token_, "GET", path_of(thread)))["answer_email"], "joke@buurt.example")
      << "the officer sees where the answer goes as well";

  exec("UPDATE identities SET answer_email = '' WHERE channel = 'telegram' AND address = '7001'");
  ASSERT_EQ(reply(thread, R"({"text":"Of woensdag."})").status, 201);
  EXPECT_EQ(outbox().size(), 3u) << "stopped: only the channel";
}

TEST_F(ApiThreads, AReplyReachesTheResidentsChannelAndAddressThroughTheOutbox) {
  const auto thread = question("7001", "Joke", "Wanneer wordt het gras gemaaid?");
  const int wakes_before = wakes_;
  auto response = reply(thread, R"({"text":"Volgende week dinsdag."})");
  ASSERT_EQ(response.status, 201) << response.body;
  const auto message = json_of(response);
  EXPECT_EQ(message["direction"], "out");
  EXPECT_EQ(message["author"], "officer:anna");
  EXPECT_EQ(message["text"], "Volgende week dinsdag.");

  const auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].channel, "telegram");
  EXPECT_EQ(rows[0].address, "7001");
  EXPECT_EQ(rows[0].priority, kPriorityReply);
  const auto sent = nlohmann::json::parse(rows[0].payload).get<OutboundMessage>();
  EXPECT_EQ(sent.text, "Volgende week dinsdag.");
  EXPECT_EQ(sent.thread, "");  // the question came without a message of the channel to refer to
  EXPECT_GT(wakes_.load(), wakes_before);

  const auto listed = json_of(as(anna_token_, "GET", path_of(thread)));
  EXPECT_EQ(listed["status"], "pending");
  EXPECT_EQ(listed["last_message"], "Volgende week dinsdag.");
  EXPECT_TRUE(listed["first_response_at"].is_string());
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit"));
  EXPECT_EQ(audit[0]["action"], "inbox.reply");
  EXPECT_EQ(audit[0]["actor"], "officer:anna");
  EXPECT_EQ(audit[0]["subject"], "thread:" + std::to_string(thread));
}

TEST_F(ApiThreads, AThreadKeptAfterTheResidentWasForgottenCannotBeAnsweredAnyMore) {
  const auto thread = question("7001", "Joke", "Wanneer wordt het gras gemaaid?");
  ASSERT_EQ(reply(thread, R"({"text":"Volgende week dinsdag."})").status, 201);
  on_writer([thread](storage::Database& db) {
    storage::Residents(db).forget(storage::Inbox(db).find(thread)->resident_id);
    return 0;
  });
  const auto rows_before = outbox().size();
  auto response = reply(thread, R"({"text":"Nog een vraag van ons."})");
  EXPECT_EQ(response.status, 409) << response.body;
  EXPECT_THAT(response.body, HasSubstr("forgotten"));
  EXPECT_EQ(outbox().size(), rows_before);
  EXPECT_EQ(json_of(as(anna_token_, "GET", path_of(thread)))["resident"], "bewoner (gewist)");
}

TEST_F(ApiThreads, ResidentTextComesBackAsAnUnchangedJsonString) {
  const std::string hostile = "<img src=x onerror=alert(1)>";
  const auto thread = question("7001", "<b>Joke</b>", hostile);
  auto list = as(anna_token_, "GET", "/api/v1/threads");
  EXPECT_THAT(list.body, HasSubstr("\"last_message\":\"" + hostile + "\""));
  EXPECT_EQ(json_of(list)[0]["resident"], "<b>Joke</b>");
  auto one = json_of(as(anna_token_, "GET", path_of(thread)));
  EXPECT_EQ(one["messages"][0]["text"], hostile);
  EXPECT_EQ(header(list, "x-content-type-options"), "nosniff");
}

TEST_F(ApiThreads, RepliesAndNotesNeedAJsonBodyWithOnlyANonEmptyText) {
  const auto thread = question("7001", "Joke", "Vraag");
  for (const std::string& rest : {std::string("/replies"), std::string("/notes")}) {
    for (const std::string body : {"Antwoord", "", R"(["Antwoord"])", R"({})", R"({"text":42})", R"({"text":null})",
                                   R"({"text":"   "})", R"({"text":"Antwoord","urgent":true})"}) {
      auto response = as(anna_token_, "POST", path_of(thread, rest), body);
      EXPECT_EQ(response.status, 400) << rest << " " << body;
      EXPECT_TRUE(json_of(response).contains("error")) << rest << " " << body;
    }
  }
  auto too_long =
      as(anna_token_, "POST", path_of(thread, "/replies"), nlohmann::json{{"text", std::string(10001, 'a')}}.dump());
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(outbox().empty());
}

TEST_F(ApiThreads, ANoteStaysPrivate) {
  const auto thread = question("7001", "Joke", "Vraag");
  auto response = as(anna_token_, "POST", path_of(thread, "/notes"), R"({"text":"Bewoner is boos"})");
  ASSERT_EQ(response.status, 201);
  const auto note = json_of(response);
  EXPECT_EQ(note["author"], "anna");
  EXPECT_EQ(note["text"], "Bewoner is boos");
  EXPECT_TRUE(outbox().empty());
  EXPECT_EQ(json_of(as(anna_token_, "GET", path_of(thread)))["status"], "open");
}

TEST_F(ApiThreads, PatchSetsStatusAndAssigneeAndAuditsBoth) {
  const auto thread = question("7001", "Joke", "Vraag");
  auto response = as(anna_token_, "PATCH", path_of(thread), R"({"status":"resolved","assignee":"bert"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(json_of(response)["status"], "resolved");
  EXPECT_EQ(json_of(response)["assignee"], "bert");
  auto cleared = as(anna_token_, "PATCH", path_of(thread), R"({"assignee":null})");
  EXPECT_TRUE(json_of(cleared)["assignee"].is_null());
  EXPECT_EQ(json_of(cleared)["status"], "resolved");
  auto audit = json_of(as(bert_token_, "GET", "/api/v1/audit?limit=3"));
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0]["action"], "inbox.assign");
  EXPECT_EQ(audit[0]["detail"], "");
  EXPECT_EQ(audit[1]["action"], "inbox.assign");
  EXPECT_EQ(audit[1]["detail"], "bert");
  EXPECT_EQ(audit[2]["action"], "inbox.status");
  EXPECT_EQ(audit[2]["detail"], "resolved");
}

TEST_F(ApiThreads, PatchRefusesWhatItCannotDo) {
  const auto thread = question("7001", "Joke", "Vraag");
  on_writer([](storage::Database& db) {
    storage::Officers(db).add("carla", "Carla", "officer", std::string(auth::unmatchable_hash()));
    storage::Officers(db).disable("carla");
  });
  for (const std::string body :
       {R"({})", R"({"status":"closed"})", R"({"status":null})", R"({"assignee":7})", R"({"assignee":"nobody"})",
        R"({"assignee":"carla"})", R"({"label":"x"})", "resolved"}) {
    auto response = as(anna_token_, "PATCH", path_of(thread), body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_TRUE(json_of(response).contains("error")) << body;
  }
  EXPECT_EQ(json_of(as(anna_token_, "GET", path_of(thread)))["status"], "open");
}

}  // namespace
}  // namespace buurtbot::api::testing
