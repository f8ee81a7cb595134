// The Matrix types against the spec's own examples: read, written back, and read again the same.
#include "adapters/matrix/types.hpp"

#include "tests/adapters/matrix/fixtures.hpp"

#include <gtest/gtest.h>

namespace buurtbot::adapters::matrix {
namespace {

using nlohmann::json;
using testing::event;

TEST(MatrixTypes, AClientEventRoundTrips) {
  for (const char* name : {"event_text.json", "event_image.json", "event_member_invite.json", "event_encryption.json"}) {
    const json raw = event(name);
    const auto parsed = raw.get<ClientEvent>();
    const json written = parsed;
    EXPECT_EQ(written.get<ClientEvent>().event_id, parsed.event_id) << name;
    EXPECT_EQ(written["content"], raw["content"]) << name;
    EXPECT_EQ(written.contains("state_key"), raw.contains("state_key")) << name << ": state events are told apart by state_key";
  }
}

TEST(MatrixTypes, MessageContentsKeepTheirFields) {
  for (const char* name : {"event_text.json", "event_notice.json", "event_file.json"}) {
    const json content = event(name)["content"];
    const auto parsed = content.get<MessageContent>();
    const json written = parsed;
    for (const char* key : {"msgtype", "body", "format", "formatted_body", "url", "filename"}) {
      EXPECT_EQ(written.contains(key), content.contains(key)) << name << " " << key;
      if (content.contains(key)) EXPECT_EQ(written[key], content[key]) << name << " " << key;
    }
  }
  const auto image = event("event_image.json")["content"].get<MessageContent>();
  EXPECT_EQ(image.url, "mxc://example.org/JWEIFJgwEIhweiWJE");
}

TEST(MatrixTypes, AReplyRelationRoundTrips) {
  const json relates = {{"m.in_reply_to", {{"event_id", "$original:example.org"}}}};
  const auto parsed = relates.get<RelatesTo>();
  EXPECT_EQ(parsed.in_reply_to, "$original:example.org");
  EXPECT_EQ(json(parsed), relates);
}

TEST(MatrixTypes, MembershipAndErrorsRoundTrip) {
  const auto member = event("event_member_invite.json")["content"].get<MemberContent>();
  EXPECT_EQ(member.membership, "invite");
  EXPECT_FALSE(member.is_direct);
  const json limited = {{"errcode", "M_LIMIT_EXCEEDED"}, {"error", "Too many requests"}, {"retry_after_ms", 2000}};
  EXPECT_EQ(json(limited.get<MatrixError>()), limited);
}

// Found by the matrix_sync fuzz target: a timestamp of 7.35825e+36 was converted to a 64-bit integer,
// which is undefined behaviour. Whatever a homeserver or another server's event puts there, the event
// is read, and a number that is no whole number of milliseconds in range counts as none.
TEST(MatrixTypes, ATimestampThatIsNoWholeNumberInRangeCountsAsNone) {
  json raw = event("event_text.json");
  EXPECT_EQ(raw.get<ClientEvent>().origin_server_ts, 1432735824653);
  for (const json& timestamp : {json(7.35825e36), json(-1e300), json(1.5e19), json(18446744073709551615u),
                                json(1432735824653.5), json("1432735824653"), json::array()}) {
    raw["origin_server_ts"] = timestamp;
    EXPECT_EQ(raw.get<ClientEvent>().origin_server_ts, 0) << timestamp;
  }
}

TEST(MatrixTypes, ARetryAfterThatIsNoWholeNumberInRangeCountsAsNone) {
  EXPECT_EQ(json({{"retry_after_ms", 2000}}).get<MatrixError>().retry_after_ms, 2000);
  for (const json& wait : {json(1e300), json(-1e300), json(18446744073709551615u), json(0.5), json("2000")}) {
    EXPECT_EQ(json({{"retry_after_ms", wait}}).get<MatrixError>().retry_after_ms, std::nullopt) << wait;
  }
}

}  // namespace
}  // namespace buurtbot::adapters::matrix
