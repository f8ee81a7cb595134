// Reading requests: bodies, queries, ids and credentials, without a server.
#include "bot/api/request.hpp"
#include "bot/api/auth.hpp"

#include <gtest/gtest.h>

namespace buurtbot::api {
namespace {

TEST(ApiBody, KeepsDeclaredFieldsOfTheirTypes) {
  auto body = parse_body(R"({"status":"open","assignee":null})",
                         {{"status", FieldType::text}, {"assignee", FieldType::text_or_null}});
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body.value()["status"], "open");
  EXPECT_TRUE(body.value()["assignee"].is_null());
}

TEST(ApiBody, NamesTheFieldThatIsWrong) {
  auto unknown = parse_body(R"({"txt":"x"})", {{"text", FieldType::text, true}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown field 'txt'");
  auto wrong = parse_body(R"({"text":null})", {{"text", FieldType::text, true}});
  EXPECT_EQ(wrong.error().message, "field 'text' must be a string");
  auto missing = parse_body(R"({})", {{"text", FieldType::text, true}});
  EXPECT_EQ(missing.error().message, "field 'text' is required");
  auto garbage = parse_body(R"({"text":)", {{"text", FieldType::text, true}});
  EXPECT_EQ(garbage.error().message, "the body is not valid JSON");
  EXPECT_EQ(garbage.error().status, 400);
}

TEST(ApiBody, RefusesInvalidUtf8) {
  EXPECT_FALSE(parse_body("{\"text\":\"\xff\"}", {{"text", FieldType::text, true}}).ok());
}

// An id read from a body must be the id that was sent: nlohmann would read 2^64 - 1 as -1.
TEST(ApiBody, AWholeNumberFitsASignedSixtyFourBitId) {
  for (const char* body : {R"({"id":18446744073709551615})", R"({"id":9223372036854775808})", R"({"id":1.5})"})
    EXPECT_FALSE(parse_body(body, {{"id", FieldType::whole_number}}).ok()) << body;
  EXPECT_TRUE(parse_body(R"({"id":9223372036854775807})", {{"id", FieldType::whole_number}}).ok());
  EXPECT_TRUE(parse_body(R"({"id":-3})", {{"id", FieldType::whole_number}}).ok());
}

TEST(ApiQuery, DecodesPercentAndPlus) {
  auto query = parse_query("q=groene+bak%21&status=open", {"q", "status"});
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query_value(query.value(), "q"), "groene bak!");
  EXPECT_EQ(query_value(query.value(), "status"), "open");
  EXPECT_EQ(query_value(query.value(), "channel"), "");
}

TEST(ApiQuery, RefusesUnknownAndRepeatedNames) {
  EXPECT_EQ(parse_query("sort=x", {"q"}).error().message, "unknown query parameter 'sort'");
  EXPECT_FALSE(parse_query("q=a&q=b", {"q"}).ok());
  EXPECT_FALSE(parse_query("q=%zz", {"q"}).ok());
}

TEST(ApiQuery, ReadsNumbersAndFlagsWithinBounds) {
  std::map<std::string, std::string> query{{"limit", "20"}, {"overdue", "1"}, {"bad", "x"}};
  EXPECT_EQ(query_number(query, "limit", 1, 500, 100).value(), 20);
  EXPECT_EQ(query_number(query, "absent", 1, 500, 100).value(), 100);
  EXPECT_FALSE(query_number(query, "bad", 1, 500, 100).ok());
  EXPECT_FALSE(query_number({{"limit", "501"}}, "limit", 1, 500, 100).ok());
  EXPECT_EQ(query_flag(query, "overdue").value(), true);
  EXPECT_EQ(query_flag(query, "absent").value(), std::nullopt);
  EXPECT_FALSE(query_flag(query, "bad").ok());
}

TEST(ApiPath, IdsArePositiveNumbers) {
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_EQ(parse_id("0"), std::nullopt);
  EXPECT_EQ(parse_id("-3"), std::nullopt);
  EXPECT_EQ(parse_id("4x"), std::nullopt);
  EXPECT_EQ(parse_id(""), std::nullopt);
}

TEST(ApiMessageText, MustHoldMoreThanWhitespace) {
  EXPECT_EQ(message_text({{"text", " Dag "}}, "text").value(), " Dag ");
  EXPECT_FALSE(message_text({{"text", " \n\t"}}, "text").ok());
  EXPECT_FALSE(message_text({{"text", std::string(10001, 'x')}}, "text").ok());
}

TEST(ApiCredentials, ReadsBearerCookieAndCsrf) {
  http::Request request;
  request.headers = {{"authorization", "bearer  abc "},
                     {"cookie", "theme=dark; buurtbot_session=s3ss10n ; other=1"},
                     {"x-csrf-token", "c5rf"}};
  auto credentials = credentials_of(request);
  EXPECT_EQ(credentials.bearer, "abc");
  EXPECT_EQ(credentials.session, "s3ss10n");
  EXPECT_EQ(credentials.csrf, "c5rf");
  EXPECT_TRUE(has_credentials(credentials));
}

TEST(ApiCredentials, OtherSchemesAndLookalikeCookiesAreNotCredentials) {
  http::Request request;
  request.headers = {{"authorization", "Basic YTpi"}, {"cookie", "xbuurtbot_session=1"}};
  auto credentials = credentials_of(request);
  EXPECT_TRUE(credentials.other_authorization);
  EXPECT_FALSE(credentials.session);
  EXPECT_FALSE(has_credentials(credentials));
}

}  // namespace
}  // namespace buurtbot::api
