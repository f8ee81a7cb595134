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

TEST(MatrixRender, AReplyPointsAtTheEventAnswered) {
  auto m = text("Antwoord van de gemeente: ja.");
  m.reply_to = "$question:example.org";
  EXPECT_EQ(message_content(m)["m.relates_to"], json({{"m.in_reply_to", {{"event_id", "$question:example.org"}}}}));
  m.reply_to = "12345";
  EXPECT_FALSE(message_content(m).contains("m.relates_to")) << "only an event id can be answered";
}

TEST(MatrixRender, PathsAreEncodedAndTheTransactionIdIsTheOutboxRow) {
  EXPECT_EQ(transaction_id(42), transaction_id(42));
  EXPECT_NE(transaction_id(42), transaction_id(43));
  EXPECT_EQ(send_path("!room:example.org", "buurtbot-outbox-42"),
            "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/buurtbot-outbox-42");
  EXPECT_EQ(join_path("!room:example.org"), "/_matrix/client/v3/join/%21room%3Aexample.org");
  EXPECT_EQ(joined_members_path("!a/b:c"), "/_matrix/client/v3/rooms/%21a%2Fb%3Ac/joined_members");
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
