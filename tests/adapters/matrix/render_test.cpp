// Outbound messages to the client-server API, and its answers to the outbox's terms.
#include "adapters/matrix/render.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;

OutboundMessage text(std::string t) {
  OutboundMessage m;
  m.text = std::move(t);
  return m;
}

TEST(MatrixRender, AMessageIsANoticeWithEscapedHtml) {
  const auto content = message_content(text("Je plan <b>\"Bankje\"</b> & co\nis ingediend."));
  EXPECT_EQ(content["msgtype"], "m.notice");
  EXPECT_EQ(content["body"], "Je plan <b>\"Bankje\"</b> & co\nis ingediend.") << "the plain body is the text itself";
  EXPECT_EQ(content["format"], "org.matrix.custom.html");
  EXPECT_EQ(content["formatted_body"], "Je plan &lt;b&gt;&quot;Bankje&quot;&lt;/b&gt; &amp; co<br>is ingediend.");
  EXPECT_FALSE(content.contains("m.relates_to"));
}

TEST(MatrixRender, ChoicesAreNumberedOptions) {
  auto m = text("Bij welk thema hoort je plan?");
  m.choices = {{"groen", "Groen"}, {"spelen", "Spelen <en> sport"}};
  const auto content = message_content(m);
  EXPECT_EQ(content["body"], "Bij welk thema hoort je plan?\n1. Groen\n2. Spelen <en> sport");
  EXPECT_EQ(content["formatted_body"], "Bij welk thema hoort je plan?<ol><li>Groen</li><li>Spelen &lt;en&gt; sport</li></ol>");
}

TEST(MatrixRender, AShortMessageIsOneEvent) {
  EXPECT_EQ(message_contents(text("Hallo")), std::vector<json>{message_content(text("Hallo"))});
  EXPECT_EQ(part_transaction_id("p", 42, 1, 1), transaction_id("p", 42)) << "as before splitting existed";
}

// The parts' texts joined with what was cut away (the whitespace at a cut) left out of both sides.
std::string squeezed(std::string_view t) {
  std::string out;
  for (char c : t)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

bool valid_utf8(const std::string& t) {
  try {
    (void)json(t).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

TEST(MatrixRender, ALongMessageIsSplitAtParagraphsWithinTheLimitInOrder) {
  std::string paragraph;
  for (int i = 0; i < 40; ++i) paragraph += "Dit is een zin over <het> plan & de buurt. ";  // HTML escaping makes it longer
  auto m = text(paragraph + "\n\n" + paragraph + "\n\n" + paragraph);
  m.thread = "$question:example.org";
  m.choices = {{"ja", "Ja"}, {"nee", "Nee"}};
  constexpr std::size_t kLimit = 6000;
  const auto parts = message_contents(m, kLimit);
  ASSERT_EQ(parts.size(), 3u) << "one paragraph fits, two do not";
  std::string joined;
  for (const auto& part : parts) {
    EXPECT_LE(part.dump().size(), kLimit);
    EXPECT_EQ(part["msgtype"], "m.notice");
    EXPECT_NE(part["formatted_body"].get<std::string>().find("&lt;het&gt;"), std::string::npos);
    joined += part["body"].get<std::string>();
  }
  EXPECT_EQ(parts[0]["body"], json(paragraph.substr(0, paragraph.size() - 1))) << "cut at the paragraph break";
  EXPECT_TRUE(parts[0].contains("m.relates_to")) << "the reply goes with the first part";
  EXPECT_FALSE(parts[2].contains("m.relates_to"));
  EXPECT_EQ(parts[0]["body"].get<std::string>().find("1. Ja"), std::string::npos);
  EXPECT_NE(parts[2]["body"].get<std::string>().find("1. Ja\n2. Nee"), std::string::npos) << "the choices go with the last part";
  EXPECT_EQ(squeezed(joined), squeezed(m.text + "1. Ja2. Nee"));
}

TEST(MatrixRender, ATextWithoutBreaksIsCutBetweenCharactersNeverInsideOne) {
  std::string t;
  for (int i = 0; i < 3000; ++i) t += "\xC3\xA9\xE2\x82\xAC<";  // é, € and a character HTML escapes
  const auto parts = message_contents(text(t), 5000);
  ASSERT_GT(parts.size(), 1u);
  std::string joined;
  for (const auto& part : parts) {
    EXPECT_LE(part.dump().size(), 5000u);
    const auto body = part["body"].get<std::string>();
    EXPECT_TRUE(valid_utf8(body));
    const auto html = part["formatted_body"].get<std::string>();
    EXPECT_TRUE(html.ends_with("&lt;") || html.ends_with("\xC3\xA9") || html.ends_with("\xE2\x82\xAC")) << "no cut entity";
    joined += body;
  }
  EXPECT_EQ(joined, t);
}

TEST(MatrixRender, ATooLongTextOfSpacesIsStillOneMessageNotNone) {
  EXPECT_EQ(message_contents(text(std::string(7000, ' ')), 5000).size(), 1u);
}

TEST(MatrixRender, EachPartHasItsOwnTransactionIdTheSameOnEveryRetry) {
  EXPECT_EQ(part_transaction_id("p", 42, 2, 3), part_transaction_id("p", 42, 2, 3));
  EXPECT_NE(part_transaction_id("p", 42, 1, 3), part_transaction_id("p", 42, 2, 3));
  EXPECT_NE(part_transaction_id("p", 42, 1, 3), part_transaction_id("p", 43, 1, 3));
  EXPECT_NE(part_transaction_id("p", 4, 21, 30), part_transaction_id("p", 42, 1, 30));
}

TEST(MatrixRender, AReplyPointsAtTheEventAnswered) {
  auto m = text("Antwoord van de gemeente: ja.");
  m.thread = "$question:example.org";
  EXPECT_EQ(message_content(m)["m.relates_to"], json({{"m.in_reply_to", {{"event_id", "$question:example.org"}}}}));
  m.thread = "12345";
  EXPECT_FALSE(message_content(m).contains("m.relates_to")) << "only an event id can be answered";
}

TEST(MatrixRender, PathsAreEncodedAndTheTransactionIdIsTheOutboxRow) {
  EXPECT_EQ(transaction_id("buurtbot-1f", 42), transaction_id("buurtbot-1f", 42));
  EXPECT_NE(transaction_id("buurtbot-1f", 42), transaction_id("buurtbot-1f", 43));
  EXPECT_NE(transaction_id("buurtbot-1f", 42), transaction_id("buurtbot-2e", 42)) << "another database's row 42";
  EXPECT_EQ(send_path("!room:example.org", "buurtbot-outbox-42"),
            "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/buurtbot-outbox-42");
  EXPECT_EQ(join_path("!room:example.org"), "/_matrix/client/v3/join/%21room%3Aexample.org");
  EXPECT_EQ(joined_members_path("!a/b:c"), "/_matrix/client/v3/rooms/%21a%2Fb%3Ac/joined_members");
  EXPECT_EQ(leave_path("!room:example.org"), "/_matrix/client/v3/rooms/%21room%3Aexample.org/leave");
}

TEST(MatrixSend, A2xxIsDelivered) {
  EXPECT_FALSE(result_from_response(200, R"({"event_id": "$x:example.org"})"));
}

TEST(MatrixSend, LimitExceededWaitsRetryAfterMs) {
  const auto error = result_from_response(429, R"({"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 2000})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->retry_after, std::chrono::milliseconds(2000));
  EXPECT_TRUE(error->retryable());
  EXPECT_FALSE(error->unreachable);
  EXPECT_EQ(error->detail, "M_LIMIT_EXCEEDED: Too many requests");
}

TEST(MatrixSend, LimitExceededWithoutMsWaitsTheRetryAfterHeader) {
  const auto error = result_from_response(429, R"({"errcode": "M_LIMIT_EXCEEDED"})", "3");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->retry_after, std::chrono::seconds(3));
}

TEST(MatrixSend, ServerErrorsAreRetried) {
  for (int status : {500, 502, 503}) {
    const auto error = result_from_response(status, "<html>Bad Gateway</html>");
    ASSERT_TRUE(error);
    EXPECT_TRUE(error->retryable()) << status;
    EXPECT_EQ(error->detail, "HTTP " + std::to_string(status) + ": <html>Bad Gateway</html>");
  }
}

TEST(MatrixSend, ForbiddenMeansTheRoomIsUnreachable) {
  const auto error = result_from_response(403, R"({"errcode": "M_FORBIDDEN", "error": "User not in room"})");
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->unreachable);
  EXPECT_FALSE(error->retryable());
}

TEST(MatrixSend, OtherClientErrorsAreGivenUp) {
  const auto error = result_from_response(400, R"({"errcode": "M_BAD_JSON", "error": "Content not JSON"})");
  ASSERT_TRUE(error);
  EXPECT_FALSE(error->retryable());
  EXPECT_FALSE(error->unreachable);
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
